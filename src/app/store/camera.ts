/** What the camera view shows: written by the frame loop, read by React. */
import type { StateCreator } from 'zustand/vanilla';
import type { AppErrorData } from '../../core/appError';
import type { FaceView } from '../labels';
import type { AppState } from './index';

export type CameraStatus = 'off' | 'starting' | 'running' | 'denied' | 'absent' | 'unplugged' | 'unsupported' | 'error';

export interface CameraInfo {
  status: CameraStatus;
  /** What went wrong for the problem statuses ('denied' … 'error'); 'error' carries the browser's message. */
  error: AppErrorData | null;
  faces: FaceView[];
  fps: number;
  /** Size of the analysed frame; boxes are in these pixels. */
  frameWidth: number;
  frameHeight: number;
  /** Last analysis failure, cleared by the next good frame. */
  analysisError: AppErrorData | null;
  /** Frames analysed since the camera started. */
  frames: number;
  /** Live tfjs tensors after the last frame: flat over a long run, or something leaks. */
  tensors: number;
  /** Bytes those tensors hold (tf.memory().numBytes): also flat over a long run. */
  tensorBytes: number;
}

export interface CameraSlice {
  camera: CameraInfo;
  setCamera: (patch: Partial<CameraInfo>) => void;
}

export const initialCamera: CameraInfo = {
  status: 'off',
  error: null,
  faces: [],
  fps: 0,
  frameWidth: 0,
  frameHeight: 0,
  analysisError: null,
  frames: 0,
  tensors: 0,
  tensorBytes: 0,
};

export const createCameraSlice: StateCreator<AppState, [], [], CameraSlice> = (set) => ({
  camera: initialCamera,
  setCamera: (patch) => set((s) => ({ camera: { ...s.camera, ...patch } })),
});
