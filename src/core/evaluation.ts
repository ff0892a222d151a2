/**
 * Scores many models (members, the vote, baselines) on the same faces, per
 * head and for the 18 classes, over any grouping of the faces (all, real,
 * per source). Pure: the trainer and the evaluator feed it plain rows.
 */
import { HEADS, HEAD_LABELS, HEAD_SIZES, NUM_CLASSES, encodeIndices, type Head } from './classes';
import { scores, type Scores } from './metrics';

/** The sources whose real photos the wrongly-worn-mask targets are measured on. */
export const WRONGLY_WORN_SOURCES: readonly string[] = ['ilc2021', 'kaggle_facemask'];

export type HeadLabels = Partial<Record<Head, number>>;

export interface EvalRow {
  source: string;
  synthetic: boolean;
  truth: HeadLabels;
  /** True age in years where the data gives it (for the per-age breakdown). */
  ageYears?: number;
  /** Prediction per model name; a model may predict only some heads (a baseline). */
  predictions: Record<string, HeadLabels>;
}

export type Task = Head | 'class18';
export const TASKS: readonly Task[] = [...HEADS, 'class18'];

export type ModelScores = Partial<Record<Task, Scores>>;

function class18(l: HeadLabels): number | undefined {
  return l.mask !== undefined && l.gender !== undefined && l.age !== undefined
    ? encodeIndices({ mask: l.mask, gender: l.gender, age: l.age })
    : undefined;
}

function label(l: HeadLabels, task: Task): number | undefined {
  return task === 'class18' ? class18(l) : l[task];
}

/** Scores of every model on `rows`, for each task where both truth and prediction exist. */
export function scoreModels(rows: readonly EvalRow[]): Record<string, ModelScores> {
  const models = [...new Set(rows.flatMap((r) => Object.keys(r.predictions)))];
  const out: Record<string, ModelScores> = {};
  for (const m of models) {
    out[m] = {};
    for (const task of TASKS) {
      const truth: number[] = [];
      const pred: number[] = [];
      for (const r of rows) {
        const t = label(r.truth, task);
        const p = r.predictions[m] ? label(r.predictions[m], task) : undefined;
        if (t === undefined || p === undefined) continue;
        truth.push(t);
        pred.push(p);
      }
      if (truth.length > 0) out[m][task] = scores(truth, pred, task === 'class18' ? NUM_CLASSES : HEAD_SIZES[task]);
    }
  }
  return out;
}

/** Named subsets: all faces, real photos only, and each source. */
export function groupRows<R extends EvalRow>(rows: readonly R[]): Record<string, R[]> {
  const groups: Record<string, R[]> = { all: [...rows], real: rows.filter((r) => !r.synthetic) };
  for (const r of rows) (groups[`source:${r.source}`] ??= []).push(r);
  return groups;
}

/** Age bands for the breakdown: children apart, since their gender is the hardest to read. */
export const AGE_BANDS = [
  { name: '0-9', min: 0, max: 9 },
  { name: '10-29', min: 10, max: 29 },
  { name: '30-59', min: 30, max: 59 },
  { name: '60+', min: 60, max: Infinity },
] as const;

/** Rows by true age band (`age:0-9`, ...), only for rows whose age in years is known. */
export function ageBandRows<R extends EvalRow>(rows: readonly R[]): Record<string, R[]> {
  const out: Record<string, R[]> = {};
  // Keys in band order, so tables list the bands youngest first.
  for (const b of AGE_BANDS) out[`age:${b.name}`] = [];
  for (const r of rows) {
    if (r.ageYears === undefined) continue;
    const band = AGE_BANDS.find((b) => r.ageYears! >= b.min && r.ageYears! <= b.max);
    if (band) out[`age:${band.name}`].push(r);
  }
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v.length > 0));
}

/** Key of the rows whose true age is 10 or more: issue 13's gender target leaves young children out. */
export const AGED_10_PLUS = 'aged:10+';

/** The rows whose age in years is known and at least 10, under `AGED_10_PLUS` (none: no key). */
export function aged10PlusRows<R extends EvalRow>(rows: readonly R[]): Record<string, R[]> {
  const kept = rows.filter((r) => r.ageYears !== undefined && r.ageYears >= 10);
  return kept.length > 0 ? { [AGED_10_PLUS]: kept } : {};
}

export interface TaskSummary {
  n: number;
  accuracy: number;
  macroF1: number;
  /** Per-class counts (rows truth, columns answers); heads only, when asked for. */
  confusion?: { labels: readonly string[]; counts: number[][] };
}

export type ModelSummary = Partial<Record<Task, TaskSummary>>;

/**
 * Compact numbers for JSON reports and ensemble.json: no matrices unless
 * `confusion` is set, and then only for the heads (the 18-class matrix stays
 * in the pictures).
 */
export function summarize(
  s: Record<string, ModelScores>,
  options: { confusion?: boolean } = {},
): Record<string, ModelSummary> {
  const out: Record<string, ModelSummary> = {};
  for (const [m, tasks] of Object.entries(s)) {
    out[m] = {};
    for (const [t, v] of Object.entries(tasks) as [Task, Scores][]) {
      const entry: TaskSummary = { n: v.n, accuracy: round(v.accuracy), macroF1: round(v.macroF1) };
      if (options.confusion && t !== 'class18') entry.confusion = { labels: HEAD_LABELS[t], counts: v.confusion };
      out[m][t] = entry;
    }
  }
  return out;
}

function round(v: number): number {
  return Math.round(v * 10_000) / 10_000;
}
