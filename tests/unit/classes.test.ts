import { describe, expect, it } from 'vitest';
import {
  AGE_GROUPS,
  GENDERS,
  MASK_STATES,
  NUM_CLASSES,
  ageToGroup,
  className,
  decodeClass,
  decodeIndices,
  encodeClass,
  encodeIndices,
  type FaceLabel,
} from '../../src/core/classes';

describe('class codec', () => {
  it('round-trips all 18 classes, in mask-major order', () => {
    const seen = new Set<number>();
    let expected = 0;
    for (const mask of MASK_STATES) {
      for (const gender of GENDERS) {
        for (const age of AGE_GROUPS) {
          const label: FaceLabel = { mask, gender, age };
          const id = encodeClass(label);
          expect(id).toBe(expected++);
          expect(decodeClass(id)).toEqual(label);
          expect(encodeIndices(decodeIndices(id))).toBe(id);
          seen.add(id);
        }
      }
    }
    expect(seen.size).toBe(NUM_CLASSES);
  });

  it.each([
    [0, 'wear/male/<30'],
    [4, 'wear/female/30-59'],
    [8, 'incorrect/male/>=60'],
    [17, 'not_wear/female/>=60'],
  ])('className(%i) is %s', (id, name) => {
    expect(className(id)).toBe(name);
  });

  it('decodes by hand-computed indices: 6 * mask + 3 * gender + age', () => {
    expect(decodeIndices(13)).toEqual({ mask: 2, gender: 0, age: 1 });
    expect(encodeIndices({ mask: 1, gender: 1, age: 2 })).toBe(11);
  });

  it.each([-1, 18, 1.5, Number.NaN, Infinity])('rejects class id %s', (id) => {
    expect(() => decodeIndices(id)).toThrow(RangeError);
    expect(() => decodeClass(id)).toThrow(/class id must be an integer in 0\.\.17/);
  });

  it.each([
    { mask: 3, gender: 0, age: 0 },
    { mask: 0, gender: 2, age: 0 },
    { mask: 0, gender: 0, age: 3 },
    { mask: -1, gender: 0, age: 0 },
    { mask: 0, gender: 0.5, age: 0 },
  ])('rejects head indices %o', (idx) => {
    expect(() => encodeIndices(idx)).toThrow(/head indices out of range/);
  });

  it('rejects unknown label strings', () => {
    expect(() => encodeClass({ mask: 'chin', gender: 'male', age: '<30' } as unknown as FaceLabel)).toThrow(RangeError);
  });
});

describe('ageToGroup', () => {
  it.each([
    [0, '<30'],
    [29.9, '<30'],
    [30, '30-59'],
    [59, '30-59'],
    [60, '>=60'],
    [116, '>=60'],
  ])('%d is %s', (age, group) => {
    expect(ageToGroup(age)).toBe(group);
  });

  it.each([-1, Number.NaN, Infinity])('rejects %s', (age) => {
    expect(() => ageToGroup(age)).toThrow(RangeError);
  });
});
