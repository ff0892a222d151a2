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

/** Loads a graph model as it is stored (shipped graphs are fused at build time: scripts/fuse-models.ts). */
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

/** Raised when a model file's bytes do not match the sha256 that ensemble.json gives for it. */
export class ModelIntegrityError extends Error {
  override name = 'ModelIntegrityError';
  readonly file: string;

  constructor(file: string, message: string) {
    super(message);
    this.file = file;
  }
}

export type Digest = (data: ArrayBuffer) => Promise<ArrayBuffer>;

const sha256: Digest = (data) => crypto.subtle.digest('SHA-256', data);

export function toHex(digest: ArrayBuffer): string {
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A `fetch` for model files under `baseUrl` that hands a file on only when its
 * bytes hash to the sha256 listed for it; a file the table does not list is
 * refused, and so is an HTTP error (a missing file).
 */
export function verifyingFetch(
  baseUrl: string,
  hashes: Readonly<Record<string, string>>,
  fetchFn: typeof fetch = (...a) => fetch(...a),
  digest: Digest = sha256,
): typeof fetch {
  return async (input, init) => {
    const url = String(input);
    const file = (url.startsWith(baseUrl) ? url.slice(baseUrl.length) : url).split(/[?#]/)[0];
    const expected = hashes[file]?.toLowerCase();
    if (!expected) throw new ModelIntegrityError(file, `${file} is not listed in ensemble.json's sha256 table`);
    const response = await fetchFn(url, init);
    // tfjs reads a weight file's error page as weights, so HTTP errors stop here.
    if (!response.ok) throw new ModelIntegrityError(file, `${file} is missing (HTTP ${response.status})`);
    const bytes = await response.arrayBuffer();
    const actual = toHex(await digest(bytes));
    if (actual !== expected) {
      throw new ModelIntegrityError(
        file,
        `${file} is damaged or altered: sha256 ${actual.slice(0, 12)}… instead of ${expected.slice(0, 12)}…`,
      );
    }
    return new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/** Like `urlModelSource`, but every topology and weight file is checked against `hashes` as it loads. */
export function verifiedUrlModelSource(
  baseUrl: string,
  hashes: Readonly<Record<string, string>>,
  fetchFn?: typeof fetch,
  digest?: Digest,
): ModelSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const fetchFunc = verifyingFetch(base, hashes, fetchFn, digest);
  return (file) => tf.io.http(base + file, { fetchFunc });
}
