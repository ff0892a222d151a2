import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackboneSpec } from '../../../src/core/ensembleSpec';
import { cropFaces, cropRegion, pool, toBackboneInput } from '../../../src/inference/crop';
import { rgbaToTensor } from '../../../src/inference/image';
import { useWasm } from './helpers';

beforeAll(useWasm);

/** Runs `fn`, checks it leaves exactly `kept` more tensors alive, and returns its values. */
async function values<T extends tf.Tensor>(fn: () => T, kept = 1): Promise<{ shape: number[]; data: number[] }> {
  const before = tf.memory().numTensors;
  const t = fn();
  expect(tf.memory().numTensors).toBe(before + kept);
  const data = Array.from(await t.data());
  t.dispose();
  return { shape: t.shape, data };
}

/** Pixel (channel c) of a [n, s, s, 3] crop batch read back as a flat array. */
const px = (d: number[], s: number, n: number, y: number, x: number, c = 0) => d[((n * s + y) * s + x) * 3 + c];

describe('cropRegion', () => {
  it('is a square scale times the larger side, shifted down', () => {
    expect(cropRegion({ x: 40, y: 40, w: 20, h: 10 }, { scale: 2, shiftY: 0.1 })).toEqual({
      x: 30,
      y: 29,
      w: 40,
      h: 40,
    });
  });
});

describe('cropFaces', () => {
  it('cuts one crop per face, [n, size, size, 3], from the right place', async () => {
    // 40 x 40 image: left half red (255, 0, 0), right half blue (0, 0, 255).
    const image = tf.tidy(() => {
      const left = tf.tensor1d([255, 0, 0], 'int32').reshape([1, 1, 3]).tile([40, 20, 1]);
      const right = tf.tensor1d([0, 0, 255], 'int32').reshape([1, 1, 3]).tile([40, 20, 1]);
      return tf.concat([left, right], 1) as tf.Tensor3D;
    });
    const faces = [
      { x: 4, y: 10, w: 10, h: 10 }, // inside the red half
      { x: 26, y: 10, w: 10, h: 10 }, // inside the blue half
      { x: 10, y: 10, w: 20, h: 20 }, // across the border
    ];
    const { shape, data } = await values(() => cropFaces(image, faces, { scale: 1, shiftY: 0 }, 16));
    image.dispose();
    expect(shape).toEqual([3, 16, 16, 3]);
    expect([px(data, 16, 0, 8, 8, 0), px(data, 16, 0, 8, 8, 2)]).toEqual([255, 0]);
    expect([px(data, 16, 1, 8, 8, 0), px(data, 16, 1, 8, 8, 2)]).toEqual([0, 255]);
    expect(px(data, 16, 2, 8, 1, 0)).toBe(255); // left edge of the third crop: red
    expect(px(data, 16, 2, 8, 14, 2)).toBe(255); // right edge: blue
    expect(data.every((v) => v >= 0 && v <= 255)).toBe(true);
  });

  it('is black where the crop leaves the image', async () => {
    // 20 x 20 grey image; a face in the top-left corner, crop twice its size:
    // the region is (-5, -5) to (15, 15), so its first quarter is outside.
    const image = tf.fill([20, 20, 3], 200, 'int32') as tf.Tensor3D;
    const { shape, data } = await values(() =>
      cropFaces(image, [{ x: 0, y: 0, w: 10, h: 10 }], { scale: 2, shiftY: 0 }, 20),
    );
    image.dispose();
    expect(shape).toEqual([1, 20, 20, 3]);
    for (let y = 0; y < 20; y++) {
      for (let x = 0; x < 20; x++) {
        const v = px(data, 20, 0, y, x);
        if (y < 4 || x < 4) expect(v, `(${x}, ${y})`).toBe(0);
        else if (y >= 6 && x >= 6) expect(v, `(${x}, ${y})`).toBeCloseTo(200, 3);
      }
    }
  });

  it('returns an empty batch for no faces', async () => {
    const image = tf.zeros([10, 10, 3], 'int32') as tf.Tensor3D;
    const { shape } = await values(() => cropFaces(image, [], { scale: 1, shiftY: 0 }, 8));
    image.dispose();
    expect(shape).toEqual([0, 8, 8, 3]);
  });
});

describe('toBackboneInput', () => {
  it('maps 0..255 linearly onto the input range', async () => {
    const spec: BackboneSpec = { file: 'x.json', inputSize: 1, inputRange: [-1, 1], output: 'y' };
    const crops = tf.tensor4d([0, 127.5, 255], [1, 1, 1, 3]);
    const { data } = await values(() => toBackboneInput(crops, spec));
    crops.dispose();
    expect(data).toEqual([-1, 0, 1]);
  });

  it('hands 0..255 crops on as they are, without a copy', () => {
    const spec: BackboneSpec = { file: 'x.json', inputSize: 1, inputRange: [0, 255], output: 'y' };
    const crops = tf.tensor4d([0, 127.5, 255], [1, 1, 1, 3]);
    expect(toBackboneInput(crops, spec)).toBe(crops);
    crops.dispose();
  });
});

describe('pool', () => {
  // [2, 4, 2, 3]: top two rows hold 1, 2, 3 per channel, bottom two rows 10, 20, 30;
  // the second face is the first times two.
  const acts = () =>
    tf.tidy(() => {
      const top = tf.tensor1d([1, 2, 3]).reshape([1, 1, 1, 3]).tile([1, 2, 2, 1]);
      const bottom = tf.tensor1d([10, 20, 30]).reshape([1, 1, 1, 3]).tile([1, 2, 2, 1]);
      const one = tf.concat([top, bottom], 1);
      return tf.concat([one, one.mul(2)], 0) as tf.Tensor4D;
    });

  it("'bands' pools the upper and lower halves apart: [n, 2c]", async () => {
    const a = acts();
    const { shape, data } = await values(() => pool(a, 'bands'));
    a.dispose();
    expect(shape).toEqual([2, 6]);
    expect(data).toEqual([1, 2, 3, 10, 20, 30, 2, 4, 6, 20, 40, 60]);
  });

  it("'bands' with an odd height puts the middle row in the lower band", async () => {
    const a = tf.tensor4d([1, 2, 3, 4, 5], [1, 5, 1, 1]);
    const { shape, data } = await values(() => pool(a, 'bands'));
    a.dispose();
    expect(shape).toEqual([1, 2]);
    expect(data).toEqual([1.5, 4]);
  });

  it("'mean' averages over height and width: [n, c]", async () => {
    const a = acts();
    const { shape, data } = await values(() => pool(a, 'mean'));
    a.dispose();
    expect(shape).toEqual([2, 3]);
    expect(data).toEqual([5.5, 11, 16.5, 11, 22, 33]);
  });

  it("'none' flattens: [n, h * w * c]", async () => {
    const a = acts();
    const { shape } = await values(() => pool(a, 'none'));
    a.dispose();
    expect(shape).toEqual([2, 24]);
  });

  it('rejects spatial pooling of a rank-2 input without leaking', () => {
    const a = tf.zeros([2, 8]);
    const before = tf.memory().numTensors;
    expect(() => pool(a, 'bands')).toThrow(/pooling "bands" needs \[n, h, w, c\] activations/);
    expect(tf.memory().numTensors).toBe(before);
    a.dispose();
  });
});

describe('rgbaToTensor', () => {
  it('drops alpha and keeps RGB order', async () => {
    const rgba = new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 0]);
    const { shape, data } = await values(() => rgbaToTensor(rgba, 2, 1));
    expect(shape).toEqual([1, 2, 3]);
    expect(data).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rejects a buffer of the wrong size', () => {
    expect(() => rgbaToTensor(new Uint8Array(7), 2, 1)).toThrow(/expected 8 RGBA bytes for 2x1, got 7/);
  });
});
