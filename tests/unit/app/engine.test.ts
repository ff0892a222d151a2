// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../src/core/appError';
import type * as BackendModule from '../../../src/inference/backend';

const initBackend = vi.fn();
/** The loss callback the engine registered for each backend it loaded, in order. */
const lossWatches: { backend: string; onLost: (reason: AppError) => void; stop: ReturnType<typeof vi.fn> }[] = [];
const analyzeCanvas = vi.fn();
const load = vi.fn();

vi.mock('../../../src/inference/backend', async (importOriginal) => ({
  ...(await importOriginal<typeof BackendModule>()),
  initBackend: (...a: unknown[]) => initBackend(...a),
  watchActiveBackend: (backend: string, onLost: (reason: AppError) => void) => {
    const stop = vi.fn();
    lossWatches.push({ backend, onLost, stop });
    return stop;
  },
}));
vi.mock('../../../src/inference/memory', () => ({ tensorMemory: () => ({ numTensors: 0, numBytes: 0 }) }));
vi.mock('../../../src/inference/ensemble', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  loadEnsemble: (...a: unknown[]) => load(...a),
}));
/** A loaded ensemble as the engine sees it: every frame goes to `analyzeCanvas`. */
const fakeEnsemble = (dispose = vi.fn()) => ({ dispose, analyzeCanvas: (...a: unknown[]) => analyzeCanvas(...a) });

const { Engine, EngineNotReadyError, MAX_FAILURES, backendsAfter } = await import('../../../src/app/engine');
const { BackendError } = await import('../../../src/inference/backend');
const { createAppStore } = await import('../../../src/app/store');

const memory = () => {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
};

const spec = {
  format: 'maskcheck-ensemble',
  version: 1,
  detector: { models: [{ file: 'd.json' }] },
  backbones: { b: { file: 'b.json' } },
  members: [{ id: 'm', backbone: 'b', crop: { scale: 1.2 }, head: 'heads/m.json' }],
  sha256: { 'heads/m.json': 'x' },
};

describe('backendsAfter', () => {
  it.each([
    ['webgpu', ['webgl', 'wasm', 'cpu']],
    ['wasm', ['cpu']],
    ['cpu', []],
  ] as const)('%s -> %j', (current, rest) => {
    expect(backendsAfter(current)).toEqual(rest);
  });
});

describe('Engine', () => {
  beforeEach(() => {
    vi.resetAllMocks();
    lossWatches.length = 0;
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify(spec)));
    load.mockResolvedValue(fakeEnsemble());
  });

  it('loads on the preferred backend and reports it', async () => {
    initBackend.mockResolvedValue({ backend: 'wasm', skipped: [{ backend: 'webgpu', error: 'none' }] });
    const store = createAppStore(memory());
    await new Engine(store, '/').start('wasm');
    expect(initBackend).toHaveBeenCalledWith(expect.objectContaining({ preferred: 'wasm' }));
    expect(store.getState().engine).toMatchObject({ status: 'ready', backend: 'wasm', members: 1, error: null });
  });

  it.each([
    [true, 2, { simd: true, threads: 2 }],
    [false, 1, { simd: true, threads: 1, singleBecause: 'not-isolated' }],
  ] as const)('asks for WASM threads by the setting (cross-origin isolated %s)', async (isolated, asked, shown) => {
    vi.stubGlobal('crossOriginIsolated', isolated);
    vi.spyOn(navigator, 'hardwareConcurrency', 'get').mockReturnValue(8);
    initBackend.mockResolvedValue({ backend: 'wasm', skipped: [], wasm: { simd: true, threads: asked } });
    const store = createAppStore(memory());
    store.getState().setWasmThreads(2);
    await new Engine(store, '/').start('wasm');
    expect(initBackend).toHaveBeenCalledWith(expect.objectContaining({ wasmThreads: asked }));
    expect(store.getState().engine.wasm).toEqual(shown);
  });

  it('reports a missing ensemble.json as a load error', async () => {
    initBackend.mockResolvedValue({ backend: 'wasm', skipped: [] });
    vi.stubGlobal('fetch', async () => new Response('nope', { status: 404 }));
    const store = createAppStore(memory());
    await new Engine(store, '/').start('auto');
    expect(store.getState().engine).toMatchObject({
      status: 'error',
      error: { code: 'spec-missing', params: { file: 'ensemble.json', status: 404 } },
    });
  });

  it('names ensemble.json when it is damaged or cannot be fetched', async () => {
    initBackend.mockResolvedValue({ backend: 'wasm', skipped: [] });
    const store = createAppStore(memory());
    vi.stubGlobal('fetch', async () => new Response('{"format": "maskcheck-ens'));
    await new Engine(store, '/').start('wasm');
    expect(store.getState().engine.status).toBe('error');
    expect(store.getState().engine.error).toMatchObject({
      code: 'spec-bad-json',
      params: { file: 'ensemble.json', detail: expect.any(String) },
    });
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await new Engine(store, '/').start('wasm');
    expect(store.getState().engine.error).toEqual({
      code: 'spec-unreachable',
      params: { file: 'ensemble.json', detail: 'Failed to fetch' },
    });
  });

  it('keeps an invalid ensemble.json as spec-invalid, quoting the bad value', async () => {
    initBackend.mockResolvedValue({ backend: 'wasm', skipped: [] });
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ ...spec, version: 2 })));
    const store = createAppStore(memory());
    await new Engine(store, '/').start('wasm');
    expect(store.getState().engine.error).toEqual({
      code: 'spec-invalid',
      params: { problem: 'unsupported version', value: '2' },
    });
  });

  it('with no backend at all, keeps no-backend and why each backend was skipped', async () => {
    const skipped = [
      { backend: 'webgpu', error: { code: 'webgpu-missing', params: {} } },
      { backend: 'cpu', error: { code: 'backend-failed', params: { detail: 'boom' } } },
    ] as const;
    initBackend.mockRejectedValue(new BackendError([...skipped], 'webgpu: no; cpu: boom'));
    const store = createAppStore(memory());
    await new Engine(store, '/').start('auto');
    expect(store.getState().engine).toMatchObject({
      status: 'error',
      error: { code: 'no-backend', params: { tried: 'webgpu, cpu' } },
      skipped,
    });
  });

  it('refuses to analyse before the models are loaded, with engine-not-ready', async () => {
    const engine = new Engine(createAppStore(memory()), '/');
    const e = await engine.analyze(document.createElement('canvas')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EngineNotReadyError);
    expect((e as AppError).toData()).toEqual({ code: 'engine-not-ready', params: {} });
  });

  it('passes the detection options through: tiles for photo checks, none by default (the camera)', async () => {
    initBackend.mockResolvedValueOnce({ backend: 'wasm', skipped: [] });
    const engine = new Engine(createAppStore(memory()), '/');
    await engine.start('wasm');
    const canvas = document.createElement('canvas');
    analyzeCanvas.mockResolvedValue([]);
    await engine.analyze(canvas);
    expect(analyzeCanvas).toHaveBeenLastCalledWith(canvas, {});
    await engine.analyze(canvas, { tiled: true });
    expect(analyzeCanvas).toHaveBeenLastCalledWith(canvas, { tiled: true });
  });

  it(`moves to the next backend after ${MAX_FAILURES} failed analyses in a row, not before`, async () => {
    initBackend.mockResolvedValueOnce({ backend: 'webgpu', skipped: [] });
    initBackend.mockResolvedValueOnce({ backend: 'webgl', skipped: [] });
    const store = createAppStore(memory());
    const engine = new Engine(store, '/');
    await engine.start('webgpu');
    const canvas = document.createElement('canvas');

    analyzeCanvas.mockRejectedValueOnce(new Error('device lost'));
    await expect(engine.analyze(canvas)).rejects.toThrow('device lost');
    analyzeCanvas.mockResolvedValueOnce([]);
    await engine.analyze(canvas);
    expect(initBackend).toHaveBeenCalledTimes(1);

    analyzeCanvas.mockRejectedValue(new Error('device lost'));
    for (let i = 0; i < MAX_FAILURES; i++) await expect(engine.analyze(canvas)).rejects.toThrow('device lost');
    expect(initBackend).toHaveBeenCalledTimes(2);
    expect(initBackend).toHaveBeenLastCalledWith(expect.objectContaining({ preferred: 'webgl', exclude: ['webgpu'] }));
    expect(store.getState().engine).toMatchObject({
      status: 'ready',
      backend: 'webgl',
      fellBack: { from: 'webgpu', error: { code: 'unexpected', params: { detail: 'device lost' } } },
    });
    // The user's setting is not changed by a fallback.
    expect(store.getState().backendPref).toBe('auto');
  });

  it('moves to the next backend at once when the GPU device or WebGL context is lost', async () => {
    initBackend.mockResolvedValueOnce({ backend: 'webgl', skipped: [] });
    initBackend.mockResolvedValueOnce({ backend: 'wasm', skipped: [] });
    const dispose = vi.fn(() => {
      throw new Error('context lost');
    });
    load.mockResolvedValueOnce(fakeEnsemble(dispose));
    const store = createAppStore(memory());
    const engine = new Engine(store, '/');
    await engine.start('webgl');
    expect(lossWatches.map((w) => w.backend)).toEqual(['webgl']);

    lossWatches[0].onLost(new AppError('webgl-context-lost', {}, 'the WebGL context was lost'));
    await expect.poll(() => store.getState().engine.backend).toBe('wasm');
    await expect.poll(() => store.getState().engine.status).toBe('ready');
    expect(initBackend).toHaveBeenLastCalledWith(
      expect.objectContaining({ preferred: 'wasm', exclude: ['webgpu', 'webgl'] }),
    );
    expect(store.getState().engine.fellBack).toEqual({
      from: 'webgl',
      error: { code: 'webgl-context-lost', params: {} },
    });
    // The lost backend's models were let go (their dispose failing did not stop the switch), its watch ended,
    // and the new backend is watched.
    expect(dispose).toHaveBeenCalled();
    expect(lossWatches[0].stop).toHaveBeenCalled();
    expect(lossWatches.map((w) => w.backend)).toEqual(['webgl', 'wasm']);
    analyzeCanvas.mockResolvedValueOnce([]);
    await expect(engine.analyze(document.createElement('canvas'))).resolves.toEqual([]);
  });

  it("under 'auto', falls back by auto's rules (no forced next backend)", async () => {
    initBackend.mockResolvedValueOnce({ backend: 'webgpu', skipped: [] });
    initBackend.mockResolvedValueOnce({ backend: 'wasm', skipped: [{ backend: 'webgl', error: 'software' }] });
    const store = createAppStore(memory());
    const engine = new Engine(store, '/');
    await engine.start('auto');
    expect(initBackend).toHaveBeenLastCalledWith(expect.objectContaining({ preferred: undefined }));
    lossWatches[0].onLost(new AppError('webgpu-device-lost', { detail: 'destroyed' }));
    await expect.poll(() => store.getState().engine.backend).toBe('wasm');
    const last = initBackend.mock.calls.at(-1)?.[0] as { preferred?: string; exclude?: string[] };
    expect(last.preferred).toBeUndefined();
    expect(last.exclude).toEqual(['webgpu']);
  });

  it('ignores a loss reported by a backend it already left', async () => {
    initBackend.mockResolvedValueOnce({ backend: 'webgpu', skipped: [] });
    initBackend.mockResolvedValueOnce({ backend: 'wasm', skipped: [] });
    const store = createAppStore(memory());
    const engine = new Engine(store, '/');
    await engine.start('webgpu');
    await engine.start('wasm');
    lossWatches[0].onLost(new AppError('webgpu-device-lost', { detail: 'destroyed' }));
    await engine.start('wasm').catch(() => undefined);
    expect(initBackend).toHaveBeenCalledTimes(3);
    expect(initBackend).toHaveBeenLastCalledWith(expect.objectContaining({ preferred: 'wasm' }));
    expect(store.getState().engine).toMatchObject({ backend: 'wasm', fellBack: null });
  });
});
