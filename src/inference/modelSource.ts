/**
 * Where model files come from. The browser passes URLs under the app's own
 * origin; Node passes an IOHandler that reads files. Either way the same
 * loading code runs.
 */
import * as tf from '@tensorflow/tfjs';

export type ModelSource = (file: string) => string | tf.io.IOHandler;

export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
  readonly file: string;

  constructor(file: string, cause: unknown) {
    super(`could not load model file "${file}": ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.file = file;
  }
}

/** URLs relative to a base, e.g. `${import.meta.env.BASE_URL}models/`. */
export function urlModelSource(baseUrl: string): ModelSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return (file) => base + file;
}

export async function loadGraph(source: ModelSource, file: string): Promise<tf.GraphModel> {
  try {
    return await tf.loadGraphModel(source(file));
  } catch (e) {
    throw new ModelLoadError(file, e);
  }
}

export async function loadLayers(source: ModelSource, file: string): Promise<tf.LayersModel> {
  try {
    return await tf.loadLayersModel(source(file));
  } catch (e) {
    throw new ModelLoadError(file, e);
  }
}
