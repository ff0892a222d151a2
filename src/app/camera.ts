/**
 * The camera frame loop: opens the camera, copies each new video frame to a
 * canvas, analyses it and writes plain results to the store. Runs outside
 * React; the view only hands it a <video> element.
 */
import { errorDetail, toErrorData, type AppErrorData } from '../core/appError';
import type { Engine } from './engine';
import { splitBySize } from '../core/faceSize';
import { FpsMeter } from './fps';
import type { AppStore } from './store';
import type { CameraStatus } from './store/camera';
import { FaceTracking } from './tracking';

/** Analysis runs on frames scaled down to this side: detection does not need more. */
export const FRAME_MAX_SIDE = 640;

/** A camera that delivers no new frame for this long (ms) is closed and opened again. */
export const STALL_MS = 5000;

/** Maps a getUserMedia failure to what we tell the user. */
export function cameraErrorStatus(e: unknown): 'denied' | 'absent' | 'unplugged' | 'error' {
  const name = e instanceof Error || (typeof e === 'object' && e !== null && 'name' in e) ? (e as Error).name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'DevicesNotFoundError':
      return 'absent';
    case 'NotReadableError':
    case 'AbortError':
      return 'unplugged';
    default:
      return 'error';
  }
}

const PROBLEM_CODE = {
  denied: 'camera-denied',
  absent: 'camera-missing',
  unplugged: 'camera-unplugged',
  unsupported: 'camera-unsupported',
} as const satisfies Partial<Record<CameraStatus, string>>;

/** The error shown for a camera problem; 'error' keeps the browser's own message. */
export function cameraProblem(status: keyof typeof PROBLEM_CODE | 'error', e?: unknown): AppErrorData {
  return status === 'error'
    ? { code: 'camera-failed', params: { detail: errorDetail(e) } }
    : { code: PROBLEM_CODE[status], params: {} };
}

type VideoWithFrameCallback = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: () => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

export class CameraLoop {
  private readonly store: AppStore;
  private readonly engine: Engine;
  private readonly tracking = new FaceTracking();
  private trackedForKiosk = false;
  private readonly fps = new FpsMeter();
  private readonly canvas: HTMLCanvasElement;
  private video: VideoWithFrameCallback | null = null;
  private stream: MediaStream | null = null;
  /** Bumped on every start/stop so callbacks from an old session stop themselves. */
  private session = 0;
  private frameHandle: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** When the loop started waiting for the next frame (Date.now()); null while a frame is handled. */
  private waitingSince: number | null = null;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  /** Times a stalled camera was reopened, for the status line and tests. */
  reopened = 0;

  constructor(store: AppStore, engine: Engine) {
    this.store = store;
    this.engine = engine;
    this.canvas = document.createElement('canvas');
  }

  async start(video: HTMLVideoElement): Promise<void> {
    this.stop();
    const session = ++this.session;
    const { setCamera } = this.store.getState();
    if (!navigator.mediaDevices?.getUserMedia) {
      setCamera({ status: 'unsupported', error: cameraProblem('unsupported') });
      return;
    }
    setCamera({ status: 'starting', error: null, faces: [], fps: 0, analysisError: null, frames: 0 });
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: 'user', width: { ideal: 1280 }, height: { ideal: 720 } },
      });
      if (session !== this.session) {
        stream.getTracks().forEach((t) => t.stop());
        return;
      }
      this.stream = stream;
      for (const track of stream.getVideoTracks()) {
        track.addEventListener('ended', () => {
          if (session === this.session) this.fail('unplugged');
        });
      }
      this.video = video as VideoWithFrameCallback;
      video.muted = true;
      video.playsInline = true;
      video.srcObject = stream;
      await video.play();
      if (session !== this.session) return;
      this.fps.reset();
      // Tracks are kept across a reopen: the same person in the same place is
      // not a new person (and is not counted twice); stale tracks expire.
      setCamera({ status: 'running' });
      this.schedule(session);
      this.watchdog = setInterval(() => this.checkStall(session, video), STALL_MS / 5);
    } catch (e) {
      if (session === this.session) this.fail(cameraErrorStatus(e), e);
    }
  }

  stop(): void {
    this.session++;
    this.release();
    this.store.getState().setCamera({ status: 'off', faces: [], fps: 0 });
  }

  private fail(status: ReturnType<typeof cameraErrorStatus>, cause?: unknown): void {
    this.session++;
    this.release();
    this.store.getState().setCamera({ status, error: cameraProblem(status, cause), faces: [], fps: 0 });
  }

  /**
   * A camera can stay "live" and still stop sending frames (a driver hiccup,
   * a USB reset). Reopening it is what a person would do; the loop does it.
   */
  private checkStall(session: number, video: HTMLVideoElement): void {
    if (session !== this.session || this.waitingSince === null) return;
    // A hidden page gets no video frames at all; that is not a stall.
    if (document.visibilityState === 'hidden') this.waitingSince = Date.now();
    if (Date.now() - this.waitingSince < STALL_MS) return;
    this.reopened++;
    void this.start(video);
  }

  private release(): void {
    if (this.frameHandle !== null) this.video?.cancelVideoFrameCallback?.(this.frameHandle);
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.watchdog !== null) clearInterval(this.watchdog);
    this.frameHandle = null;
    this.timer = null;
    this.watchdog = null;
    this.waitingSince = null;
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    if (this.video) this.video.srcObject = null;
    this.video = null;
  }

  /**
   * Waits for the next decoded frame: frames right after `loadeddata` can be
   * black, so drawing waits for `requestVideoFrameCallback` where it exists.
   */
  private schedule(session: number): void {
    const video = this.video;
    if (!video || session !== this.session) return;
    const next = () => {
      this.frameHandle = null;
      this.timer = null;
      this.waitingSince = null;
      void this.frame(session);
    };
    this.waitingSince = Date.now();
    if (video.requestVideoFrameCallback) this.frameHandle = video.requestVideoFrameCallback(next);
    else this.timer = setTimeout(next, 30);
  }

  private async frame(session: number): Promise<void> {
    const video = this.video;
    if (!video || session !== this.session) return;
    const { setCamera } = this.store.getState();
    try {
      if (this.engine.ready && video.videoWidth > 0) {
        const scale = Math.min(1, FRAME_MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
        const w = Math.round(video.videoWidth * scale);
        const h = Math.round(video.videoHeight * scale);
        if (this.canvas.width !== w || this.canvas.height !== h) {
          this.canvas.width = w;
          this.canvas.height = h;
        }
        this.canvas.getContext('2d', { willReadFrequently: true })!.drawImage(video, 0, 0, w, h);
        // Faces too small to label (someone far off) are left out, not guessed at.
        const results = splitBySize(await this.engine.analyze(this.canvas)).checked;
        if (session !== this.session) return;
        const now = performance.now();
        const state = this.store.getState();
        // Entering or leaving the kiosk starts the tracks again, so people
        // already in view when the kiosk starts are counted too.
        if (state.kiosk !== this.trackedForKiosk) {
          this.tracking.reset();
          this.trackedForKiosk = state.kiosk;
        }
        const tracked = this.tracking.update(results, w, h);
        // Only a kiosk counts people; a camera check at a desk does not.
        if (state.kiosk && tracked.settled.length > 0) state.countPeople(tracked.settled, Date.now());
        const memory = this.engine.memory();
        setCamera({
          faces: tracked.faces,
          fps: this.fps.tick(now),
          frameWidth: w,
          frameHeight: h,
          analysisError: null,
          frames: state.camera.frames + 1,
          tensors: memory.numTensors,
          tensorBytes: memory.numBytes,
        });
      }
    } catch (e) {
      if (session === this.session) setCamera({ analysisError: toErrorData(e) });
      // Back off so a persistent failure does not spin the CPU.
      await new Promise((r) => setTimeout(r, 500));
    }
    this.schedule(session);
  }
}
