/** Plain 2-D geometry for boxes and frames; no tfjs, no DOM. */

/** Axis-aligned box in pixels: top-left corner, width, height. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Point {
  x: number;
  y: number;
}

/**
 * Where an image of w x h sits inside the square it is letterboxed into:
 * the square's side, and the padding added before the image on each axis.
 * Padding is split evenly so a face keeps its place relative to the centre.
 */
export interface Letterbox {
  side: number;
  padX: number;
  padY: number;
}

export function letterbox(width: number, height: number, margin = 0): Letterbox {
  if (!(width > 0 && height > 0)) throw new RangeError(`image size must be positive, got ${width}x${height}`);
  if (!(margin >= 0)) throw new RangeError(`margin must be >= 0, got ${margin}`);
  // `margin` adds that fraction of the longer side on every edge, so a face
  // that fills the photo still looks like a face in a scene to the detector.
  const side = Math.round(Math.max(width, height) * (1 + 2 * margin));
  return { side, padX: Math.floor((side - width) / 2), padY: Math.floor((side - height) / 2) };
}

/** Maps a point in 0..1 units of the letterboxed square back to image pixels. */
export function fromSquareUnits(p: Point, lb: Letterbox): Point {
  return { x: p.x * lb.side - lb.padX, y: p.y * lb.side - lb.padY };
}

export function area(b: Box): number {
  return Math.max(0, b.w) * Math.max(0, b.h);
}

export function intersection(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

export function iou(a: Box, b: Box): number {
  const i = intersection(a, b);
  const u = area(a) + area(b) - i;
  return u > 0 ? i / u : 0;
}

export function center(b: Box): Point {
  return { x: b.x + b.w / 2, y: b.y + b.h / 2 };
}

/**
 * A square box around `b`, `scale` times its larger side, with its centre moved
 * down by `shiftY` times that side (BlazeFace boxes span eyes to mouth, so the
 * whole head needs a larger, slightly lower square).
 */
export function squareAround(b: Box, scale: number, shiftY = 0): Box {
  const side = Math.max(b.w, b.h) * scale;
  const c = center(b);
  return { x: c.x - side / 2, y: c.y - side / 2 + shiftY * side, w: side, h: side };
}

export function clipBox(b: Box, width: number, height: number): Box {
  const x0 = Math.max(0, Math.min(width, b.x));
  const y0 = Math.max(0, Math.min(height, b.y));
  const x1 = Math.max(0, Math.min(width, b.x + b.w));
  const y1 = Math.max(0, Math.min(height, b.y + b.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** Box normalised to 0..1 of the image, as [y1, x1, y2, x2] (tf.image.cropAndResize order). */
export function toCropBox(b: Box, width: number, height: number): [number, number, number, number] {
  return [b.y / height, b.x / width, (b.y + b.h) / height, (b.x + b.w) / width];
}

export function parseBox(text: string): Box | undefined {
  const parts = text.trim().split(/\s+/).map(Number);
  if (parts.length !== 4 || parts.some((v) => !Number.isFinite(v))) return undefined;
  const [x, y, w, h] = parts;
  return w > 0 && h > 0 ? { x, y, w, h } : undefined;
}

/** A face box with the tilt of its eye line (radians, image coordinates: positive turns clockwise on screen). */
export interface FaceBox extends Box {
  angle?: number;
}

/** Beyond this the keypoints are more likely wrong than the head that tilted: no rotation. */
export const MAX_ALIGN_ANGLE = Math.PI / 4;

/**
 * Tilt of the line from the subject's right eye (image left) to the left eye;
 * 0 when the eyes are level, missing, or the tilt is implausible.
 */
export function eyeAngle(rightEye: Point | undefined, leftEye: Point | undefined): number {
  if (!rightEye || !leftEye) return 0;
  const dx = leftEye.x - rightEye.x;
  const dy = leftEye.y - rightEye.y;
  if (!(Math.hypot(dx, dy) > 0)) return 0;
  const a = Math.atan2(dy, dx);
  return Math.abs(a) <= MAX_ALIGN_ANGLE ? a : 0;
}

/** Rotates `p` by `angle` about `origin`. */
export function rotateAbout(p: Point, origin: Point, angle: number): Point {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const dx = p.x - origin.x;
  const dy = p.y - origin.y;
  return { x: origin.x + c * dx - s * dy, y: origin.y + s * dx + c * dy };
}

/**
 * An aligned crop: the square a crop rule cuts, turned by the face's angle
 * (the shift goes along the face's own "down"). `center` is in image pixels,
 * `side` its side; sampling the image along this square gives a level face.
 */
export interface OrientedSquare {
  center: Point;
  side: number;
  angle: number;
}

export function orientedSquare(b: FaceBox, scale: number, shiftY = 0): OrientedSquare {
  const side = Math.max(b.w, b.h) * scale;
  const c = center(b);
  const angle = b.angle ?? 0;
  // Down in the face's frame is (0, 1) turned by the angle.
  const shift = shiftY * side;
  return { center: { x: c.x - Math.sin(angle) * shift, y: c.y + Math.cos(angle) * shift }, side, angle };
}

/**
 * tf.image.transform's 8 numbers mapping output pixel (x, y) of a `size` crop
 * to a pixel index of an axis-aligned patch whose pixel j samples image pixel
 * index `patchOrigin + j * patchStep` (tf.image.cropAndResize's sampling).
 * Output pixel centres sample the oriented square.
 */
export function orientedTransform(
  sq: OrientedSquare,
  size: number,
  patchOrigin: Point,
  patchStep: number,
): [number, number, number, number, number, number, number, number] {
  const k = sq.side / size; // image pixels per output pixel
  const c = Math.cos(sq.angle) * k;
  const s = Math.sin(sq.angle) * k;
  // Image point of output pixel (x, y): centre + R * ((x + 0.5, y + 0.5) - size/2) * k.
  const ox = -(size / 2) + 0.5;
  const oy = -(size / 2) + 0.5;
  const ix = sq.center.x + c * ox - s * oy;
  const iy = sq.center.y + s * ox + c * oy;
  // Continuous coordinate v is pixel index v - 0.5; then into patch indices.
  const toPatch = (v: number, o: number) => (v - 0.5 - o) / patchStep;
  const a = c / patchStep;
  const b = s / patchStep;
  return [a, -b, toPatch(ix, patchOrigin.x), b, a, toPatch(iy, patchOrigin.y), 0, 0];
}
