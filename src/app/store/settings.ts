/** User settings: the only state kept across visits (see `persistedSettings`). */
import type { StateCreator } from 'zustand/vanilla';
import { isWasmThreadsPref, type WasmThreadsPref } from '../../core/wasmThreads';
import type { BackendName } from '../../inference';
import { isLang, type Lang } from '../i18n';
import type { AppState } from './index';

export const BACKEND_PREFS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const satisfies readonly (
  BackendName | 'auto'
)[];
export type BackendPref = (typeof BACKEND_PREFS)[number];

export function isBackendPref(value: unknown): value is BackendPref {
  return typeof value === 'string' && (BACKEND_PREFS as readonly string[]).includes(value);
}

export interface SettingsSlice {
  lang: Lang;
  backendPref: BackendPref;
  /** Threads for the WASM backend (core/wasmThreads); applies when WASM next starts. */
  wasmThreads: WasmThreadsPref;
  setLang: (lang: Lang) => void;
  setBackendPref: (pref: BackendPref) => void;
  setWasmThreads: (threads: WasmThreadsPref) => void;
}

export const createSettingsSlice =
  (initialLang: Lang): StateCreator<AppState, [], [], SettingsSlice> =>
  (set) => ({
    lang: initialLang,
    backendPref: 'auto',
    wasmThreads: 'auto',
    setLang: (lang) => set({ lang }),
    setBackendPref: (backendPref) => set({ backendPref }),
    setWasmThreads: (wasmThreads) => set({ wasmThreads }),
  });

export type PersistedSettings = Pick<SettingsSlice, 'lang' | 'backendPref' | 'wasmThreads'>;

export function persistedSettings(s: SettingsSlice): PersistedSettings {
  return { lang: s.lang, backendPref: s.backendPref, wasmThreads: s.wasmThreads };
}

/** Stored settings from an older or tampered copy: keep only valid fields. */
export function mergeStoredSettings<S extends SettingsSlice>(stored: unknown, current: S): S {
  const s = (stored ?? {}) as Partial<Record<keyof PersistedSettings, unknown>>;
  return {
    ...current,
    ...(isLang(s.lang) ? { lang: s.lang } : {}),
    ...(isBackendPref(s.backendPref) ? { backendPref: s.backendPref } : {}),
    ...(isWasmThreadsPref(s.wasmThreads) ? { wasmThreads: s.wasmThreads } : {}),
  };
}
