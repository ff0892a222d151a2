/** Small numeric helpers shared by the bench page and the report. */
import type { Stats } from './types';

/** Nearest-rank percentile (p in 0..100) of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function summarize(values: readonly number[]): Stats {
  const n = values.length;
  return {
    n,
    median: median(values),
    p95: percentile(values, 95),
    mean: n ? values.reduce((a, b) => a + b, 0) / n : Number.NaN,
    min: n ? Math.min(...values) : Number.NaN,
    max: n ? Math.max(...values) : Number.NaN,
  };
}

/**
 * Runs `fn` up to `runs` times, stopping early once `budgetMs` has passed
 * (but never before `minRuns`). Returns each run's duration in ms.
 */
export async function timeRuns(
  fn: () => Promise<unknown>,
  runs: number,
  budgetMs: number,
  minRuns = 1,
  after?: () => void,
): Promise<number[]> {
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
    after?.();
    if (times.length >= minRuns && performance.now() - start > budgetMs) break;
  }
  return times;
}
