import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { quantizeArtifacts, quantizeTensor, toHalfBits } from '../../scripts/lib/quantize';

describe('weight re-storing', () => {
  it('converts to half bits like IEEE 754 binary16', () => {
    expect(toHalfBits(1)).toBe(0x3c00);
    expect(toHalfBits(-2)).toBe(0xc000);
    expect(toHalfBits(0.5)).toBe(0x3800);
    expect(toHalfBits(65504)).toBe(0x7bff);
    expect(toHalfBits(1e6)).toBe(0x7c00);
    expect(toHalfBits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(toHalfBits(0)).toBe(0);
  });

  it('float16 and uint8 tensors decode back close to the originals through tfjs', () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3);
    for (const dtype of ['float16', 'uint8'] as const) {
      const q = quantizeTensor('w', [1000], values, dtype);
      const decoded = tf.io.decodeWeights(q.bytes.slice().buffer, [q.spec]).w.dataSync();
      const tol = dtype === 'float16' ? 2e-3 : 6 / 255 / 2 + 1e-6;
      let worst = 0;
      for (let i = 0; i < values.length; i++) worst = Math.max(worst, Math.abs(decoded[i] - values[i]));
      expect(worst).toBeLessThanOrEqual(tol);
      expect(worst).toBeGreaterThan(0);
    }
  });

  it('keeps int32 tensors and small tensors exact enough', () => {
    const w = tf.tensor1d([1, 2, 3], 'int32');
    const f = tf.tensor1d([0.25, -0.5]);
    const artifacts = {
      weightSpecs: [
        { name: 'i', shape: [3], dtype: 'int32' as const },
        { name: 'f', shape: [2], dtype: 'float32' as const },
      ],
      weightData: new Uint8Array([...new Uint8Array(w.dataSync().buffer), ...new Uint8Array(f.dataSync().buffer)])
        .buffer,
    };
    const { specs, data } = quantizeArtifacts(artifacts, 'uint8');
    const back = tf.io.decodeWeights(data.slice().buffer, specs);
    expect(Array.from(back.i.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(back.f.dataSync())).toEqual([0.25, -0.5]); // float16 holds these exactly
  });
});
