/** Turning decoded pixels into the RGB tensor every stage expects. */
import * as tf from '@tensorflow/tfjs';

/** RGBA bytes (ImageData layout) to an int32 [h, w, 3] RGB tensor in 0..255. */
export function rgbaToTensor(data: Uint8ClampedArray | Uint8Array, width: number, height: number): tf.Tensor3D {
  if (data.length !== width * height * 4) {
    throw new RangeError(`expected ${width * height * 4} RGBA bytes for ${width}x${height}, got ${data.length}`);
  }
  const rgb = new Int32Array(width * height * 3);
  for (let i = 0, j = 0; i < data.length; i += 4, j += 3) {
    rgb[j] = data[i];
    rgb[j + 1] = data[i + 1];
    rgb[j + 2] = data[i + 2];
  }
  return tf.tensor3d(rgb, [height, width, 3], 'int32');
}
