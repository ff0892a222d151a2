/**
 * Node-side runtime: picks tfjs-node when it is installed (native, fast), else
 * the WASM backend; reads model files from disk through the same loaders the
 * browser uses with URLs.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { initBackend } from '../inference/backend';
import type { EnsembleSource, ModelSource } from '../inference';
import { installWasmGradKernels } from './wasmGradKernels';

export async function initNodeBackend(log: (msg: string) => void = () => {}): Promise<string> {
  try {
    // Optional dependency: not installable on machines without libtensorflow downloads.
    const pkg = '@tensorflow/tfjs-node';
    await import(/* @vite-ignore */ pkg);
    if (await tf.setBackend('tensorflow')) {
      await tf.ready();
      log('backend: tensorflow (@tensorflow/tfjs-node)');
      return 'tensorflow';
    }
  } catch {
    // not installed: fall through to WASM
  }
  const choice = await initBackend({ preferred: 'wasm' });
  log(`backend: ${choice.backend} (@tensorflow/tfjs-node not installed)`);
  // WASM has no (or slow) convolution gradients; fine-tuning needs them.
  if (installWasmGradKernels()) log('wasm: convolution gradient kernels installed');
  return choice.backend;
}

/** An IOHandler that reads a tfjs model.json and its weight files from disk. */
export function fileHandler(jsonPath: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(jsonPath, 'utf8')) as tf.io.ModelJSON;
      const dir = dirname(jsonPath);
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: Buffer[] = [];
      for (const group of json.weightsManifest) {
        specs.push(...group.weights);
        for (const p of group.paths) buffers.push(readFileSync(join(dir, p)));
      }
      const all = Buffer.concat(buffers);
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
        modelInitializer: json.modelInitializer,
        trainingConfig: json.trainingConfig,
        weightSpecs: specs,
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer,
      };
    },
  };
}

export function fileModelSource(dir: string): ModelSource {
  return (file) => fileHandler(join(dir, file));
}

/** `models/ensemble.json` and its files from a folder, for `loadEnsemble` (which checks the spec). */
export function fileEnsembleSource(dir: string): EnsembleSource {
  const path = join(dir, 'ensemble.json');
  let spec: unknown;
  try {
    spec = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return { spec, files: fileModelSource(dir) };
}
