/**
 * Face detection with one or more BlazeFace models on a letterboxed frame.
 * Only async readbacks (`data()`, `nonMaxSuppressionAsync`): the synchronous
 * ones return zeros on WebGPU.
 */
import * as tf from '@tensorflow/tfjs';
import { FULL_RANGE, SHORT_RANGE, anchorCenters, decodeDetections, type AnchorLayout } from '../core/blazeface';
import type { DetectorSpec } from '../core/ensembleSpec';
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
    const settled = await Promise.allSettled(
      spec.models.map(async (m) => {
        const layout = LAYOUTS[m.layout];
        if (!layout) throw new RangeError(`unknown detector layout "${m.layout}"`);
        return {
          model: await loadGraph(source, m.file),
          layout,
          anchors: anchorCenters(layout),
          output: m.output,
          minScore: m.minScore,
          margin: m.margin,
        };
      }),
    );
    const failed = settled.find((r) => r.status === 'rejected');
    const models = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    if (failed) {
      // Free the models that did load, or their weights stay on the backend.
      models.forEach((m) => m.model.dispose());
      throw failed.reason;
    }
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
        return Array.from(idx, (i) => usable[i]);
      } finally {
        keep.dispose();
      }
    } finally {
      boxes.dispose();
      scores.dispose();
    }
  }

  dispose(): void {
    for (const m of this.models) m.model.dispose();
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
