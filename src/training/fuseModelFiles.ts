/**
 * Build-time graph fusion: a vendored model's fused graph (graphFusion.ts)
 * written as model files, so browsers load it as it is instead of rewriting
 * it on every load. The original stays beside it (`original/`), named in the
 * fused model.json's `userDefinedMetadata.fusedFrom` with its sha256: the
 * trainer fine-tunes the original (tfjs' fused kernels have no gradient for
 * relu6 or PReLU) and the fused files can be made again from it.
 */
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { toHalfBits } from '../../scripts/lib/quantize';
import { fuseGraph, type FusionReport } from '../inference/graphFusion';
import { fileHandler } from '../node/runtime';

/** Where a models folder keeps the originals of its fused graphs. */
export const ORIGINALS_DIR = 'original';

/**
 * How the weights made by fusion (folded filters, biases, PReLU slopes) are
 * stored: as the original stores its float weights (float16 stays float16),
 * or float32 (exactly what runtime fusion computes).
 */
export type FusedStorage = 'as-original' | 'float32';

export interface FusedFrom {
  /** The original model.json, relative to the models folder. */
  file: string;
  /** sha256 of the original's model.json and weight files, relative to the models folder. */
  sha256: Record<string, string>;
}

export interface FusionMetadata {
  fusedFrom: FusedFrom;
  fusion: FusionReport;
  fusedWeights: 'float16' | 'float32';
}

export interface FusedModelFiles {
  /** The json and weight file written. */
  files: string[];
  metadata: FusionMetadata;
  weightBytes: number;
}

const sha256File = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function weightPaths(jsonPath: string): string[] {
  const json = JSON.parse(readFileSync(jsonPath, 'utf8')) as tf.io.ModelJSON;
  return json.weightsManifest.flatMap((g) => g.paths.map((p) => join(dirname(jsonPath), p)));
}

/** The fusion record of a model.json, or undefined for a graph as vendored. */
export function fusionMetadata(jsonPath: string): FusionMetadata | undefined {
  const json = JSON.parse(readFileSync(jsonPath, 'utf8')) as tf.io.ModelJSON;
  const meta = json.userDefinedMetadata as Partial<FusionMetadata> | undefined;
  return meta?.fusedFrom ? (meta as FusionMetadata) : undefined;
}

/** The original's files (json first) of a fused model, relative to `modelsDir`; none for an unfused one. */
export function originalFiles(modelsDir: string, file: string): string[] {
  const meta = fusionMetadata(join(modelsDir, file));
  return meta ? Object.keys(meta.fusedFrom.sha256) : [];
}

/** The unfused graph of `file` (its original if it is fused), as a path. */
export function unfusedModelPath(modelsDir: string, file: string): string {
  const meta = fusionMetadata(join(modelsDir, file));
  if (!meta) return join(modelsDir, file);
  const path = join(modelsDir, meta.fusedFrom.file);
  if (!existsSync(path)) throw new Error(`${file} was fused from ${meta.fusedFrom.file}, which is missing`);
  return path;
}

/** The original graph fused as the browser once did at load time (for checks against the fused files). */
export async function loadFusedAtRuntime(jsonPath: string): Promise<tf.GraphModel> {
  const { artifacts } = fuseGraph(await fileHandler(jsonPath).load!());
  return tf.loadGraphModel(tf.io.fromMemory(artifacts));
}

function storesFloat16(specs: readonly tf.io.WeightsManifestEntry[]): boolean {
  const floats = specs.filter((s) => s.dtype === 'float32');
  return floats.length > 0 && floats.every((s) => s.quantization?.dtype === 'float16');
}

/** The packed weights with the named float32 ones re-stored as float16 (round to nearest even). */
function toFloat16(
  specs: readonly tf.io.WeightsManifestEntry[],
  data: ArrayBuffer,
  names: ReadonlySet<string>,
): { specs: tf.io.WeightsManifestEntry[]; data: Uint8Array } {
  const outSpecs: tf.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const size = count * (spec.quantization?.dtype === 'float16' ? 2 : spec.dtype === 'bool' ? 1 : 4);
    const bytes = new Uint8Array(data, offset, size);
    offset += size;
    if (!names.has(spec.name) || spec.dtype !== 'float32' || spec.quantization) {
      outSpecs.push(spec);
      parts.push(bytes);
      continue;
    }
    const values = new Float32Array(bytes.slice().buffer);
    outSpecs.push({ ...spec, quantization: { dtype: 'float16' } });
    parts.push(new Uint8Array(Uint16Array.from(values, toHalfBits).buffer));
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  parts.reduce((o, p) => (out.set(p, o), o + p.byteLength), 0);
  return { specs: outSpecs, data: out };
}

/**
 * Fuses `originalJson` into `outJson` (and a weight file named after it),
 * recording the original relative to `modelsDir`. The same original gives the
 * same bytes, so running it again changes nothing.
 */
export async function writeFusedModel(
  modelsDir: string,
  originalJson: string,
  outJson: string,
  storage: FusedStorage = 'as-original',
): Promise<FusedModelFiles> {
  const artifacts = await fileHandler(originalJson).load!();
  const { artifacts: fused, report } = fuseGraph(artifacts);
  if (fused === artifacts) throw new Error(`${basename(originalJson)} has nothing to fuse: ship it as it is`);
  const before = new Set((artifacts.weightSpecs ?? []).map((s) => s.name));
  const made = new Set((fused.weightSpecs ?? []).map((s) => s.name).filter((n) => !before.has(n)));
  const half = storage === 'as-original' && storesFloat16(artifacts.weightSpecs ?? []);
  const weights = half
    ? toFloat16(fused.weightSpecs!, fused.weightData as ArrayBuffer, made)
    : { specs: fused.weightSpecs!, data: new Uint8Array(fused.weightData as ArrayBuffer) };

  const rel = (p: string) => relative(modelsDir, p);
  const originals = [originalJson, ...weightPaths(originalJson)];
  const metadata: FusionMetadata = {
    fusedFrom: { file: rel(originalJson), sha256: Object.fromEntries(originals.map((p) => [rel(p), sha256File(p)])) },
    fusion: report,
    fusedWeights: half ? 'float16' : 'float32',
  };
  const json = JSON.parse(readFileSync(originalJson, 'utf8')) as tf.io.ModelJSON;
  const binName = basename(outJson).replace(/\.json$/, '.bin');
  const out: tf.io.ModelJSON = {
    ...json,
    modelTopology: fused.modelTopology as object,
    weightsManifest: [{ paths: [binName], weights: weights.specs }],
    userDefinedMetadata: { ...json.userDefinedMetadata, ...metadata },
  };
  mkdirSync(dirname(outJson), { recursive: true });
  const binPath = join(dirname(outJson), binName);
  writeFileSync(binPath, weights.data);
  writeFileSync(outJson, JSON.stringify(out));
  return { files: [outJson, binPath], metadata, weightBytes: weights.data.byteLength };
}
