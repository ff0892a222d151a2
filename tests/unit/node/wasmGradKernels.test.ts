import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/core/random';
import { initNodeBackend } from '../../../src/node/runtime';
import { installWasmGradKernels, WASM_GRAD_KERNELS } from '../../../src/node/wasmGradKernels';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  stride: number;
  pad: Pad;
}

const explicit: Pad = [
  [0, 0],
  [1, 1],
  [0, 2],
  [0, 0],
];

const CONV: Case[] = [
  { x: [2, 7, 7, 3], filter: [3, 3, 3, 4], stride: 2, pad: 'same' },
  { x: [2, 8, 8, 3], filter: [3, 3, 3, 4], stride: 2, pad: 'same' },
  { x: [2, 8, 8, 5], filter: [3, 3, 5, 6], stride: 1, pad: 'same' },
  { x: [1, 9, 9, 4], filter: [3, 3, 4, 3], stride: 2, pad: 'valid' },
  { x: [1, 8, 8, 3], filter: [3, 3, 3, 5], stride: 2, pad: explicit },
  { x: [2, 6, 6, 8], filter: [1, 1, 8, 16], stride: 1, pad: 'same' },
  { x: [3, 5, 5, 16], filter: [1, 1, 16, 8], stride: 1, pad: 'valid' },
  { x: [1, 7, 7, 8], filter: [1, 1, 8, 4], stride: 2, pad: 'valid' },
];

const DEPTHWISE: Case[] = [
  { x: [2, 8, 8, 6], filter: [3, 3, 6, 1], stride: 1, pad: 'same' },
  { x: [2, 9, 9, 4], filter: [3, 3, 4, 1], stride: 2, pad: 'same' },
  { x: [2, 8, 8, 4], filter: [3, 3, 4, 1], stride: 2, pad: 'same' },
  { x: [1, 8, 8, 5], filter: [3, 3, 5, 1], stride: 2, pad: 'valid' },
  { x: [1, 6, 6, 3], filter: [3, 3, 3, 1], stride: 1, pad: explicit },
  { x: [1, 7, 7, 3], filter: [3, 3, 3, 2], stride: 1, pad: 'same' },
  { x: [2, 10, 10, 3], filter: [3, 3, 3, 3], stride: 2, pad: 'valid' },
  { x: [1, 6, 6, 4], filter: [5, 5, 4, 1], stride: 1, pad: 'same' },
];

function random(shape: number[], seed: number): Float32Array {
  const rand = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  // Roughly normal: sum of uniforms.
  return Float32Array.from({ length: n }, () => rand() + rand() + rand() - 1.5);
}

/** Gradients of sum(conv(x, w) * r) with respect to x and w, on the current backend. */
function gradients(c: Case, depthwise: boolean, seed: number): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor4d(random(c.x, seed), c.x);
    const w = tf.tensor4d(random(c.filter, seed + 1), c.filter);
    const forward = (a: tf.Tensor4D, b: tf.Tensor4D) =>
      depthwise ? tf.depthwiseConv2d(a, b, c.stride, c.pad) : tf.conv2d(a, b, c.stride, c.pad);
    const outShape = forward(x, w).shape;
    const r = tf.tensor(random(outShape, seed + 2), outShape);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      forward(a as tf.Tensor4D, b as tf.Tensor4D)
        .mul(r)
        .sum(),
    )([x, w]);
    return [dx.dataSync() as Float32Array, dw.dataSync() as Float32Array];
  });
}

function relativeError(got: Float32Array, want: Float32Array): number {
  let diff = 0;
  let scale = 1;
  want.forEach((v, i) => {
    diff = Math.max(diff, Math.abs(v - got[i]));
    scale = Math.max(scale, Math.abs(v));
  });
  return diff / scale;
}

const label = (c: Case) =>
  `x ${c.x.join('x')}, filter ${c.filter.join('x')}, stride ${c.stride}, ${typeof c.pad === 'string' ? c.pad : 'explicit'}`;

describe('WASM convolution gradient kernels', () => {
  beforeAll(async () => {
    // The training runtime installs them on WASM; installing again is a no-op.
    await initNodeBackend();
    expect(tf.getBackend()).toBe('wasm');
    expect(installWasmGradKernels()).toBe(true);
  });

  it('are registered for wasm', () => {
    for (const k of WASM_GRAD_KERNELS) expect(tf.getKernel(k, 'wasm'), k).toBeDefined();
    expect(WASM_GRAD_KERNELS).toEqual([
      'Conv2DBackpropFilter',
      'Conv2DBackpropInput',
      'DepthwiseConv2dNativeBackpropFilter',
      'DepthwiseConv2dNativeBackpropInput',
    ]);
  });

  for (const [name, cases, depthwise] of [
    ['conv2d', CONV, false],
    ['depthwise', DEPTHWISE, true],
  ] as const) {
    it.each(cases.map((c, i) => [label(c), c, i] as const))(`${name}: %s matches the cpu backend`, async (_, c, i) => {
      await tf.setBackend('cpu');
      const want = gradients(c, depthwise, 100 * i);
      await tf.setBackend('wasm');
      const backend = tf.backend() as unknown as { numDataIds(): number };
      const before = [tf.memory().numTensors, backend.numDataIds()];
      const got = gradients(c, depthwise, 100 * i);
      expect([tf.memory().numTensors, backend.numDataIds()]).toEqual(before);
      expect(got[0].length).toBe(want[0].length);
      expect(got[1].length).toBe(want[1].length);
      expect(relativeError(got[0], want[0]), 'input gradient').toBeLessThan(1e-5);
      expect(relativeError(got[1], want[1]), 'filter gradient').toBeLessThan(1e-5);
    });
  }
});
