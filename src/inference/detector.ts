/**
 * Face detection with one or more BlazeFace models on a letterboxed frame.
 * Only async readbacks (`data()`, `nonMaxSuppressionAsync`): the synchronous
 * ones return zeros on WebGPU.
 */
import * as tf from '@tensorflow/tfjs';
import { AppError } from '../core/appError';
import {
  FULL_RANGE,
  ROW_SIZE,
  SHORT_RANGE,
  anchorCenters,
  decodeDetections,
  type AnchorLayout,
} from '../core/blazeface';
import {
  DEFAULT_PHOTO_DETECTION,
  type DetectorModelSpec,
  type DetectorSpec,
  type PhotoDetectionSpec,
} from '../core/ensembleSpec';
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
import { tileGrid, tileLetterbox, touchesInnerEdge, type Tile } from '../core/photoTiles';
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

export interface DetectOptions {
  /**
   * Also run the tile passes of the spec's `photo` part, for small faces in
   * large photos (photo checks). Default false: the camera path, whole frame only.
   */
  tiled?: boolean;
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

/** One detector run: a model on a square cut of the image (the letterboxed frame, or a tile). */
interface Pass {
  model: LoadedDetectorModel;
  frame: Letterbox;
  tile?: Tile;
}

export class FaceDetector {
  private readonly spec: DetectorSpec;
  private readonly photo: PhotoDetectionSpec;
  private readonly models: LoadedDetectorModel[];
  private readonly tileModels: LoadedDetectorModel[];

  private constructor(spec: DetectorSpec, models: LoadedDetectorModel[], tileModels: LoadedDetectorModel[]) {
    this.spec = spec;
    this.photo = spec.photo ?? DEFAULT_PHOTO_DETECTION;
    this.models = models;
    this.tileModels = tileModels;
  }

  static async load(spec: DetectorSpec, source: ModelSource): Promise<FaceDetector> {
    const photo = spec.photo ?? DEFAULT_PHOTO_DETECTION;
    const all = [...spec.models, ...photo.models];
    for (const m of all) {
      if (!LAYOUTS[m.layout]) {
        const value = JSON.stringify(m.layout);
        throw new AppError(
          'spec-invalid',
          { problem: 'unknown detector layout', value },
          `unknown detector layout ${value}`,
        );
      }
    }
    // One graph per file: a model may run several times (with and without a margin, on tiles).
    const files = [...new Set(all.map((m) => m.file))];
    // The full-range model's zero Pads were folded into its convolutions at build time (scripts/fuse-models.ts).
    const settled = await Promise.allSettled(files.map((f) => loadGraph(source, f)));
    const loaded = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) {
      // Free the models that did load, or their weights stay on the backend.
      loaded.forEach((g) => g.dispose());
      throw failed.reason;
    }
    const graphs = new Map(files.map((f, i) => [f, loaded[i]]));
    const bind = (m: DetectorModelSpec): LoadedDetectorModel => ({
      model: graphs.get(m.file)!,
      file: m.file,
      layout: LAYOUTS[m.layout],
      anchors: anchorCenters(LAYOUTS[m.layout]),
      output: m.output,
      minScore: m.minScore,
      margin: m.margin,
    });
    return new FaceDetector(spec, spec.models.map(bind), photo.models.map(bind));
  }

  /**
   * Detects faces in an RGB [h, w, 3] image with values 0..255. With `tiled`
   * (photo checks) the spec's tile passes run beside the whole-frame ones.
   */
  async detect(image: tf.Tensor3D, options: DetectOptions = {}): Promise<Detection[]> {
    if (image.rank !== 3 || image.shape[2] !== 3) {
      throw new RangeError(`expected an RGB image of shape [height, width, 3], got [${image.shape.join(', ')}]`);
    }
    const [height, width] = image.shape;
    const passes: Pass[] = this.models.map((model) => ({ model, frame: letterbox(width, height, model.margin) }));
    if (options.tiled) {
      for (const level of this.photo.levels)
        for (const tile of tileGrid(width, height, level))
          for (const model of this.tileModels) passes.push({ model, frame: tileLetterbox(tile), tile });
    }
    // Passes of the same graph (with and without a border, every tile) run as
    // one batch, and every pass's output comes back in one readback.
    const groups = passGroups(passes);
    const out = tf.tidy(() => {
      const bordered = withBlackBorder(image);
      const flat = groups.map((g) => {
        const m = g[0].model;
        const input = squareInputs(
          bordered,
          g.map((p) => p.frame),
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
    const candidates: Detection[] = [];
    let offset = 0;
    for (const g of groups)
      for (const p of g) {
        const m = p.model;
        const n = (m.anchors.length / 2) * ROW_SIZE;
        for (const d of decodeDetections(raw.subarray(offset, offset + n), m.anchors, m.layout.inputSize, m.minScore)) {
          // A face cut by a tile's inner edge is seen whole by a neighbour or the whole frame.
          if (p.tile && touchesInnerEdge(d.box, p.tile, this.photo.edgeMargin)) continue;
          candidates.push(toImageDetection(d.box, d.score, d.keypoints, p.frame));
        }
        offset += n;
      }
    return this.suppress(candidates);
  }

  private async suppress(candidates: Detection[]): Promise<Detection[]> {
    const usable = candidates.filter((c) => Math.min(c.box.w, c.box.h) >= this.spec.minFacePx);
    if (usable.length === 0) return [];
    const boxes = tf.tensor2d(usable.map((c) => [c.box.y, c.box.x, c.box.y + c.box.h, c.box.x + c.box.w]));
    const scores = tf.tensor1d(usable.map((c) => c.score));
    try {
      // Cap after the containment rule, not in NMS: NMS keeps a face's other framings (a tile's box
      // inside the whole frame's), which containment then drops, and a cap there would lose faces.
      const keep = await tf.image.nonMaxSuppressionAsync(boxes, scores, usable.length, this.spec.iouThreshold);
      try {
        const idx = await keep.data();
        return suppressContained(
          Array.from(idx, (i) => usable[i]),
          this.spec.maxContainment,
        ).slice(0, this.spec.maxFaces);
      } finally {
        keep.dispose();
      }
    } finally {
      boxes.dispose();
      scores.dispose();
    }
  }

  dispose(): void {
    new Set([...this.models, ...this.tileModels].map((m) => m.model)).forEach((g) => g.dispose());
  }
}

/** Passes grouped by graph, output and input size, in first-seen order. */
function passGroups(passes: readonly Pass[]): Pass[][] {
  const groups = new Map<string, Pass[]>();
  for (const p of passes) {
    const key = `${p.model.file}|${p.model.output}|${p.model.layout.inputSize}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
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
