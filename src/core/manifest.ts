/**
 * Parses the shared data manifest (`manifest.csv`) into typed rows.
 * Bad rows are reported with their line number and skipped; good rows go on.
 */
import { readCsvRows } from './csvRows';
import { AGE_GROUPS, GENDERS, MASK_STATES, ageToGroup, type AgeGroup, type Gender, type MaskState } from './classes';
import { parseBox, type Box } from './geometry';

/** One labelled face. Missing labels stay undefined: heads learn from what is there. */
export interface FaceRecord {
  path: string;
  source: string;
  subject: string;
  mask?: MaskState;
  gender?: Gender;
  age?: number;
  ageGroup?: AgeGroup;
  quality: string;
  box?: Box;
  /** Where the row came from, for messages: "file:line". */
  origin: string;
}

export interface ImportIssue {
  origin: string;
  message: string;
}

export interface ImportResult {
  records: FaceRecord[];
  issues: ImportIssue[];
}

export const MANIFEST_COLUMNS = ['path', 'source', 'subject', 'mask', 'gender', 'age', 'age_group', 'quality', 'box'];

export function parseManifest(text: string, fileName = 'manifest.csv'): ImportResult {
  const { fields, rows } = readCsvRows(text);
  const missing = ['path', 'subject'].filter((c) => !fields.includes(c));
  if (missing.length > 0) {
    return { records: [], issues: [{ origin: `${fileName}:1`, message: `missing column(s) ${missing.join(', ')}` }] };
  }
  const issues: ImportIssue[] = [];
  const records: FaceRecord[] = [];
  for (const row of rows) {
    const origin = `${fileName}:${row.line}`;
    // A row with the wrong number of fields or broken quotes has its columns
    // shifted: report it and skip it rather than trust any of its values.
    const r = row.errors.length > 0 ? row.errors.join('; ') : parseRow(row.data, origin);
    if (typeof r === 'string') issues.push({ origin, message: r });
    else records.push(r);
  }
  return { records, issues };
}

function parseRow(row: Record<string, string>, origin: string): FaceRecord | string {
  const path = row.path?.trim();
  const subject = row.subject?.trim();
  if (!path) return 'empty path';
  if (!subject) return 'empty subject';
  const mask = optionalOf(row.mask, MASK_STATES, 'mask');
  const gender = optionalOf(row.gender, GENDERS, 'gender');
  if (typeof mask === 'object') return mask.error;
  if (typeof gender === 'object') return gender.error;
  let age: number | undefined;
  let ageGroup: AgeGroup | undefined;
  const ageText = row.age?.trim();
  if (ageText) {
    age = Number(ageText);
    if (!Number.isFinite(age) || age < 0 || age > 130) return `bad age "${row.age}"`;
    ageGroup = ageToGroup(age);
  }
  const groupText = row.age_group?.trim();
  if (groupText) {
    if (!(AGE_GROUPS as readonly string[]).includes(groupText)) return `bad age_group "${groupText}"`;
    if (ageGroup && ageGroup !== groupText) return `age ${age} does not fall in age_group "${groupText}"`;
    ageGroup = groupText as AgeGroup;
  }
  let box: Box | undefined;
  if (row.box?.trim()) {
    box = parseBox(row.box);
    if (!box) return `bad box "${row.box}" (want "x y w h")`;
  }
  if (!mask && !gender && !ageGroup) return 'no label at all (mask, gender and age are empty)';
  return {
    path,
    source: row.source?.trim() || 'unknown',
    subject,
    mask,
    gender,
    age,
    ageGroup,
    quality: row.quality?.trim() ?? '',
    box,
    origin,
  };
}

function optionalOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  name: string,
): T | undefined | { error: string } {
  const v = value?.trim();
  if (!v) return undefined;
  if ((allowed as readonly string[]).includes(v)) return v as T;
  return { error: `bad ${name} "${v}" (want one of ${allowed.join(', ')})` };
}
