/**
 * Where a drawn mask goes, from the 468 facemesh landmarks (MediaPipe's
 * canonical numbering). Pure geometry: the renderer fills these outlines.
 */
import { rotateAbout, type Point } from './geometry';

/**
 * How the mask sits: over nose and mouth, under the nose, pulled down to the
 * chin, or hanging from one ear (the other loop off, the mask swung down).
 */
export type MaskPlacement = 'wear' | 'below_nose' | 'on_chin' | 'off_ear';

/** The mask state label each placement produces. */
export const PLACEMENT_LABEL: Record<MaskPlacement, 'wear' | 'incorrect'> = {
  wear: 'wear',
  below_nose: 'incorrect',
  on_chin: 'incorrect',
  off_ear: 'incorrect',
};

/** The placements that give a wrongly worn mask, in the order samples pick them by seed. */
export const INCORRECT_PLACEMENTS: readonly MaskPlacement[] = ['below_nose', 'on_chin', 'off_ear'];

/** Which ear a mask hangs from when `off_ear`: the subject's right (image left) or left. */
export type HangSide = 'right' | 'left';

/** How far a mask hanging from one ear swings down, radians. */
export const OFF_EAR_SWING = (32 * Math.PI) / 180;

// Lower face oval from the subject's right cheek (image left) round the chin
// to the left cheek, top to bottom on each side.
const RIGHT_OVAL = [93, 132, 58, 172, 136, 150, 149, 176, 148];
const CHIN = 152;
const LEFT_OVAL = [377, 400, 378, 379, 365, 397, 288, 361, 323];

/** Named landmarks the tests and the renderer rely on. */
export const LM = {
  noseTip: 1,
  noseBridge: 6,
  belowNose: 2,
  upperLip: 0,
  mouthCentre: 13,
  lowerLip: 17,
  chinTip: 152,
  chin: 199,
  rightEar: 234,
  leftEar: 454,
  rightEyeOuter: 33,
  leftEyeOuter: 263,
} as const;

/** Top edge of the mask, image left to image right, per placement. */
const TOP_EDGE: Record<Exclude<MaskPlacement, 'off_ear'>, number[]> = {
  // Over the bridge of the nose, down the cheeks under the eyes.
  wear: [93, 117, 197, 346, 323],
  // Just under the nose: nostrils and tip stay out.
  below_nose: [132, 206, 164, 426, 361],
  // Under the lower lip: only the chin is covered.
  on_chin: [172, 204, 18, 424, 397],
};

/** Oval points that lie below each placement's top edge. */
function sideRange(p: Exclude<MaskPlacement, 'off_ear'>): { right: number[]; left: number[] } {
  const from = p === 'wear' ? 0 : p === 'below_nose' ? 1 : 3;
  return { right: RIGHT_OVAL.slice(from + 1), left: LEFT_OVAL.slice(0, LEFT_OVAL.length - from - 1) };
}

/**
 * The mask's outline as a closed polygon in image pixels. The lower part
 * follows the jaw, pushed out by `spread` (fraction of the face width) so the
 * fabric stands off the skin and hangs a little under the chin.
 */
export function maskOutline(
  landmarks: readonly Point[],
  placement: MaskPlacement,
  spread = 0.04,
  hangSide: HangSide = 'left',
): Point[] {
  if (landmarks.length < 468) throw new RangeError(`need 468 landmarks, got ${landmarks.length}`);
  if (placement === 'off_ear') {
    // Worn under the nose, then swung down about the ear that still holds it.
    const pivot = landmarks[hangSide === 'left' ? LM.leftEar : LM.rightEar];
    const angle = hangSide === 'left' ? -OFF_EAR_SWING : OFF_EAR_SWING;
    return maskOutline(landmarks, 'below_nose', spread).map((p) => rotateAbout(p, pivot, angle));
  }
  const faceWidth = dist(landmarks[LM.rightEar], landmarks[LM.leftEar]);
  const centre = landmarks[LM.noseTip];
  const push = (i: number, extra = 1): Point => {
    const p = landmarks[i];
    const dx = p.x - centre.x;
    const dy = p.y - centre.y;
    const len = Math.hypot(dx, dy) || 1;
    const d = spread * faceWidth * extra;
    return { x: p.x + (dx / len) * d, y: p.y + (dy / len) * d };
  };
  const { right, left } = sideRange(placement);
  const top = TOP_EDGE[placement].map((i) => ({ ...landmarks[i] }));
  // A mask on the chin is stretched below it, onto the neck.
  const hang = placement === 'on_chin' ? 3 : 1;
  const bottom = [...right.map((i) => push(i, hang)), push(CHIN, hang * 1.5), ...left.map((i) => push(i, hang))];
  // Top edge runs left to right, then down the left side, under the chin and up the right side.
  return [...top, ...bottom.reverse()];
}

/** Even-odd point-in-polygon test. */
export function contains(polygon: readonly Point[], p: Point): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i];
    const b = polygon[j];
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

export function dist(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/**
 * Ear-loop anchor points: mask corners to the ears. A mask off one ear keeps
 * only the loop on the side it hangs from; the other loop dangles below its corner.
 */
export function earLoops(
  landmarks: readonly Point[],
  outline: readonly Point[],
  placement: MaskPlacement = 'wear',
  hangSide: HangSide = 'left',
): [Point, Point][] {
  const first = outline[0];
  const lastTop = outline[4];
  const right: [Point, Point] = [first, landmarks[LM.rightEar]];
  const left: [Point, Point] = [lastTop, landmarks[LM.leftEar]];
  if (placement !== 'off_ear') return [right, left];
  const faceWidth = dist(landmarks[LM.rightEar], landmarks[LM.leftEar]);
  const free = hangSide === 'left' ? first : lastTop;
  const dangling: [Point, Point] = [free, { x: free.x, y: free.y + faceWidth * 0.35 }];
  return [hangSide === 'left' ? left : right, dangling];
}
