/** Face crops and backbone preprocessing: the one place both app and trainer cut faces. */
import * as tf from '@tensorflow/tfjs';
import type { BackboneSpec, CropRule, Pooling } from '../core/ensembleSpec';
import { squareAround, toCropBox, type Box } from '../core/geometry';

/** The square region (image pixels) a crop rule cuts around a detector box. */
export function cropRegion(face: Box, rule: CropRule): Box {
  return squareAround(face, rule.scale, rule.shiftY);
}

/**
 * Cuts one square crop per face and resizes it to `size`; parts outside the
 * image are black. Returns float32 [n, size, size, 3] in 0..255.
 */
export function cropFaces(image: tf.Tensor3D, faces: readonly Box[], rule: CropRule, size: number): tf.Tensor4D {
  const [height, width] = image.shape;
  return tf.tidy(() => {
    const boxes = faces.map((f) => toCropBox(cropRegion(f, rule), width, height));
    const batch = image.toFloat().expandDims(0) as tf.Tensor4D;
    return tf.image.cropAndResize(
      batch,
      tf.tensor2d(boxes, [faces.length, 4]),
      tf.tensor1d(new Array<number>(faces.length).fill(0), 'int32'),
      [size, size],
      'bilinear',
      0,
    );
  });
}

/** Maps 0..255 crops to the backbone's input range; for 0..255 itself, returns `crops` (not a copy). */
export function toBackboneInput(crops: tf.Tensor4D, spec: BackboneSpec): tf.Tensor4D {
  const [lo, hi] = spec.inputRange;
  // 0..255 already (FaceRes, MobileFace): x * 1 + 0 would be two passes for nothing.
  if (lo === 0 && hi === 255) return crops;
  return tf.tidy(() => crops.mul((hi - lo) / 255).add(lo));
}

/** Backbone activations to a [n, d] feature matrix. */
export function pool(activations: tf.Tensor, pooling: Pooling): tf.Tensor2D {
  return tf.tidy(() => {
    if (pooling === 'none') return activations.reshape([activations.shape[0], -1]) as tf.Tensor2D;
    if (activations.rank !== 4) throw new RangeError(`pooling "${pooling}" needs [n, h, w, c] activations`);
    if (pooling === 'mean') return activations.mean([1, 2]) as tf.Tensor2D;
    // 'bands': upper and lower half of the face pooled apart, so where the mask
    // sits (nose or chin) survives the pooling.
    const h = activations.shape[1] as number;
    const mid = Math.floor(h / 2);
    const upper = activations.slice([0, 0, 0, 0], [-1, mid, -1, -1]).mean([1, 2]);
    const lower = activations.slice([0, mid, 0, 0], [-1, h - mid, -1, -1]).mean([1, 2]);
    return tf.concat([upper, lower], 1) as tf.Tensor2D;
  });
}
