/**
 * BlazeFace anchor generation and raw-output decoding, on plain typed arrays
 * so it can be tested with hand-built numbers and shared by every backend.
 *
 * Each anchor row holds: score logit, cx, cy, w, h, then 6 keypoints (x, y),
 * all in input pixels, with centres relative to the anchor centre.
 */
import type { Box, Point } from './geometry';

export interface AnchorLayout {
  /** Input side in pixels (the model takes a square). */
  inputSize: number;
  /** One entry per feature map: its stride in pixels and anchors per cell. */
  layers: readonly { stride: number; anchorsPerCell: number }[];
}

/** MediaPipe short-range face detector: 128 px, 896 anchors. */
export const SHORT_RANGE: AnchorLayout = {
  inputSize: 128,
  layers: [
    { stride: 8, anchorsPerCell: 2 },
    { stride: 16, anchorsPerCell: 6 },
  ],
};

/** MediaPipe full-range face detector: 192 px, 2304 anchors. */
export const FULL_RANGE: AnchorLayout = {
  inputSize: 192,
  layers: [{ stride: 4, anchorsPerCell: 1 }],
};

/** Anchor centres in input pixels, in the order the model emits them. */
export function anchorCenters(layout: AnchorLayout): Float32Array {
  const count = layout.layers.reduce((n, l) => n + (layout.inputSize / l.stride) ** 2 * l.anchorsPerCell, 0);
  const out = new Float32Array(count * 2);
  let k = 0;
  for (const { stride, anchorsPerCell } of layout.layers) {
    const cells = layout.inputSize / stride;
    for (let row = 0; row < cells; row++) {
      for (let col = 0; col < cells; col++) {
        for (let a = 0; a < anchorsPerCell; a++) {
          out[k++] = stride * (col + 0.5);
          out[k++] = stride * (row + 0.5);
        }
      }
    }
  }
  return out;
}

export const ROW_SIZE = 17;
export const KEYPOINTS = ['rightEye', 'leftEye', 'nose', 'mouth', 'rightEar', 'leftEar'] as const;

/** A face candidate in 0..1 units of the (square) model input. */
export interface RawDetection {
  score: number;
  box: Box;
  keypoints: Point[];
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Decodes every anchor whose score passes `minScore`. Returns candidates in
 * 0..1 input units; overlap suppression is left to the caller (async NMS).
 */
export function decodeDetections(
  raw: Float32Array | number[],
  anchors: Float32Array,
  inputSize: number,
  minScore: number,
): RawDetection[] {
  const n = anchors.length / 2;
  if (raw.length !== n * ROW_SIZE) {
    throw new RangeError(`expected ${n} x ${ROW_SIZE} values, got ${raw.length}`);
  }
  const out: RawDetection[] = [];
  for (let i = 0; i < n; i++) {
    const o = i * ROW_SIZE;
    const score = sigmoid(raw[o]);
    if (score < minScore) continue;
    const ax = anchors[2 * i];
    const ay = anchors[2 * i + 1];
    const cx = ax + raw[o + 1];
    const cy = ay + raw[o + 2];
    const w = raw[o + 3];
    const h = raw[o + 4];
    if (!(w > 0 && h > 0)) continue;
    const keypoints: Point[] = [];
    for (let k = 0; k < KEYPOINTS.length; k++) {
      keypoints.push({ x: (ax + raw[o + 5 + 2 * k]) / inputSize, y: (ay + raw[o + 6 + 2 * k]) / inputSize });
    }
    out.push({
      score,
      box: { x: (cx - w / 2) / inputSize, y: (cy - h / 2) / inputSize, w: w / inputSize, h: h / inputSize },
      keypoints,
    });
  }
  return out;
}
