import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../../src/node/runtime';
import { installFastTransposedMatMul } from '../../../src/node/wasmKernels';

describe('fast transposed matMul on WASM', () => {
  let refs: number[][][];
  const a = () =>
    tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]); // [2, 3]
  const b = () =>
    tf.tensor2d([
      [1, 0],
      [2, 1],
    ]); // [2, 2]
  const c = () =>
    tf.tensor2d([
      [1, 2, 3],
      [0, 1, 0],
    ]); // [2, 3]
  const products = () => [
    tf.tidy(() => tf.matMul(a(), b(), true, false)), // a^T b: [3, 2]
    tf.tidy(() => tf.matMul(a(), c(), false, true)), // a c^T: [2, 2]
    tf.tidy(() => tf.matMul(b(), c(), true, false)), // b^T c: [2, 3]
    tf.tidy(() => tf.matMul(a().expandDims(0), c().expandDims(0), false, true).squeeze([0])),
  ];

  beforeAll(async () => {
    await initNodeBackend();
    refs = products().map((t) => {
      const v = t.arraySync() as number[][];
      t.dispose();
      return v;
    });
  });

  it('gives the same products as the stock kernel, without leaking tensors', () => {
    expect(installFastTransposedMatMul()).toBe(true);
    const before = tf.memory().numTensors;
    const got = products();
    got.forEach((t, i) => expect(t.arraySync()).toEqual(refs[i]));
    expect(refs[0]).toEqual([
      [9, 4],
      [12, 5],
      [15, 6],
    ]);
    tf.dispose(got);
    expect(tf.memory().numTensors).toBe(before);
  });
});
