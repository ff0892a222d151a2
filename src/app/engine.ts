/**
 * Owns the tfjs backend and the loaded ensemble, outside React and outside
 * the store (which only gets plain status data). Every use of the models goes
 * through one queue, so a backend switch never runs under a frame's analysis.
 */
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { AppError, errorDetail, toErrorData } from '../core/appError';
import { validateEnsembleSpec, type EnsembleSpec } from '../core/ensembleSpec';
import { chooseWasmThreads } from '../core/wasmThreads';
import {
  BACKENDS,
  BackendError,
  initBackend,
  loadEnsemble,
  tensorMemory,
  verifiedUrlModelSource,
  watchActiveBackend,
  type BackendName,
  type DetectOptions,
  type Ensemble,
  type FaceResult,
} from '../inference';
import { prefetchModelFiles } from './modelDownload';
import type { AppStore } from './store';
import type { BackendPref } from './store/settings';

/** tfjs asks for every binary's URL; it fetches the threaded one only in a cross-origin isolated page. */
const WASM_PATHS: Record<string, string> = {
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
};

/** Failed analyses in a row after which the backend is given up for the next one in the chain. */
export const MAX_FAILURES = 3;

/** The backends after `current` in the chain (a lost GPU device or context falls back to these). */
export function backendsAfter(current: BackendName): BackendName[] {
  return BACKENDS.slice(BACKENDS.indexOf(current) + 1);
}

const SPEC_FILE = 'ensemble.json';

/** A failure to read ensemble.json, naming it, with what the browser said. */
const specError = (code: 'spec-unreachable' | 'spec-bad-json', what: string, cause: unknown) =>
  new AppError(code, { file: SPEC_FILE, detail: errorDetail(cause) }, `${what}: ${errorDetail(cause)}`, { cause });

/** ensemble.json, checked; every failure names the file. */
async function fetchSpec(url: string): Promise<EnsembleSpec> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw specError('spec-unreachable', 'ensemble.json could not be fetched', e);
  }
  if (!response.ok) {
    const status = response.status;
    throw new AppError('spec-missing', { file: SPEC_FILE, status }, `ensemble.json: HTTP ${status}`);
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch (e) {
    throw specError('spec-bad-json', 'ensemble.json is damaged (not valid JSON)', e);
  }
  return validateEnsembleSpec(json);
}

export class EngineNotReadyError extends AppError<'engine-not-ready'> {
  override name = 'EngineNotReadyError';

  constructor() {
    super('engine-not-ready', {}, 'the models are not loaded');
  }
}

export class Engine {
  private readonly store: AppStore;
  private readonly modelsUrl: string;
  private ensemble: Ensemble | null = null;
  private failures = 0;
  private queue: Promise<unknown> = Promise.resolve();
  /** Bumped on every load, so a loss reported by an earlier backend is ignored. */
  private generation = 0;
  private unwatch: (() => void) | null = null;
  /** The user's choice as last started: a fallback under 'auto' keeps auto's rules (e.g. skip software GPUs). */
  private pref: BackendPref = 'auto';

  constructor(store: AppStore, baseUrl: string) {
    this.store = store;
    this.modelsUrl = `${baseUrl}models/`;
  }

  /** Runs `task` after everything queued before it; a failure does not block later tasks. */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** (Re)starts on the preferred backend and loads the models; status goes to the store. */
  start(pref: BackendPref): Promise<void> {
    return this.enqueue(async () => {
      this.pref = pref;
      this.store.getState().setEngine({ fellBack: null });
      await this.load({ preferred: pref === 'auto' ? undefined : pref });
    });
  }

  /** Picks a backend, then loads the ensemble on it. Never throws: failures go to the store. */
  private async load(opts: { preferred?: BackendName; exclude?: BackendName[] }): Promise<void> {
    const { setEngine } = this.store.getState();
    setEngine({ status: 'loading', error: null, progress: null });
    this.unwatch?.();
    this.unwatch = null;
    const generation = ++this.generation;
    try {
      this.ensemble?.dispose();
    } catch {
      // Freeing models on a lost GPU device or context may fail; they are gone anyway.
    }
    this.ensemble = null;
    this.failures = 0;
    try {
      const threads = chooseWasmThreads(
        this.store.getState().wasmThreads,
        globalThis.navigator?.hardwareConcurrency,
        globalThis.crossOriginIsolated === true,
      );
      const choice = await initBackend({ ...opts, wasmPaths: WASM_PATHS, wasmThreads: threads.threads });
      setEngine({ backend: choice.backend, skipped: choice.skipped });
      if (choice.wasm) {
        const singleBecause = choice.wasm.threads > 1 ? undefined : threads.singleBecause;
        setEngine({ wasm: { ...choice.wasm, ...(singleBecause ? { singleBecause } : {}) } });
      }
      // A lost WebGPU device or WebGL context moves to the next backend at once, without a reload.
      this.unwatch = watchActiveBackend(choice.backend, (reason) => this.lost(generation, reason));
      const spec = await fetchSpec(`${this.modelsUrl}ensemble.json`);
      // All files are fetched at once, counted for the progress bar; each is checked against
      // ensemble.json's sha256 as it loads.
      const fetchFn = prefetchModelFiles(this.modelsUrl, Object.keys(spec.sha256), (progress) => {
        if (generation === this.generation) setEngine({ progress });
      });
      // Warmed up before 'ready': the first frame would otherwise pay kernel and shader set-up.
      this.ensemble = await loadEnsemble({ spec, files: verifiedUrlModelSource(this.modelsUrl, spec.sha256, fetchFn) });
      setEngine({ status: 'ready', members: spec.members.length });
    } catch (e) {
      // No backend at all: the store still lists why each was skipped.
      setEngine({
        status: 'error',
        error: toErrorData(e),
        ...(e instanceof BackendError ? { skipped: e.skipped } : {}),
      });
    }
  }

  /**
   * Analyses the canvas as it is when the task runs. After MAX_FAILURES in a
   * row (a backend that broke without saying so fails every call) the engine
   * moves to the next backend in the chain without a page reload; a lost
   * WebGPU device or WebGL context does so at once (see `lost`). Photo checks
   * pass `{ tiled: true }`; the camera passes nothing (whole frame only, fast).
   */
  analyze(canvas: HTMLCanvasElement, detection: DetectOptions = {}): Promise<FaceResult[]> {
    return this.enqueue(async () => {
      if (!this.ensemble) throw new EngineNotReadyError();
      try {
        const results = await this.ensemble.analyzeCanvas(canvas, detection);
        this.failures = 0;
        return results;
      } catch (e) {
        if (++this.failures >= MAX_FAILURES) await this.fallBack(e);
        throw e;
      }
    });
  }

  /** The backend loaded in `generation` lost its GPU device or context. */
  private lost(generation: number, reason: AppError): void {
    if (generation !== this.generation) return;
    void this.enqueue(async () => {
      if (generation === this.generation) await this.fallBack(reason);
    });
  }

  private async fallBack(cause: unknown): Promise<void> {
    const from = this.store.getState().engine.backend;
    if (!from) return;
    const rest = backendsAfter(from);
    if (rest.length === 0) return;
    this.store.getState().setEngine({ fellBack: { from, error: toErrorData(cause) } });
    // Under 'auto' the rest of the chain is walked by auto's rules, so a lost WebGPU device does not
    // land on a software WebGL when WASM is faster; a backend the user forced falls to the next one as is.
    const exclude = BACKENDS.filter((b) => !rest.includes(b));
    await this.load({ preferred: this.pref === 'auto' ? undefined : rest[0], exclude });
  }

  /** Live tensors and their bytes on the active backend (tf.memory()), for the leak checks in the camera stats. */
  memory(): { numTensors: number; numBytes: number } {
    return tensorMemory();
  }

  get ready(): boolean {
    return this.ensemble !== null;
  }
}
