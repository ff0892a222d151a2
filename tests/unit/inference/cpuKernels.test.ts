import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { installCpuKernels, padRows } from '../../../src/inference/cpuKernels';

/** Element by element, as tfjs' own cpu kernel does it. */
function naivePad(x: Float32Array, shape: number[], paddings: [number, number][], value: number): Float32Array {
  const outShape = shape.map((d, i) => paddings[i][0] + d + paddings[i][1]);
  const out = new Float32Array(outShape.reduce((a, b) => a * b, 1)).fill(value);
  const coord = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < x.length; i++) {
    let rest = i;
    for (let d = shape.length - 1; d >= 0; d--) {
      coord[d] = rest % shape[d];
      rest = Math.floor(rest / shape[d]);
    }
    let o = 0;
    for (let d = 0; d < shape.length; d++) o = o * outShape[d] + coord[d] + paddings[d][0];
    out[o] = x[i];
  }
  return out;
}

describe('padRows', () => {
  it.each<[number[], [number, number][], number]>([
    [[5], [[2, 3]], 0],
    [
      [2, 3],
      [
        [1, 0],
        [0, 2],
      ],
      7,
    ],
    [
      [1, 4, 5, 3],
      [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ],
      0,
    ],
    [
      [2, 3, 3, 4],
      [
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 4],
      ],
      0,
    ],
    [
      [2, 2, 3, 2],
      [
        [1, 2],
        [0, 1],
        [2, 0],
        [1, 1],
      ],
      -1.5,
    ],
    [
      [3, 0, 2],
      [
        [1, 1],
        [1, 1],
        [0, 0],
      ],
      2,
    ],
  ])('%j padded by %j with %f: as element by element', (shape, paddings, value) => {
    const x = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i + 0.5);
    const r = padRows(x, shape, paddings, value);
    expect(r.shape).toEqual(shape.map((d, i) => paddings[i][0] + d + paddings[i][1]));
    expect(Array.from(r.values)).toEqual(Array.from(naivePad(x, shape, paddings, value)));
  });
});

describe('installCpuKernels', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives tf.pad on the cpu backend the same values as its own kernel (float32, int32)', async () => {
    const cases = [tf.randomUniform([2, 7, 5, 3]), tf.randomUniform([1, 6, 6, 4], -100, 100, 'int32')];
    const paddings: [number, number][] = [
      [0, 0],
      [1, 2],
      [2, 1],
      [0, 3],
    ];
    const own = cases.map((x) => tf.pad(x, paddings, 3));
    const before = await Promise.all(own.map((t) => t.data()));
    own.forEach((t) => t.dispose());
    installCpuKernels();
    installCpuKernels(); // once only
    const after = cases.map((x) => tf.pad(x, paddings, 3));
    for (let i = 0; i < cases.length; i++) {
      expect(after[i].dtype).toBe(cases[i].dtype);
      expect(Array.from(await after[i].data())).toEqual(Array.from(before[i]));
    }
    [...cases, ...after].forEach((t) => t.dispose());
  });
});
