/**
 * Faces too small to label. The detector keeps boxes from `minFacePx` (12 px)
 * up, but faces about 10-14 px across come back as 13-17 px boxes whose labels
 * are guesses (1-2 of 5 models agreeing, 11-25% sure, measured on UTKFace faces
 * shrunk that far). The app does not label a face whose box is under
 * MIN_LABEL_PX in the pixels it analysed; it says how many it left out.
 */
import type { Box } from './geometry';

export const MIN_LABEL_PX = 20;

export function splitBySize<T extends { detection: { box: Box } }>(
  results: readonly T[],
  minPx = MIN_LABEL_PX,
): { checked: T[]; tooSmall: number } {
  const checked = results.filter((r) => Math.min(r.detection.box.w, r.detection.box.h) >= minPx);
  return { checked, tooSmall: results.length - checked.length };
}
