/** Writes a trained head as a tfjs layers model (model.json + one .bin), weights stored as float16. */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** IEEE 754 half-precision bits of a float32 value (round to nearest). */
export function toFloat16Bits(value: number): number {
  const f32 = new Float32Array([value]);
  const x = new Uint32Array(f32.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = ((x >>> 23) & 0xff) - 127 + 15;
  let mant = x & 0x7fffff;
  if (exp >= 0x1f) return sign | 0x7c00 | (((x >>> 23) & 0xff) === 0xff && mant ? 0x200 : 0);
  if (exp <= 0) {
    if (exp < -10) return sign;
    mant = (mant | 0x800000) >> (1 - exp);
    return sign | ((mant + 0x1000) >> 13);
  }
  const half = sign | (exp << 10) | (mant >> 13);
  // Round half up on the dropped bits; may carry into the exponent, which is correct.
  return mant & 0x1000 ? half + 1 : half;
}

function concat(data: ArrayBuffer | ArrayBuffer[]): ArrayBuffer {
  if (!Array.isArray(data)) return data;
  const total = data.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), o);
    o += b.byteLength;
  }
  return out.buffer;
}

/** Saves `model` to `<dir>/<name>.json` and `<dir>/<name>.bin`; returns the two file paths. */
export async function saveHead(model: tf.LayersModel, jsonPath: string): Promise<string[]> {
  const binName = jsonPath.replace(/^.*\//, '').replace(/\.json$/, '.bin');
  const binPath = join(dirname(jsonPath), binName);
  mkdirSync(dirname(jsonPath), { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const src = new Float32Array(concat(artifacts.weightData as ArrayBuffer | ArrayBuffer[]));
      const halfs = new Uint16Array(src.length);
      for (let i = 0; i < src.length; i++) halfs[i] = toFloat16Bits(src[i]);
      const specs = (artifacts.weightSpecs ?? []).map((s) => {
        if (s.dtype !== 'float32') throw new Error(`head weight ${s.name} is ${s.dtype}, expected float32`);
        return { ...s, quantization: { dtype: 'float16' as const } };
      });
      writeFileSync(binPath, new Uint8Array(halfs.buffer));
      const json = {
        format: 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [binName], weights: specs }],
      };
      writeFileSync(jsonPath, JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return [jsonPath, binPath];
}
