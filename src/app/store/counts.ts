/** Anonymous kiosk counts per hour (see core/kioskCounts): a tally per settled person, nothing else. */
import type { StateCreator } from 'zustand/vanilla';
import type { AppErrorData } from '../../core/appError';
import type { MaskState } from '../../core/classes';
import { addPerson, emptyCounts, type KioskCounts } from '../../core/kioskCounts';
import type { AppState } from './index';

export interface CountsSlice {
  counts: KioskCounts;
  /** Set when stored counts could not be read in full. */
  countsProblem: AppErrorData | null;
  countPeople: (masks: readonly MaskState[], at: number) => void;
  resetCounts: () => void;
}

export const createCountsSlice: StateCreator<AppState, [], [], CountsSlice> = (set) => ({
  counts: emptyCounts(),
  countsProblem: null,
  countPeople: (masks, at) => set((s) => ({ counts: masks.reduce((c, m) => addPerson(c, m, at), s.counts) })),
  resetCounts: () => set({ counts: emptyCounts(), countsProblem: null }),
});
