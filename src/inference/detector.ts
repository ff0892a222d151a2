/**
 * Face detection with one or more BlazeFace models on a letterboxed frame.
 * Only async readbacks (`data()`, `nonMaxSuppressionAsync`): the synchronous
 * ones return zeros on WebGPU.
 */
import * as tf from '@tensorflow/tfjs';
import {
  FULL_RANGE,
  ROW_SIZE,
  SHORT_RANGE,
  anchorCenters,
  decodeDetections,
  type AnchorLayout,
} from '../core/blazeface';
import type { DetectorSpec } from '../core/ensembleSpec';
import { suppressContained } from '../core/faceSelect';
import {
  eyeAngle,
  fromSquareUnits,
  letterbox,
  type Box,
  type FaceBox,
  type Letterbox,
  type Point,
} from '../core/geometry';
import { loadGraph, type ModelSource } from './modelSource';

export interface Detection {
  /** Face box in image pixels (BlazeFace's box: eyes to mouth). */
  box: Box;
  score: number;
  /** right eye, left eye, nose, mouth, right ear, left ear; image pixels. */
  keypoints: Point[];
}

/** The box with its eye-line tilt, for aligned crops. */
export function faceBoxOf(d: Detection): FaceBox {
  return { ...d.box, angle: eyeAngle(d.keypoints[0], d.keypoints[1]) };
}

const LAYOUTS: Record<string, AnchorLayout> = { short: SHORT_RANGE, full: FULL_RANGE };

interface LoadedDetectorModel {
  model: tf.GraphModel;
  file: string;
  layout: AnchorLayout;
  anchors: Float32Array;
  output: string;
  minScore: number;
  margin: number;
}

export class FaceDetector {
  private readonly spec: DetectorSpec;
  private readonly models: LoadedDetectorModel[];

  private constructor(spec: DetectorSpec, models: LoadedDetectorModel[]) {
    this.spec = spec;
    this.models = models;
  }

  static async load(spec: DetectorSpec, source: ModelSource): Promise<FaceDetector> {
    for (const m of spec.models) {
      if (!LAYOUTS[m.layout]) throw new RangeError(`unknown detector layout "${m.layout}"`);
    }
    // One graph per file: a model may run twice (e.g. with and without a margin).
    const files = [...new Set(spec.models.map((m) => m.file))];
    // Fused: the full-range model's zero Pads become its convolutions' own padding (same outputs).
    const settled = await Promise.allSettled(files.map((f) => loadGraph(source, f, { fuse: true })));
    const loaded = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) {
      // Free the models that did load, or their weights stay on the backend.
      loaded.forEach((g) => g.dispose());
      throw failed.reason;
    }
    const graphs = new Map(files.map((f, i) => [f, loaded[i]]));
    const models = spec.models.map((m) => ({
      model: graphs.get(m.file)!,
      file: m.file,
      layout: LAYOUTS[m.layout],
      anchors: anchorCenters(LAYOUTS[m.layout]),
      output: m.output,
      minScore: m.minScore,
      margin: m.margin,
    }));
    return new FaceDetector(spec, models);
  }

  /** Detects faces in an RGB [h, w, 3] image with values 0..255. */
  async detect(image: tf.Tensor3D): Promise<Detection[]> {
    if (image.rank !== 3 || image.shape[2] !== 3) {
      throw new RangeError(`expected an RGB image of shape [height, width, 3], got [${image.shape.join(', ')}]`);
    }
    const [height, width] = image.shape;
    const boxes = this.models.map((m) => letterbox(width, height, m.margin));
    // Passes of the same graph (e.g. with and without a border) run as one
    // batch, and every pass's output comes back in one readback.
    const groups = passGroups(this.models);
    const out = tf.tidy(() => {
      const bordered = withBlackBorder(image);
      const flat = groups.map((g) => {
        const m = this.models[g[0]];
        const input = squareInputs(
          bordered,
          g.map((i) => boxes[i]),
          m.layout.inputSize,
        );
        const r = m.model.execute(input, m.output) as tf.Tensor;
        const expected = g.length * (m.anchors.length / 2) * ROW_SIZE;
        if (r.size !== expected) throw new RangeError(`${m.file}: ${r.size} outputs for ${g.length} inputs`);
        return r.reshape([-1]);
      });
      return flat.length === 1 ? flat[0] : tf.concat(flat);
    });
    let raw: Float32Array;
    try {
      raw = (await out.data()) as Float32Array;
    } finally {
      out.dispose();
    }
    const slices = new Map<number, Float32Array>();
    let offset = 0;
    for (const g of groups)
      for (const i of g) {
        const n = (this.models[i].anchors.length / 2) * ROW_SIZE;
        slices.set(i, raw.subarray(offset, offset + n));
        offset += n;
      }
    const candidates: Detection[] = [];
    this.models.forEach((m, i) => {
      for (const d of decodeDetections(slices.get(i)!, m.anchors, m.layout.inputSize, m.minScore)) {
        candidates.push(toImageDetection(d.box, d.score, d.keypoints, boxes[i]));
      }
    });
    return this.suppress(candidates);
  }

  private async suppress(candidates: Detection[]): Promise<Detection[]> {
    const usable = candidates.filter((c) => Math.min(c.box.w, c.box.h) >= this.spec.minFacePx);
    if (usable.length === 0) return [];
    const boxes = tf.tensor2d(usable.map((c) => [c.box.y, c.box.x, c.box.y + c.box.h, c.box.x + c.box.w]));
    const scores = tf.tensor1d(usable.map((c) => c.score));
    try {
      const keep = await tf.image.nonMaxSuppressionAsync(boxes, scores, this.spec.maxFaces, this.spec.iouThreshold);
      try {
        const idx = await keep.data();
        return suppressContained(
          Array.from(idx, (i) => usable[i]),
          this.spec.maxContainment,
        );
      } finally {
        keep.dispose();
      }
    } finally {
      boxes.dispose();
      scores.dispose();
    }
  }

  dispose(): void {
    new Set(this.models.map((m) => m.model)).forEach((g) => g.dispose());
  }
}

/** Indices of the passes, grouped by graph, output and input size, in first-seen order. */
function passGroups(models: readonly LoadedDetectorModel[]): number[][] {
  const groups = new Map<string, number[]>();
  models.forEach((m, i) => {
    const key = `${m.file}|${m.output}|${m.layout.inputSize}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  return [...groups.values()];
}

/** The image as float with a 1-px black border: what `squareInputs` samples from. */
export function withBlackBorder(image: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() =>
    tf.pad(image.toFloat(), [
      [1, 1],
      [1, 1],
      [0, 0],
    ]),
  );
}

/**
 * The letterboxed squares `toSquareInput` makes, for several letterboxes at
 * once, without building the padded squares: one cropAndResize samples the
 * points resizeBilinear would (source step side/size from the square's
 * corner), and the 1-px black border of `bordered` gives the same blend with
 * black at the image's edges; farther out, the extrapolation value is black.
 * Returns [k, size, size, 3] in -1..1.
 */
export function squareInputs(bordered: tf.Tensor3D, lbs: readonly Letterbox[], size: number): tf.Tensor4D {
  const [hb, wb] = bordered.shape;
  return tf.tidy(() => {
    const boxes = lbs.map((lb) => {
      const span = (lb.side / size) * (size - 1);
      const y1 = 1 - lb.padY;
      const x1 = 1 - lb.padX;
      return [y1 / (hb - 1), x1 / (wb - 1), (y1 + span) / (hb - 1), (x1 + span) / (wb - 1)];
    });
    const crops = tf.image.cropAndResize(
      bordered.expandDims(0) as tf.Tensor4D,
      tf.tensor2d(boxes, [lbs.length, 4]),
      tf.zeros([lbs.length], 'int32') as tf.Tensor1D,
      [size, size],
      'bilinear',
      0,
    );
    return crops.div(127.5).sub(1) as tf.Tensor4D;
  });
}

/**
 * Pads to a centred square (black), resizes, maps 0..255 to -1..1; batched
 * [1, s, s, 3]. The reference for `squareInputs` (same pixels, far less work
 * when the square is large).
 */
export function toSquareInput(image: tf.Tensor3D, lb: Letterbox, size: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [h, w] = image.shape;
    const padded = tf.pad(image.toFloat(), [
      [lb.padY, lb.side - h - lb.padY],
      [lb.padX, lb.side - w - lb.padX],
      [0, 0],
    ]);
    const resized = tf.image.resizeBilinear(padded as tf.Tensor3D, [size, size]);
    return resized.div(127.5).sub(1).expandDims(0) as tf.Tensor4D;
  });
}

function toImageDetection(box: Box, score: number, keypoints: Point[], lb: Letterbox): Detection {
  const tl = fromSquareUnits({ x: box.x, y: box.y }, lb);
  return {
    box: { x: tl.x, y: tl.y, w: box.w * lb.side, h: box.h * lb.side },
    score,
    keypoints: keypoints.map((p) => fromSquareUnits(p, lb)),
  };
}
