/**
 * predictions.csv of an eval run: one row per scored face with its file, box,
 * truth, every model's answer per head (members, votes, baselines), the
 * vote's confidence and "not sure" per head. Labels are written as words.
 */
import Papa from 'papaparse';
import { HEADS, HEAD_LABELS, type Head } from './classes';
import type { HeadLabels } from './evaluation';
import type { ScoredFace } from './scoredFace';

const word = (l: HeadLabels | undefined, h: Head) => (l?.[h] === undefined ? '' : HEAD_LABELS[h][l[h]!]);
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Members first (in ensemble order), then the other models as they first appear. */
export function predictionModels(rows: readonly ScoredFace[]): string[] {
  const members = rows.length > 0 ? Object.keys(rows[0].memberProbs) : [];
  const rest = [...new Set(rows.flatMap((r) => Object.keys(r.predictions)))].filter((m) => !members.includes(m));
  return [...members, ...rest];
}

export function predictionColumns(models: readonly string[]): string[] {
  return [
    'file',
    'source',
    'size',
    'x',
    'y',
    'w',
    'h',
    'truth_age_years',
    ...HEADS.map((h) => `truth_${h}`),
    ...models.flatMap((m) => HEADS.map((h) => `${m}_${h}`)),
    'agreement',
    'confidence',
    ...HEADS.map((h) => `${h}_votes`),
    ...HEADS.map((h) => `${h}_confidence`),
    ...HEADS.map((h) => `${h}_unsure`),
  ];
}

export function predictionsCsv(rows: readonly ScoredFace[]): string {
  const models = predictionModels(rows);
  const data = rows.map((r) => [
    r.file,
    r.source,
    r.size,
    round(r.box.x, 1),
    round(r.box.y, 1),
    round(r.box.w, 1),
    round(r.box.h, 1),
    r.ageYears ?? '',
    ...HEADS.map((h) => word(r.truth, h)),
    ...models.flatMap((m) => HEADS.map((h) => word(r.predictions[m], h))),
    `${r.vote.agreement}/${r.vote.total}`,
    round(r.vote.confidence, 4),
    ...HEADS.map((h) => r.vote.heads[h].votes),
    ...HEADS.map((h) => round(r.vote.heads[h].confidence, 4)),
    ...HEADS.map((h) => r.vote.unsure[h]),
  ]);
  return Papa.unparse({ fields: predictionColumns(models), data }, { newline: '\n' });
}
