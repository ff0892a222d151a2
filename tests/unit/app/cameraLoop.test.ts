// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CameraLoop, STALL_MS } from '../../../src/app/camera';
import type { Engine } from '../../../src/app/engine';
import { createAppStore, type SyncStorage } from '../../../src/app/store';

const memory = (): SyncStorage => {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
};

/** A fake camera: each getUserMedia gives a stream with one track that can end. */
function fakeCamera() {
  const tracks: (EventTarget & { stop: () => void; stopped: boolean })[] = [];
  const getUserMedia = vi.fn(async () => {
    const track = Object.assign(new EventTarget(), {
      stopped: false,
      stop() {
        this.stopped = true;
      },
    });
    tracks.push(track);
    return { getTracks: () => [track], getVideoTracks: () => [track] } as unknown as MediaStream;
  });
  Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia }, configurable: true });
  return { getUserMedia, tracks };
}

/** A <video> whose frame callbacks run only when the test says so. */
function fakeVideo() {
  const video = document.createElement('video');
  const pending: (() => void)[] = [];
  video.play = async () => undefined;
  // happy-dom's srcObject accepts only its own MediaStream.
  Object.defineProperty(video, 'srcObject', { value: null, writable: true });
  video.requestVideoFrameCallback = (cb) => pending.push(() => cb(0, {} as VideoFrameCallbackMetadata));
  video.cancelVideoFrameCallback = () => undefined;
  const deliver = () => pending.splice(0).forEach((cb) => cb());
  return { video, deliver };
}

const idleEngine = { ready: false } as unknown as Engine;

describe('CameraLoop', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('labels the faces of a frame but leaves out those too small to label', async () => {
    const store = createAppStore(memory());
    fakeCamera();
    const { video, deliver } = fakeVideo();
    Object.defineProperty(video, 'videoWidth', { value: 640 });
    Object.defineProperty(video, 'videoHeight', { value: 480 });
    // happy-dom draws nothing; the loop only needs a 2D context to copy the frame into.
    const getContext = vi
      .spyOn(HTMLCanvasElement.prototype, 'getContext')
      .mockReturnValue({ drawImage: () => undefined } as unknown as ReturnType<HTMLCanvasElement['getContext']>);
    const face = (x: number, side: number) => ({
      detection: { box: { x, y: 100, w: side, h: side } },
      heads: {
        mask: { label: 0, votes: 5, confidence: 0.9 },
        gender: { label: 1, votes: 5, confidence: 0.9 },
        age: { label: 0, votes: 5, confidence: 0.9 },
      },
      total: 5,
      unsure: { mask: false, gender: false, age: false },
    });
    const engine = {
      ready: true,
      analyze: vi.fn(async () => [face(100, 120), face(400, 14)]),
      memory: () => ({ numTensors: 7, numBytes: 700 }),
    } as unknown as Engine;
    const loop = new CameraLoop(store, engine);
    await loop.start(video);
    deliver();
    await vi.advanceTimersByTimeAsync(0);
    const camera = store.getState().camera;
    expect(camera.frames).toBe(1);
    // The camera path never asks for the photo checks' tile passes (whole frame only, fast).
    expect(engine.analyze).toHaveBeenCalledWith(expect.any(HTMLCanvasElement));
    expect(camera.faces.map((f) => f.box)).toEqual([{ x: 100, y: 100, w: 120, h: 120 }]);
    expect([camera.tensors, camera.tensorBytes]).toEqual([7, 700]);
    loop.stop();
    getContext.mockRestore();
  });

  it('reopens a camera that stops sending frames', async () => {
    const store = createAppStore(memory());
    const cam = fakeCamera();
    const { video } = fakeVideo();
    const loop = new CameraLoop(store, idleEngine);
    await loop.start(video);
    expect(store.getState().camera.status).toBe('running');
    await vi.advanceTimersByTimeAsync(STALL_MS + STALL_MS / 2);
    expect(cam.getUserMedia).toHaveBeenCalledTimes(2);
    expect(cam.tracks[0].stopped).toBe(true);
    expect(loop.reopened).toBe(1);
    expect(store.getState().camera.status).toBe('running');
    loop.stop();
  });

  it('leaves a camera alone while frames keep coming', async () => {
    const store = createAppStore(memory());
    const cam = fakeCamera();
    const { video, deliver } = fakeVideo();
    const loop = new CameraLoop(store, idleEngine);
    await loop.start(video);
    for (let t = 0; t < 3 * STALL_MS; t += 100) {
      deliver();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(cam.getUserMedia).toHaveBeenCalledTimes(1);
    expect(loop.reopened).toBe(0);
    loop.stop();
    expect(store.getState().camera.status).toBe('off');
    expect(cam.tracks[0].stopped).toBe(true);
  });

  it('does not count a hidden page as a stall', async () => {
    const store = createAppStore(memory());
    const cam = fakeCamera();
    const { video } = fakeVideo();
    const loop = new CameraLoop(store, idleEngine);
    await loop.start(video);
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    try {
      await vi.advanceTimersByTimeAsync(3 * STALL_MS);
      expect(cam.getUserMedia).toHaveBeenCalledTimes(1);
    } finally {
      Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    }
    loop.stop();
  });

  it('reports an unplugged camera when its track ends, and stops watching it', async () => {
    const store = createAppStore(memory());
    const cam = fakeCamera();
    const { video } = fakeVideo();
    const loop = new CameraLoop(store, idleEngine);
    await loop.start(video);
    cam.tracks[0].dispatchEvent(new Event('ended'));
    expect(store.getState().camera.status).toBe('unplugged');
    expect(store.getState().camera.error).toEqual({ code: 'camera-unplugged', params: {} });
    await vi.advanceTimersByTimeAsync(3 * STALL_MS);
    expect(cam.getUserMedia).toHaveBeenCalledTimes(1);
  });

  it('maps a refused camera to "denied"', async () => {
    const store = createAppStore(memory());
    const cam = fakeCamera();
    cam.getUserMedia.mockRejectedValueOnce(Object.assign(new Error('no'), { name: 'NotAllowedError' }));
    const loop = new CameraLoop(store, idleEngine);
    await loop.start(fakeVideo().video);
    expect(store.getState().camera.status).toBe('denied');
    expect(store.getState().camera.error).toEqual({ code: 'camera-denied', params: {} });
  });

  it("keeps the browser's own message for a camera that fails otherwise", async () => {
    const store = createAppStore(memory());
    const cam = fakeCamera();
    cam.getUserMedia.mockRejectedValueOnce(new TypeError('constraints are odd'));
    const loop = new CameraLoop(store, idleEngine);
    await loop.start(fakeVideo().video);
    expect(store.getState().camera.status).toBe('error');
    expect(store.getState().camera.error).toEqual({ code: 'camera-failed', params: { detail: 'constraints are odd' } });
  });
});
