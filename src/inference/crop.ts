/** Face crops and backbone preprocessing: the one place both app and trainer cut faces. */
import * as tf from '@tensorflow/tfjs';
import type { BackboneSpec, CropRule, Pooling } from '../core/ensembleSpec';
import { orientedSquare, orientedTransform, squareAround, toCropBox, type Box, type FaceBox } from '../core/geometry';

/** The square region (image pixels) a crop rule cuts around a detector box. */
export function cropRegion(face: Box, rule: CropRule): Box {
  return squareAround(face, rule.scale, rule.shiftY);
}

/**
 * Cuts one square crop per face and resizes it to `size`; parts outside the
 * image are black. With `rule.align`, each crop is turned by its face's
 * `angle` so the eyes are level. Returns float32 [n, size, size, 3] in 0..255.
 */
export function cropFaces(image: tf.Tensor3D, faces: readonly FaceBox[], rule: CropRule, size: number): tf.Tensor4D {
  const turned = (f: FaceBox) => rule.align === true && (f.angle ?? 0) !== 0;
  if (!faces.some(turned)) return cropStraight(image, faces, rule, size);
  if (faces.every(turned)) return cropAligned(image, faces, rule, size);
  // Each face by its own path, so a face's crop never depends on the other faces in the frame
  // (the two resamplings differ slightly; the trainer crops faces one at a time).
  return tf.tidy(() =>
    tf.concat(faces.map((f) => (turned(f) ? cropAligned : cropStraight)(image, [f], rule, size))),
  ) as tf.Tensor4D;
}

/** Axis-aligned crops: one cropAndResize for every face. */
function cropStraight(image: tf.Tensor3D, faces: readonly FaceBox[], rule: CropRule, size: number): tf.Tensor4D {
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

/**
 * Aligned crops: each face sampled straight from the image along its turned
 * square (tf.image.transform works per output pixel, so its cost does not
 * grow with the image), one resampling as in the plain path.
 */
function cropAligned(image: tf.Tensor3D, faces: readonly FaceBox[], rule: CropRule, size: number): tf.Tensor4D {
  return tf.tidy(() => {
    const batch = (image.dtype === 'float32' ? image : image.toFloat()).expandDims(0) as tf.Tensor4D;
    const crops = faces.map((f) => {
      const t = orientedTransform(orientedSquare(f, rule.scale, rule.shiftY), size, { x: 0, y: 0 }, 1);
      return tf.image.transform(batch, tf.tensor2d(t, [1, 8]), 'bilinear', 'constant', 0, [size, size]);
    });
    return crops.length === 1 ? crops[0] : tf.concat(crops);
  });
}

/**
 * Maps 0..255 RGB crops to what the backbone was trained on: channel order,
 * mean subtraction or a linear range. For plain 0..255 RGB, returns `crops`
 * itself (x * 1 + 0 would be two passes for nothing).
 */
export function toBackboneInput(crops: tf.Tensor4D, spec: BackboneSpec): tf.Tensor4D {
  const [lo, hi] = spec.inputRange;
  const bgr = spec.channels === 'bgr';
  if (!bgr && !spec.mean && lo === 0 && hi === 255) return crops;
  return tf.tidy(() => {
    const ordered = bgr ? tf.reverse(crops, -1) : crops;
    const scale = (hi - lo) / 255;
    // With means (Caffe-style), they replace the range's offset: (x - mean) * scale.
    if (spec.mean) return ordered.sub(tf.tensor1d([...spec.mean])).mul(scale) as tf.Tensor4D;
    return ordered.mul(scale).add(lo) as tf.Tensor4D;
  });
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
