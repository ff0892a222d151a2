/**
 * The app store: typed slices combined once, `persist` applied once on the
 * whole store (settings only). A vanilla store, so the frame loop writes to
 * it without React; components read it through `useApp` with one selector
 * per field. Plain data only: tensors and models live in the engine.
 */
import { useStore } from 'zustand';
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import { detectLang, type Lang } from '../i18n';
import { createCameraSlice, type CameraSlice } from './camera';
import { createEngineSlice, type EngineSlice } from './engine';
import { createPhotosSlice, type PhotosSlice } from './photos';
import {
  createSettingsSlice,
  mergeStoredSettings,
  persistedSettings,
  type PersistedSettings,
  type SettingsSlice,
} from './settings';
import { createUiSlice, type UiSlice } from './ui';

export type AppState = SettingsSlice & EngineSlice & CameraSlice & PhotosSlice & UiSlice;

export const SETTINGS_KEY = 'maskcheck-settings';

const memoryStorage = (): StateStorage => {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
};

export function createAppStore(storage?: StateStorage, initialLang: Lang = 'en') {
  return createStore<AppState>()(
    persist<AppState, [], [], PersistedSettings>(
      (...a) => ({
        ...createSettingsSlice(initialLang)(...a),
        ...createEngineSlice(...a),
        ...createCameraSlice(...a),
        ...createPhotosSlice(...a),
        ...createUiSlice(...a),
      }),
      {
        name: SETTINGS_KEY,
        version: 1,
        storage: createJSONStorage(() => storage ?? defaultStorage()),
        partialize: persistedSettings,
        merge: mergeStoredSettings,
      },
    ),
  );
}

function defaultStorage(): StateStorage {
  try {
    if (typeof localStorage !== 'undefined') return localStorage;
  } catch {
    // Storage can be blocked (privacy settings); settings then last one visit.
  }
  return memoryStorage();
}

export type AppStore = ReturnType<typeof createAppStore>;

export const appStore: AppStore = createAppStore(
  undefined,
  detectLang(typeof navigator === 'undefined' ? [] : navigator.languages),
);

export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(appStore, selector);
}
