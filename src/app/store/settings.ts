/** User settings: the only state kept across visits (see `persistedSettings`). */
import type { StateCreator } from 'zustand/vanilla';
import type { BackendName } from '../../inference/backend';
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
  setLang: (lang: Lang) => void;
  setBackendPref: (pref: BackendPref) => void;
}

export const createSettingsSlice =
  (initialLang: Lang): StateCreator<AppState, [], [], SettingsSlice> =>
  (set) => ({
    lang: initialLang,
    backendPref: 'auto',
    setLang: (lang) => set({ lang }),
    setBackendPref: (backendPref) => set({ backendPref }),
  });

export type PersistedSettings = Pick<SettingsSlice, 'lang' | 'backendPref'>;

export function persistedSettings(s: SettingsSlice): PersistedSettings {
  return { lang: s.lang, backendPref: s.backendPref };
}

/** Stored settings from an older or tampered copy: keep only valid fields. */
export function mergeStoredSettings<S extends SettingsSlice>(stored: unknown, current: S): S {
  const s = (stored ?? {}) as Partial<Record<keyof PersistedSettings, unknown>>;
  return {
    ...current,
    ...(isLang(s.lang) ? { lang: s.lang } : {}),
    ...(isBackendPref(s.backendPref) ? { backendPref: s.backendPref } : {}),
  };
}
