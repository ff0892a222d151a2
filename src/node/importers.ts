/**
 * Reads a labelled face folder in one of two layouts:
 * - the shared manifest: `<dir>/manifest.csv` (see ../shared/data/README.md);
 * - the competition's: `<dir>/train/train.csv` (id,gender,race,age,path) with
 *   `<dir>/train/images/<path>/{mask1..mask5,incorrect_mask,normal}.<ext>`.
 * Bad rows and missing files are reported with file and line; good rows go on.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ageToGroup, type MaskState } from '../core/classes';
import { readCsvRows } from '../core/csvRows';
import { parseManifest, type FaceRecord, type ImportIssue, type ImportResult } from '../core/manifest';

export type Layout = 'manifest' | 'competition';

export class DatasetError extends Error {
  override name = 'DatasetError';
}

export function detectLayout(dir: string): Layout {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new DatasetError(`data folder "${dir}" does not exist`);
  if (existsSync(join(dir, 'manifest.csv'))) return 'manifest';
  if (existsSync(join(dir, 'train', 'train.csv'))) return 'competition';
  if (existsSync(join(dir, 'train.csv')) && existsSync(join(dir, 'images'))) {
    throw new DatasetError(`"${dir}" looks like the competition's train/ folder itself: pass its parent folder`);
  }
  throw new DatasetError(
    `"${dir}" fits neither layout: expected ${join(dir, 'manifest.csv')} or ${join(dir, 'train', 'train.csv')} with train/images/`,
  );
}

/** Paths in the returned records are absolute. */
export function importDataset(dir: string): ImportResult & { layout: Layout } {
  const layout = detectLayout(dir);
  const result = layout === 'manifest' ? importManifest(dir) : importCompetition(dir);
  return { ...result, layout };
}

export function importManifest(dir: string): ImportResult {
  const file = join(dir, 'manifest.csv');
  const { records, issues } = parseManifest(readFileSync(file, 'utf8'), file);
  const present: FaceRecord[] = [];
  for (const r of records) {
    const abs = join(dir, r.path);
    if (existsSync(abs)) present.push({ ...r, path: abs });
    else issues.push({ origin: r.origin, message: `file not found: ${abs}` });
  }
  return { records: present, issues };
}

const COMPETITION_FILES: Record<string, MaskState> = {
  mask1: 'wear',
  mask2: 'wear',
  mask3: 'wear',
  mask4: 'wear',
  mask5: 'wear',
  incorrect_mask: 'incorrect',
  normal: 'not_wear',
};
const IMAGE_EXT = /\.(jpe?g|png)$/i;

export function importCompetition(dir: string): ImportResult {
  const csvFile = join(dir, 'train', 'train.csv');
  const imagesDir = join(dir, 'train', 'images');
  // Line numbers from the parser's position: blank lines are skipped, so "row index + 2" would drift.
  const { fields, rows } = readCsvRows(readFileSync(csvFile, 'utf8'));
  const issues: ImportIssue[] = [];
  const records: FaceRecord[] = [];
  const missing = ['id', 'gender', 'age', 'path'].filter((c) => !fields.includes(c));
  if (missing.length > 0) {
    return { records, issues: [{ origin: `${csvFile}:1`, message: `missing column(s) ${missing.join(', ')}` }] };
  }
  rows.forEach(({ data: row, line }) => {
    const origin = `${csvFile}:${line}`;
    const gender = row.gender?.trim().toLowerCase();
    const age = Number(row.age);
    const folder = row.path?.trim();
    if (gender !== 'male' && gender !== 'female') return issues.push({ origin, message: `bad gender "${row.gender}"` });
    if (!row.age?.trim() || !Number.isFinite(age) || age < 0 || age > 130) {
      return issues.push({ origin, message: `bad age "${row.age}"` });
    }
    if (!folder) return issues.push({ origin, message: 'empty path' });
    const personDir = join(imagesDir, folder);
    if (!existsSync(personDir)) return issues.push({ origin, message: `folder not found: ${personDir}` });
    const found = new Set<string>();
    for (const name of readdirSync(personDir)) {
      if (name.startsWith('._') || !IMAGE_EXT.test(name)) continue;
      const stem = name.replace(IMAGE_EXT, '');
      const mask = COMPETITION_FILES[stem];
      if (!mask) continue;
      found.add(stem);
      records.push({
        path: join(personDir, name),
        source: 'competition',
        subject: `competition-${row.id?.trim() || folder}`,
        mask,
        gender,
        age,
        ageGroup: ageToGroup(age),
        quality: 'annotated',
        origin: `${origin} (${relative(dir, join(personDir, name))})`,
      });
    }
    const absent = Object.keys(COMPETITION_FILES).filter((s) => !found.has(s));
    if (absent.length > 0) issues.push({ origin, message: `${personDir}: no image for ${absent.join(', ')}` });
  });
  return { records, issues };
}
