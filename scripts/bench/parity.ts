/**
 * Whether two runs of the same frames gave the same answers: every number a
 * frame's results carry (box, detector score, each member's probabilities),
 * flattened in a fixed order, and the largest difference between two runs.
 */
import { HEADS } from '../../src/core/classes';
import type { FaceResult } from '../../src/inference/ensemble';

export function resultNumbers(results: readonly FaceResult[]): number[] {
  return results.flatMap((r) => [
    r.detection.box.x,
    r.detection.box.y,
    r.detection.box.w,
    r.detection.box.h,
    r.detection.score,
    ...r.members.flatMap((m) => HEADS.flatMap((h) => Array.from(m[h]))),
  ]);
}

/** Largest absolute difference; Infinity when the runs differ in length (a face more or less). */
export function maxAbsDiff(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}
