/** Session-only UI state: kiosk mode, whether the app is cached for offline use, what the browser lacks. */
import type { StateCreator } from 'zustand/vanilla';
import type { SupportIssue } from '../../core/support';
import type { AppState } from './index';

export interface UiSlice {
  kiosk: boolean;
  offlineReady: boolean;
  /** What this browser lacks (probed once at start). */
  supportIssues: SupportIssue[];
  setKiosk: (kiosk: boolean) => void;
  setOfflineReady: (offlineReady: boolean) => void;
  setSupportIssues: (supportIssues: SupportIssue[]) => void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  kiosk: false,
  offlineReady: false,
  supportIssues: [],
  setKiosk: (kiosk) => set({ kiosk }),
  setOfflineReady: (offlineReady) => set({ offlineReady }),
  setSupportIssues: (supportIssues) => set({ supportIssues }),
});
