/**
 * The 18-class label codec: class = 6 * mask + 3 * gender + age.
 * Pure data, shared by the trainer, the evaluator and the app.
 */
export const MASK_STATES = ['wear', 'incorrect', 'not_wear'] as const;
export const GENDERS = ['male', 'female'] as const;
export const AGE_GROUPS = ['<30', '30-59', '>=60'] as const;

export type MaskState = (typeof MASK_STATES)[number];
export type Gender = (typeof GENDERS)[number];
export type AgeGroup = (typeof AGE_GROUPS)[number];

/** The three heads every member predicts; one label each. */
export const HEADS = ['mask', 'gender', 'age'] as const;
export type Head = (typeof HEADS)[number];
export const HEAD_SIZES: Record<Head, number> = { mask: 3, gender: 2, age: 3 };
export const HEAD_LABELS: Record<Head, readonly string[]> = {
  mask: MASK_STATES,
  gender: GENDERS,
  age: AGE_GROUPS,
};

export const NUM_CLASSES = 18;

export interface FaceLabel {
  mask: MaskState;
  gender: Gender;
  age: AgeGroup;
}

/** Indices into MASK_STATES, GENDERS, AGE_GROUPS. */
export interface HeadIndices {
  mask: number;
  gender: number;
  age: number;
}

export function encodeClass(label: FaceLabel): number {
  return encodeIndices({
    mask: MASK_STATES.indexOf(label.mask),
    gender: GENDERS.indexOf(label.gender),
    age: AGE_GROUPS.indexOf(label.age),
  });
}

export function encodeIndices(idx: HeadIndices): number {
  if (!inRange(idx.mask, 3) || !inRange(idx.gender, 2) || !inRange(idx.age, 3)) {
    throw new RangeError(`head indices out of range: ${JSON.stringify(idx)}`);
  }
  return 6 * idx.mask + 3 * idx.gender + idx.age;
}

export function decodeIndices(classId: number): HeadIndices {
  if (!Number.isInteger(classId) || classId < 0 || classId >= NUM_CLASSES) {
    throw new RangeError(`class id must be an integer in 0..17, got ${classId}`);
  }
  return { mask: Math.floor(classId / 6), gender: Math.floor((classId % 6) / 3), age: classId % 3 };
}

export function decodeClass(classId: number): FaceLabel {
  const i = decodeIndices(classId);
  return { mask: MASK_STATES[i.mask], gender: GENDERS[i.gender], age: AGE_GROUPS[i.age] };
}

/** The competition's age groups: under 30, 30 to 59, 60 and over. */
export function ageToGroup(age: number): AgeGroup {
  if (!Number.isFinite(age) || age < 0) throw new RangeError(`age must be a non-negative number, got ${age}`);
  return age < 30 ? '<30' : age < 60 ? '30-59' : '>=60';
}

export function className(classId: number): string {
  const l = decodeClass(classId);
  return `${l.mask}/${l.gender}/${l.age}`;
}

function inRange(v: number, n: number): boolean {
  return Number.isInteger(v) && v >= 0 && v < n;
}
