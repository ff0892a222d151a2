/**
 * Re-stores a tfjs graph model's float weights smaller: float16, or 8-bit
 * affine (tfjs' `uint8` quantization: value = min + q * scale, per tensor).
 * The topology is left as it is; tfjs dequantizes as it loads.
 */
import * as tf from '@tensorflow/tfjs';

export type WeightDtype = 'float16' | 'uint8';

/** float32 -> IEEE half bits, round to nearest even (what numpy's astype(float16) does). */
export function toHalfBits(value: number): number {
  const f32 = new Float32Array([value]);
  const x = new Uint32Array(f32.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // inf / NaN
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow -> inf
  if (e <= 0) {
    if (e < -10) return sign; // underflow -> 0
    mant |= 0x800000;
    const shift = 14 - e;
    const half = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    return sign | (half + (rest > mid || (rest === mid && half & 1) ? 1 : 0));
  }
  const rest = mant & 0x1fff;
  let bits = sign | (e << 10) | (mant >>> 13);
  if (rest > 0x1000 || (rest === 0x1000 && bits & 1)) bits++; // may carry into the exponent: still right
  return bits;
}

export interface QuantizedTensor {
  spec: tf.io.WeightsManifestEntry;
  bytes: Uint8Array;
}

export function quantizeTensor(
  name: string,
  shape: number[],
  values: Float32Array,
  dtype: WeightDtype,
): QuantizedTensor {
  if (dtype === 'float16') {
    const half = new Uint16Array(values.length);
    for (let i = 0; i < values.length; i++) half[i] = toHalfBits(values[i]);
    return {
      spec: { name, shape, dtype: 'float32', quantization: { dtype: 'float16' } },
      bytes: new Uint8Array(half.buffer),
    };
  }
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // The range must hold 0 exactly only for padding-like weights; tfjs' converter does not nudge it either.
  const scale = max > min ? (max - min) / 255 : 1;
  const q = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) q[i] = Math.round((values[i] - min) / scale);
  return {
    spec: { name, shape, dtype: 'float32', quantization: { dtype: 'uint8', min, scale } },
    bytes: q,
  };
}

/**
 * Every float tensor of the model re-stored as `dtype`; int32 tensors and
 * tensors with fewer than `minElements` values (biases, BN terms) keep float32
 * (8 bits on a bias costs accuracy for no size).
 */
export function quantizeArtifacts(
  artifacts: tf.io.ModelArtifacts,
  dtype: WeightDtype,
  minElements = 256,
): { specs: tf.io.WeightsManifestEntry[]; data: Uint8Array } {
  const specs = artifacts.weightSpecs ?? [];
  const buffer = artifacts.weightData as ArrayBuffer;
  const decoded = tf.io.decodeWeights(buffer, specs);
  const outSpecs: tf.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  for (const spec of specs) {
    const t = decoded[spec.name];
    const values = t.dataSync();
    const shape = spec.shape;
    if (t.dtype !== 'float32') {
      outSpecs.push({ name: spec.name, shape, dtype: t.dtype });
      parts.push(new Uint8Array(Int32Array.from(values).buffer));
    } else if (values.length < minElements && dtype === 'uint8') {
      // Small tensors (biases, depthwise kernels) stay float16: 8 bits there cost accuracy for no size.
      const q = quantizeTensor(spec.name, shape, values as Float32Array, 'float16');
      outSpecs.push(q.spec);
      parts.push(q.bytes);
    } else {
      const q = quantizeTensor(spec.name, shape, values as Float32Array, dtype);
      outSpecs.push(q.spec);
      parts.push(q.bytes);
    }
    t.dispose();
  }
  const size = parts.reduce((n, p) => n + p.byteLength, 0);
  const data = new Uint8Array(size);
  let off = 0;
  for (const p of parts) {
    data.set(p, off);
    off += p.byteLength;
  }
  return { specs: outSpecs, data };
}
