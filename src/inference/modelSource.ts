/**
 * Where model files come from. The browser passes URLs under the app's own
 * origin; Node passes an IOHandler that reads files. Either way the same
 * loading code runs.
 */
import * as tf from '@tensorflow/tfjs';
import { AppError, errorDetail, type AppErrorCode, type AppErrorParams } from '../core/appError';

export type ModelSource = (file: string) => string | tf.io.IOHandler;

/**
 * A model file that did not load. Its code is the cause's when that is an
 * AppError (a checked file missing or altered: it names the very file),
 * `model-bad-json` when tfjs could not parse the topology, else `model-load-failed`.
 */
export class ModelLoadError extends AppError {
  override name = 'ModelLoadError';
  readonly file: string;

  constructor(file: string, cause: unknown) {
    const [code, params] = loadErrorCode(file, cause);
    super(code, params, `could not load model file "${file}": ${errorDetail(cause)}`, { cause });
    this.file = file;
  }
}

function loadErrorCode(file: string, cause: unknown): [AppErrorCode, AppErrorParams<AppErrorCode>] {
  if (cause instanceof AppError) return [cause.code, cause.params];
  // tf.io.http's words for a topology that is not JSON; a file handler's JSON.parse throws a SyntaxError.
  if (cause instanceof SyntaxError || /Failed to parse model JSON/.test(errorDetail(cause))) {
    return ['model-bad-json', { file }];
  }
  return ['model-load-failed', { file, detail: errorDetail(cause) }];
}

/** URLs relative to a base, e.g. `${import.meta.env.BASE_URL}models/`. */
export function urlModelSource(baseUrl: string): ModelSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return (file) => base + file;
}

/**
 * Loads a graph model as it is stored (shipped graphs are fused at build time:
 * scripts/fuse-models.ts). With `inputSize`, the image input is declared that
 * many pixels square instead of the size the file fixes: a convolutional
 * backbone runs at any size, but tfjs refuses an input that its placeholder's
 * shape does not allow. The file's bytes (and so their sha256) are untouched.
 */
export async function loadGraph(source: ModelSource, file: string, inputSize?: number): Promise<tf.GraphModel> {
  try {
    const from = source(file);
    if (inputSize === undefined) return await tf.loadGraphModel(from);
    const handler = typeof from === 'string' ? tf.io.http(from) : from;
    return await tf.loadGraphModel({
      load: async () => withImageInputSize(await handler.load!(), inputSize),
    });
  } catch (e) {
    throw new ModelLoadError(file, e);
  }
}

interface TopologyNode {
  op?: string;
  attr?: { shape?: { shape?: { dim?: { size: string | number }[] } } };
}

/** Sets height and width of every 4-d (NHWC) placeholder and signature input to `size`. */
export function withImageInputSize(artifacts: tf.io.ModelArtifacts, size: number): tf.io.ModelArtifacts {
  const resize = (dim: { size: string | number }[] | undefined) =>
    dim?.length === 4 ? dim.map((d, i) => (i === 1 || i === 2 ? { ...d, size: String(size) } : d)) : dim;
  const topology = artifacts.modelTopology as { node?: TopologyNode[] } | undefined;
  const node = topology?.node?.map((n) =>
    n.op === 'Placeholder' && n.attr?.shape?.shape
      ? { ...n, attr: { ...n.attr, shape: { shape: { ...n.attr.shape.shape, dim: resize(n.attr.shape.shape.dim) } } } }
      : n,
  );
  const signature = artifacts.signature as
    { inputs?: Record<string, { tensorShape?: { dim?: { size: string | number }[] } }> } | undefined;
  const inputs =
    signature?.inputs &&
    Object.fromEntries(
      Object.entries(signature.inputs).map(([k, v]) => [
        k,
        v.tensorShape ? { ...v, tensorShape: { ...v.tensorShape, dim: resize(v.tensorShape.dim) } } : v,
      ]),
    );
  return {
    ...artifacts,
    modelTopology: topology ? { ...topology, node } : artifacts.modelTopology,
    signature: signature ? { ...signature, inputs } : artifacts.signature,
  };
}

export async function loadLayers(source: ModelSource, file: string): Promise<tf.LayersModel> {
  try {
    return await tf.loadLayersModel(source(file));
  } catch (e) {
    throw new ModelLoadError(file, e);
  }
}

/** Raised when a model file's bytes do not match the sha256 that ensemble.json gives for it. */
export class ModelIntegrityError extends AppError<
  'model-unlisted' | 'model-unreachable' | 'model-missing' | 'model-corrupt'
> {
  override name = 'ModelIntegrityError';

  get file(): string {
    return String(this.params.file);
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
    if (!expected) {
      throw new ModelIntegrityError(
        'model-unlisted',
        { file },
        `${file} is not listed in ensemble.json's sha256 table`,
      );
    }
    let response: Response;
    try {
      response = await fetchFn(url, init);
    } catch (e) {
      // Offline or refused: the file is named here, where it is known.
      const detail = errorDetail(e);
      throw new ModelIntegrityError('model-unreachable', { file, detail }, `${file} could not be fetched: ${detail}`);
    }
    // tfjs reads a weight file's error page as weights, so HTTP errors stop here.
    if (!response.ok) {
      const status = response.status;
      throw new ModelIntegrityError('model-missing', { file, status }, `${file} is missing (HTTP ${status})`);
    }
    const bytes = await response.arrayBuffer();
    const actual = toHex(await digest(bytes));
    if (actual !== expected) {
      throw new ModelIntegrityError(
        'model-corrupt',
        { file, expected, actual },
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
