/** Matching labelled face boxes to detections, for detector recall and false boxes. */
import { iou, type Box } from './geometry';
import { containment } from './faceSelect';

export interface MatchResult {
  /** For each labelled box, the index of its detection, or -1 if missed. */
  truthToDetection: number[];
  /** Detections that match no labelled box. */
  unmatched: number[];
}

/**
 * Greedy one-to-one matching, best IoU first, among pairs whose overlap
 * relative to the smaller box reaches `minContainment` (labelled boxes and
 * BlazeFace boxes frame a face differently, so plain IoU is too strict).
 */
export function matchDetections(truth: readonly Box[], detections: readonly Box[], minContainment = 0.5): MatchResult {
  const pairs: { t: number; d: number; v: number }[] = [];
  truth.forEach((tb, t) =>
    detections.forEach((db, d) => {
      if (containment(tb, db) >= minContainment) pairs.push({ t, d, v: iou(tb, db) });
    }),
  );
  pairs.sort((a, b) => b.v - a.v);
  const truthToDetection = new Array<number>(truth.length).fill(-1);
  const used = new Set<number>();
  for (const p of pairs) {
    if (truthToDetection[p.t] >= 0 || used.has(p.d)) continue;
    truthToDetection[p.t] = p.d;
    used.add(p.d);
  }
  return { truthToDetection, unmatched: detections.map((_, i) => i).filter((i) => !used.has(i)) };
}

export const SIZE_BUCKETS = ['<24', '24-48', '48-96', '>=96'] as const;
export type SizeBucket = (typeof SIZE_BUCKETS)[number];

/** Face size class by the shorter side of its box, in pixels. */
export function sizeBucket(b: Box): SizeBucket {
  const s = Math.min(b.w, b.h);
  return s < 24 ? '<24' : s < 48 ? '24-48' : s < 96 ? '48-96' : '>=96';
}
