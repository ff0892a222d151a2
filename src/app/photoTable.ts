/**
 * The photo results as rows: one per face, or one per photo that has no face
 * or failed. The CSV uses stable codes (not translated words) so a
 * spreadsheet reads the same whatever the UI language was. A head the
 * ensemble is not sure of says `unsure`; its best guess stays in the
 * `*_guess` column (filled for every face, sure or not).
 */
import type { AppErrorCode, AppErrorData } from '../core/appError';
import { HEADS, type Head } from '../core/classes';
import type { PhotoErrorCode } from './fileCheck';
import type { FaceView } from './labels';
import type { PhotoItem } from './store/photos';

export const CSV_HEADER = [
  'file',
  'face',
  'x',
  'y',
  'width',
  'height',
  'mask',
  'gender',
  'age_group',
  'members',
  'mask_votes',
  'gender_votes',
  'age_group_votes',
  'mask_confidence',
  'gender_confidence',
  'age_group_confidence',
  'mask_guess',
  'gender_guess',
  'age_group_guess',
  'error',
] as const;

export type CsvRow = (string | number)[];

const CSV_ERROR: Partial<Record<AppErrorCode, PhotoErrorCode>> = {
  'photo-empty': 'empty',
  'photo-not-image': 'not_image',
  'photo-too-large': 'too_large',
  'photo-too-many-pixels': 'too_many_pixels',
  'photo-damaged': 'corrupt',
};

/** A photo's error as the CSV's stable code (the codes it had before errors carried parameters). */
export function csvErrorCode(error: AppErrorData): PhotoErrorCode {
  return CSV_ERROR[error.code] ?? 'analysis';
}

const px = (v: number) => Math.round(v);

const guess = (f: FaceView, h: Head): string => (h === 'mask' ? f.mask : h === 'gender' ? f.gender : f.age);

function faceCells(f: FaceView): CsvRow {
  return [
    ...HEADS.map((h) => (f.heads[h].unsure ? 'unsure' : guess(f, h))),
    f.total,
    ...HEADS.map((h) => f.heads[h].votes),
    ...HEADS.map((h) => f.heads[h].confidence.toFixed(2)),
    ...HEADS.map((h) => guess(f, h)),
  ];
}

export function photoCsvRows(photos: readonly PhotoItem[]): CsvRow[] {
  const rows: CsvRow[] = [[...CSV_HEADER]];
  const blank = CSV_HEADER.length - 2;
  for (const p of photos) {
    if (p.status === 'pending') continue;
    if (p.status === 'error' || p.faces.length === 0) {
      rows.push([
        p.name,
        ...new Array<string>(blank).fill(''),
        p.error ? csvErrorCode(p.error) : p.tooSmall > 0 ? 'faces_too_small' : 'no_face',
      ]);
      continue;
    }
    p.faces.forEach((f, i) => {
      rows.push([p.name, i + 1, px(f.box.x), px(f.box.y), px(f.box.w), px(f.box.h), ...faceCells(f), '']);
    });
  }
  return rows;
}
