/**
 * Picks the detection that belongs to a labelled face: the one matching the
 * given box, or for a one-face photo the strongest face near the centre.
 */
import { area, center, intersection, iou, type Box } from './geometry';

export interface Scored {
  box: Box;
  score: number;
}

export type Selection = { box: Box; how: 'matched' | 'detected' | 'given' | 'fallback'; index: number };

/** Overlap relative to the smaller box: a given mask-region box inside a face box still matches. */
export function containment(a: Box, b: Box): number {
  const m = Math.min(area(a), area(b));
  return m > 0 ? intersection(a, b) / m : 0;
}

export function selectFace(
  detections: readonly Scored[],
  width: number,
  height: number,
  given?: Box,
  minContainment = 0.5,
): Selection {
  if (given) {
    let best = -1;
    for (let i = 0; i < detections.length; i++) {
      if (containment(detections[i].box, given) < minContainment) continue;
      if (best < 0 || iou(detections[i].box, given) > iou(detections[best].box, given)) best = i;
    }
    return best >= 0
      ? { box: detections[best].box, how: 'matched', index: best }
      : { box: given, how: 'given', index: -1 };
  }
  if (detections.length > 0) {
    // Score minus distance from the image centre (in half-diagonals): the subject, not a bystander.
    const half = Math.hypot(width, height) / 2;
    const rank = (d: Scored) => {
      const c = center(d.box);
      return d.score - Math.hypot(c.x - width / 2, c.y - height / 2) / half;
    };
    let best = 0;
    for (let i = 1; i < detections.length; i++) if (rank(detections[i]) > rank(detections[best])) best = i;
    return { box: detections[best].box, how: 'detected', index: best };
  }
  // Face-crop photos where nothing was detected: assume the face fills the middle.
  const side = Math.min(width, height) * 0.8;
  return { box: { x: (width - side) / 2, y: (height - side) / 2, w: side, h: side }, how: 'fallback', index: -1 };
}

/**
 * Drops boxes lying mostly inside a stronger box. Detectors with different
 * framings (full and short range) leave a small box inside a large one on the
 * same face, which IoU-based NMS keeps; `items` must be sorted by score, best first.
 */
export function suppressContained<T extends Scored>(items: readonly T[], maxContainment: number): T[] {
  const kept: T[] = [];
  for (const it of items) if (!kept.some((k) => containment(k.box, it.box) > maxContainment)) kept.push(it);
  return kept;
}
