/**
 * The app store: typed slices combined once, `persist` applied once on the
 * whole store (settings only). A vanilla store, so the frame loop writes to
 * it without React; components read it through `useApp` with one selector
 * per field. Plain data only: tensors and models live in the engine.
 */
import { useStore } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import { KIOSK_COUNTS_KEY, parseCounts, serializeCounts } from '../../core/kioskCounts';
import { detectLang, type Lang } from '../i18n';
import { createCameraSlice, type CameraSlice } from './camera';
import { createCountsSlice, type CountsSlice } from './counts';
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

export type AppState = SettingsSlice & EngineSlice & CameraSlice & PhotosSlice & UiSlice & CountsSlice;

/** What the store keeps across visits; `localStorage` in the browser. */
export type SyncStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const SETTINGS_KEY = 'maskcheck-settings';

const memoryStorage = (): SyncStorage => {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
};

/**
 * Settings go through zustand's `persist`; the kiosk counts are kept under
 * their own key in their own checked format (core/kioskCounts).
 */
export function createAppStore(storage: SyncStorage = defaultStorage(), initialLang: Lang = 'en') {
  const store = createStore<AppState>()(
    persist<AppState, [], [], PersistedSettings>(
      (...a) => ({
        ...createSettingsSlice(initialLang)(...a),
        ...createEngineSlice(...a),
        ...createCameraSlice(...a),
        ...createPhotosSlice(...a),
        ...createUiSlice(...a),
        ...createCountsSlice(...a),
      }),
      {
        name: SETTINGS_KEY,
        version: 1,
        storage: createJSONStorage(() => storage),
        partialize: persistedSettings,
        merge: mergeStoredSettings,
      },
    ),
  );
  const stored = parseCounts(storage.getItem(KIOSK_COUNTS_KEY));
  store.setState({ counts: stored.counts, countsProblem: stored.problem?.toData() ?? null });
  store.subscribe((s, prev) => {
    if (s.counts === prev.counts) return;
    try {
      storage.setItem(KIOSK_COUNTS_KEY, serializeCounts(s.counts));
    } catch {
      // Storage full or blocked: the counts still show for this visit.
    }
  });
  return store;
}

function defaultStorage(): SyncStorage {
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
