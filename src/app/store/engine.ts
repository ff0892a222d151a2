/** Model and backend status, as plain data for the UI. */
import type { StateCreator } from 'zustand/vanilla';
import type { AppErrorData } from '../../core/appError';
import type { SingleThreadReason } from '../../core/wasmThreads';
import type { BackendAttempt, BackendName, WasmRuntime } from '../../inference';
import type { LoadProgress } from '../modelDownload';
import type { AppState } from './index';

export type EngineStatus = 'loading' | 'ready' | 'error';

export interface EngineInfo {
  status: EngineStatus;
  /** The backend tfjs really runs on, once known. */
  backend: BackendName | null;
  skipped: BackendAttempt[];
  members: number;
  /** Why loading failed, worded by the UI in its language. */
  error: AppErrorData | null;
  /** Model bytes downloaded while loading; null before the file list is known. */
  progress: LoadProgress | null;
  /** A backend that failed while running and was left for the next one. */
  fellBack: { from: BackendName; error: AppErrorData } | null;
  /** How WASM runs, once it started in this page (it starts once per page). */
  wasm: (WasmRuntime & { singleBecause?: SingleThreadReason }) | null;
}

export interface EngineSlice {
  engine: EngineInfo;
  setEngine: (patch: Partial<EngineInfo>) => void;
}

export const initialEngine: EngineInfo = {
  status: 'loading',
  backend: null,
  skipped: [],
  members: 0,
  error: null,
  progress: null,
  fellBack: null,
  wasm: null,
};

export const createEngineSlice: StateCreator<AppState, [], [], EngineSlice> = (set) => ({
  engine: initialEngine,
  setEngine: (patch) => set((s) => ({ engine: { ...s.engine, ...patch } })),
});
