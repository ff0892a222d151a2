/**
 * Owns the tfjs backend and the loaded ensemble, outside React and outside
 * the store (which only gets plain status data). Every use of the models goes
 * through one queue, so a backend switch never runs under a frame's analysis.
 */
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { validateEnsembleSpec } from '../core/ensembleSpec';
import { initBackend, type BackendName } from '../inference/backend';
import { Ensemble, type FaceResult } from '../inference/ensemble';
import { analyzeCanvas, liveTensors } from '../inference/frameSource';
import { urlModelSource } from '../inference/modelSource';
import type { AppStore } from './store';
import type { BackendPref } from './store/settings';

/** The backend asks for every binary; the threaded one is never fetched (threads are off). */
const WASM_PATHS: Record<string, string> = {
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
};

export class EngineNotReadyError extends Error {
  override name = 'EngineNotReadyError';
}

export class Engine {
  private readonly store: AppStore;
  private readonly modelsUrl: string;
  private ensemble: Ensemble | null = null;
  private queue: Promise<unknown> = Promise.resolve();

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
      const { setEngine } = this.store.getState();
      setEngine({ status: 'loading', error: null });
      this.ensemble?.dispose();
      this.ensemble = null;
      try {
        const choice = await initBackend({
          preferred: pref === 'auto' ? undefined : (pref as BackendName),
          wasmPaths: WASM_PATHS,
        });
        setEngine({ backend: choice.backend, skipped: choice.skipped });
        const response = await fetch(`${this.modelsUrl}ensemble.json`);
        if (!response.ok) throw new Error(`ensemble.json: HTTP ${response.status}`);
        const spec = validateEnsembleSpec(await response.json());
        this.ensemble = await Ensemble.load(spec, urlModelSource(this.modelsUrl));
        setEngine({ status: 'ready', members: spec.members.length });
      } catch (e) {
        setEngine({ status: 'error', error: e instanceof Error ? e.message : String(e) });
      }
    });
  }

  /** Analyses the canvas as it is when the task runs. */
  analyze(canvas: HTMLCanvasElement): Promise<FaceResult[]> {
    return this.enqueue(async () => {
      if (!this.ensemble) throw new EngineNotReadyError('the models are not loaded');
      return analyzeCanvas(this.ensemble, canvas);
    });
  }

  /** Live tensors on the active backend (for the leak check in the camera stats). */
  tensors(): number {
    return liveTensors();
  }

  get ready(): boolean {
    return this.ensemble !== null;
  }
}
