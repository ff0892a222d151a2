/**
 * The photo results as rows: one per face, or one per photo that has no face
 * or failed. The CSV uses stable codes (not translated words) so a
 * spreadsheet reads the same whatever the UI language was.
 */
import { percent } from './labels';
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
  'agreement',
  'members',
  'confidence',
  'error',
] as const;

export type CsvRow = (string | number)[];

const px = (v: number) => Math.round(v);

export function photoCsvRows(photos: readonly PhotoItem[]): CsvRow[] {
  const rows: CsvRow[] = [[...CSV_HEADER]];
  for (const p of photos) {
    if (p.status === 'pending') continue;
    if (p.status === 'error' || p.faces.length === 0) {
      rows.push([
        p.name,
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        p.error ?? (p.tooSmall > 0 ? 'faces_too_small' : 'no_face'),
      ]);
      continue;
    }
    p.faces.forEach((f, i) => {
      rows.push([
        p.name,
        i + 1,
        px(f.box.x),
        px(f.box.y),
        px(f.box.w),
        px(f.box.h),
        f.mask,
        f.gender,
        f.age,
        f.agreement,
        f.total,
        (percent(f.confidence) / 100).toFixed(2),
        '',
      ]);
    });
  }
  return rows;
}
