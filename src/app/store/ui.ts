/** Session-only UI state: kiosk mode and whether the app is cached for offline use. */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './index';

export interface UiSlice {
  kiosk: boolean;
  offlineReady: boolean;
  setKiosk: (kiosk: boolean) => void;
  setOfflineReady: (offlineReady: boolean) => void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  kiosk: false,
  offlineReady: false,
  setKiosk: (kiosk) => set({ kiosk }),
  setOfflineReady: (offlineReady) => set({ offlineReady }),
});
