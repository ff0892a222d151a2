/**
 * A graph model's weights as raw bytes per name, read without a tfjs backend,
 * so a load-time graph rewrite can drop, keep and add weights before tfjs sees
 * them. Kept weights keep their bytes (and float16 quantisation) as they are.
 */
import type * as tf from '@tensorflow/tfjs';

type Spec = tf.io.WeightsManifestEntry;

interface Entry {
  spec: Spec;
  bytes: Uint8Array;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, float16: 2, uint8: 1, uint16: 2 };

function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function float16ToFloat32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 0x1f) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

export class WeightTable {
  private readonly entries = new Map<string, Entry>();

  constructor(specs: readonly Spec[], data: ArrayBuffer | ArrayBuffer[]) {
    const all = Array.isArray(data) ? concat(data) : new Uint8Array(data);
    let offset = 0;
    for (const spec of specs) {
      const per = BYTES[spec.quantization?.dtype ?? spec.dtype];
      if (per === undefined) throw new RangeError(`weight ${spec.name}: unsupported dtype ${spec.dtype}`);
      const size = elementCount(spec.shape) * per;
      this.entries.set(spec.name, { spec, bytes: all.subarray(offset, offset + size) });
      offset += size;
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  shape(name: string): number[] | undefined {
    return this.entries.get(name)?.spec.shape;
  }

  /** A float weight's values as float32 (dequantised), or undefined if absent or not float. */
  floats(name: string): Float32Array | undefined {
    const e = this.entries.get(name);
    if (!e || e.spec.dtype !== 'float32') return undefined;
    const q = e.spec.quantization;
    const n = elementCount(e.spec.shape);
    const view = new DataView(e.bytes.buffer, e.bytes.byteOffset, e.bytes.byteLength);
    const out = new Float32Array(n);
    if (!q) for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
    else if (q.dtype === 'float16') for (let i = 0; i < n; i++) out[i] = float16ToFloat32(view.getUint16(i * 2, true));
    else if (q.dtype === 'uint8' || q.dtype === 'uint16') {
      // tfjs' affine dequantisation: value = q * scale + min.
      const get = q.dtype === 'uint8' ? (i: number) => view.getUint8(i) : (i: number) => view.getUint16(i * 2, true);
      for (let i = 0; i < n; i++) out[i] = get(i) * (q.scale ?? 1) + (q.min ?? 0);
    } else return undefined;
    return out;
  }

  /** An unquantised int32 weight's values, or undefined. */
  ints(name: string): Int32Array | undefined {
    const e = this.entries.get(name);
    if (!e || e.spec.dtype !== 'int32' || e.spec.quantization) return undefined;
    const view = new DataView(e.bytes.buffer, e.bytes.byteOffset, e.bytes.byteLength);
    return Int32Array.from({ length: e.bytes.byteLength / 4 }, (_, i) => view.getInt32(i * 4, true));
  }

  setFloats(name: string, shape: number[], values: Float32Array): void {
    const bytes = new Uint8Array(values.length * 4);
    const view = new DataView(bytes.buffer);
    values.forEach((v, i) => view.setFloat32(i * 4, v, true));
    this.entries.set(name, { spec: { name, shape, dtype: 'float32' }, bytes });
  }

  /** Specs and one buffer holding only the named weights, in table order. */
  pack(keep: (name: string) => boolean): { specs: Spec[]; data: ArrayBuffer } {
    const kept = [...this.entries.values()].filter((e) => keep(e.spec.name));
    const out = concat(kept.map((e) => e.bytes));
    return { specs: kept.map((e) => e.spec), data: out.buffer as ArrayBuffer };
  }
}

function concat(parts: readonly (ArrayBuffer | Uint8Array)[]): Uint8Array {
  const views = parts.map((p) => (p instanceof Uint8Array ? p : new Uint8Array(p)));
  const out = new Uint8Array(views.reduce((a, v) => a + v.byteLength, 0));
  let o = 0;
  for (const v of views) {
    out.set(v, o);
    o += v.byteLength;
  }
  return out;
}
