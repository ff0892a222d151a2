/**
 * Shared set-up for the Node inference tests: the WASM backend, models read
 * from the repository's `models/`, and face photos read from the shared data
 * folder (never copied into the repository).
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateEnsembleSpec, type DetectorSpec } from '../../../src/core/ensembleSpec';
import { initBackend } from '../../../src/inference/backend';
import { rgbaToTensor } from '../../../src/inference/image';
import type { ModelSource } from '../../../src/inference/modelSource';
import { fileModelSource } from '../../../src/node/runtime';
import { DATA_DIR } from '../../helpers/data';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export const models: ModelSource = fileModelSource(join(REPO, 'models'));

/** The shipped detector (models/ensemble.json, checked), with a test's overrides. */
export function detectorSpec(overrides: Partial<DetectorSpec> = {}): DetectorSpec {
  const shipped = validateEnsembleSpec(JSON.parse(readFileSync(join(REPO, 'models', 'ensemble.json'), 'utf8')));
  return { ...shipped.detector, ...overrides };
}

export async function useWasm(): Promise<void> {
  const choice = await initBackend({ preferred: 'wasm' });
  if (choice.backend !== 'wasm') throw new Error(`wanted wasm, got ${choice.backend}`);
}

/**
 * A UTKFace photo (200 x 200) drawn at (left, top) on a black canvas of
 * width x height, as an int32 RGB tensor. The caller disposes it.
 */
export async function photoOnCanvas(
  file: string,
  left: number,
  top: number,
  width: number,
  height: number,
): Promise<tf.Tensor3D> {
  const img = await loadImage(readFileSync(join(DATA_DIR, 'utkface', file)));
  const c = createCanvas(width, height);
  const g = c.getContext('2d');
  g.fillStyle = '#000';
  g.fillRect(0, 0, width, height);
  g.drawImage(img, left, top);
  return rgbaToTensor(g.getImageData(0, 0, width, height).data, width, height);
}
