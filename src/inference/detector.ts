/**
 * Face detection with one or more BlazeFace models on a letterboxed frame.
 * Only async readbacks (`data()`, `nonMaxSuppressionAsync`): the synchronous
 * ones return zeros on WebGPU.
 */
import * as tf from '@tensorflow/tfjs';
import { FULL_RANGE, SHORT_RANGE, anchorCenters, decodeDetections, type AnchorLayout } from '../core/blazeface';
import type { DetectorSpec } from '../core/ensembleSpec';
import { suppressContained } from '../core/faceSelect';
import { fromSquareUnits, letterbox, type Box, type Letterbox, type Point } from '../core/geometry';
import { loadGraph, type ModelSource } from './modelSource';

export interface Detection {
  /** Face box in image pixels (BlazeFace's box: eyes to mouth). */
  box: Box;
  score: number;
  /** right eye, left eye, nose, mouth, right ear, left ear; image pixels. */
  keypoints: Point[];
}

const LAYOUTS: Record<string, AnchorLayout> = { short: SHORT_RANGE, full: FULL_RANGE };

interface LoadedDetectorModel {
  model: tf.GraphModel;
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
    const settled = await Promise.allSettled(files.map((f) => loadGraph(source, f)));
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
    const candidates: Detection[] = [];
    for (const m of this.models) {
      const lb = letterbox(width, height, m.margin);
      const out = tf.tidy(() => {
        const square = toSquareInput(image, lb, m.layout.inputSize);
        return m.model.execute(square, m.output) as tf.Tensor;
      });
      let raw: Float32Array;
      try {
        raw = (await out.data()) as Float32Array;
      } finally {
        out.dispose();
      }
      for (const d of decodeDetections(raw, m.anchors, m.layout.inputSize, m.minScore)) {
        candidates.push(toImageDetection(d.box, d.score, d.keypoints, lb));
      }
    }
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

/** Pads to a centred square (black), resizes, maps 0..255 to -1..1; batched [1, s, s, 3]. */
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
