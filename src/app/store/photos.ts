/** Photo check results, one entry per file in the order they were given. */
import type { StateCreator } from 'zustand/vanilla';
import type { AppErrorData } from '../../core/appError';
import type { FaceView } from '../labels';
import type { AppState } from './index';

export interface PhotoItem {
  id: number;
  name: string;
  /** Name and size (see photos.ts `fileKey`): the same file added twice has the same key. */
  key: string;
  status: 'pending' | 'done' | 'error';
  /** Why the check failed (it names the file); the CSV has a stable code for it (photoTable.ts). */
  error: AppErrorData | null;
  /** Original image size in pixels; boxes in `faces` are in these pixels. */
  width: number;
  height: number;
  /** Object URL of the file for display; revoked when cleared. */
  url: string | null;
  faces: FaceView[];
  /** Faces found but too small to label (see core/faceSize). */
  tooSmall: number;
}

export interface PhotosSlice {
  photos: PhotoItem[];
  /** Names of the files last given that were already in the list, so were not added again. */
  photoDuplicates: string[];
  addPhotos: (items: PhotoItem[], duplicates?: string[]) => void;
  updatePhoto: (id: number, patch: Partial<PhotoItem>) => void;
  clearPhotos: () => void;
}

export const createPhotosSlice: StateCreator<AppState, [], [], PhotosSlice> = (set) => ({
  photos: [],
  photoDuplicates: [],
  addPhotos: (items, duplicates = []) => set((s) => ({ photos: [...s.photos, ...items], photoDuplicates: duplicates })),
  updatePhoto: (id, patch) => set((s) => ({ photos: s.photos.map((p) => (p.id === id ? { ...p, ...patch } : p)) })),
  clearPhotos: () => set({ photos: [], photoDuplicates: [] }),
});
