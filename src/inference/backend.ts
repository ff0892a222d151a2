/**
 * Picks a tfjs backend by walking an explicit chain. Each candidate is probed
 * before `setBackend`; a failed one's instance is thrown away (a
 * half-initialised WebGPU backend leaves tfjs unusable) but its factory is
 * registered again, so a later switch to it starts afresh instead of failing
 * with "not found in registry".
 */
import * as tf from '@tensorflow/tfjs';
import { AppError, errorDetail, type AppErrorData } from '../core/appError';
import { installCpuKernels } from './cpuKernels';

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface BackendAttempt {
  backend: BackendName;
  /** Why it was skipped: its code for the UI; `formatErrorData` or the thrown message for logs. */
  error: AppErrorData;
}

/** How the WASM backend really runs (read back from tfjs after it started). */
export interface WasmRuntime {
  simd: boolean;
  /** XNNPACK's thread count: 1 on the SIMD binary, more on the threaded one. */
  threads: number;
}

export interface BackendChoice {
  backend: BackendName;
  /** Backends tried before it, with why each was skipped. */
  skipped: BackendAttempt[];
  /** Set when `backend` is wasm. */
  wasm?: WasmRuntime;
}

export interface BackendOptions {
  /** Try this one first; the rest of the chain follows. */
  preferred?: BackendName;
  /** Accept a software WebGPU adapter (SwiftShader). Default false: real GPUs only, unless preferred. */
  allowFallbackAdapter?: boolean;
  /**
   * Accept WebGL on a software renderer (SwiftShader, llvmpipe). Default false
   * unless preferred: there WASM is several times faster than emulated WebGL.
   */
  allowSoftwareWebGL?: boolean;
  /** Where the wasm binaries are served from (file name to URL). */
  wasmPaths?: Record<string, string> | string;
  /**
   * Threads for WASM (see core/wasmThreads). Default 1: the SIMD binary, no
   * workers. More needs a cross-origin isolated page; WASM starts once per
   * page, so a later value only applies after a reload.
   */
  wasmThreads?: number;
  /** Backends not to try at all (e.g. one that just failed at run time). */
  exclude?: readonly BackendName[];
}

/** No backend in the chain works; `skipped` says why for each. */
export class BackendError extends AppError<'no-backend'> {
  override name = 'BackendError';
  readonly skipped: BackendAttempt[];

  constructor(skipped: BackendAttempt[], details: string) {
    super('no-backend', { tried: skipped.map((s) => s.backend).join(', ') }, `no tfjs backend works: ${details}`);
    this.skipped = skipped;
  }
}

export function chainFor(preferred?: BackendName): BackendName[] {
  return preferred ? [preferred, ...BACKENDS.filter((b) => b !== preferred)] : [...BACKENDS];
}

async function register(name: BackendName, opts: BackendOptions): Promise<void> {
  if (name === 'webgpu') {
    const gpu = (globalThis.navigator as (Navigator & { gpu?: GPU }) | undefined)?.gpu;
    if (!gpu) throw new AppError('webgpu-missing', {}, 'this browser has no WebGPU');
    const adapter = await gpu.requestAdapter();
    if (!adapter) throw new AppError('webgpu-no-adapter', {}, 'no WebGPU adapter');
    const fallback = (adapter as GPUAdapter & { info?: { isFallbackAdapter?: boolean } }).info?.isFallbackAdapter;
    if (fallback && !(opts.allowFallbackAdapter || opts.preferred === 'webgpu')) {
      throw new AppError('webgpu-software', {}, 'WebGPU adapter is a software fallback');
    }
    await import('@tensorflow/tfjs-backend-webgpu');
    // fromPixels(video) through an external texture fails in Chromium here.
    tf.env().set('WEBGPU_IMPORT_EXTERNAL_TEXTURE', false);
  } else if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (opts.wasmPaths) wasm.setWasmPaths(opts.wasmPaths as Record<string, string>, true);
    const threads = opts.wasmThreads ?? 1;
    // tfjs picks the threaded binary whenever SharedArrayBuffer works; one thread keeps the SIMD binary.
    if (threads > 1) wasm.setThreadsCount(threads);
    else tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  } else if (name === 'cpu') {
    installCpuKernels();
  } else if (name === 'webgl') {
    if (typeof document === 'undefined') throw new AppError('webgl-no-browser', {}, 'WebGL needs a browser');
    const renderer = webglRenderer();
    if (renderer && isSoftwareRenderer(renderer) && !(opts.allowSoftwareWebGL || opts.preferred === 'webgl')) {
      throw new AppError('webgl-software', { renderer }, `WebGL renderer is software (${renderer})`);
    }
  }
}

/** The GPU behind WebGL as the browser names it, or null when it will not say. */
function webglRenderer(): string | null {
  const gl =
    document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
  if (!gl) return null;
  try {
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  } finally {
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}

export function isSoftwareRenderer(renderer: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software|basic render driver/i.test(renderer);
}

/**
 * Throws away `name`'s backend instance, if tfjs made one, and keeps its
 * factory. `tf.removeBackend` alone also deletes the factory, and the backend
 * packages register theirs only once, when first imported.
 */
function discardInstance(name: BackendName): void {
  const engine = tf.engine();
  const entry = engine.registryFactory[name];
  if (!entry) return;
  if (name in engine.registry || engine.backendName === name) {
    tf.removeBackend(name);
    tf.registerBackend(name, entry.factory, entry.priority);
  }
}

export async function initBackend(opts: BackendOptions = {}): Promise<BackendChoice> {
  const skipped: BackendAttempt[] = [];
  const details: string[] = [];
  for (const name of chainFor(opts.preferred).filter((b) => !opts.exclude?.includes(b))) {
    try {
      await register(name, opts);
      if (!(await tf.setBackend(name))) throw new AppError('backend-rejected', {}, 'setBackend returned false');
      await tf.ready();
      // A cheap round trip proves the backend computes, not just initialises.
      const probe = tf.tidy(() => tf.tensor1d([1, 2, 3]).square().sum());
      const v = (await probe.data())[0];
      probe.dispose();
      if (v !== 14) throw new AppError('backend-probe-wrong', { value: v }, `probe computed ${v} instead of 14`);
      return { backend: name, skipped, ...(name === 'wasm' ? { wasm: await wasmRuntime() } : {}) };
    } catch (e) {
      const error =
        e instanceof AppError ? e : new AppError('backend-failed', { detail: errorDetail(e) }, errorDetail(e));
      skipped.push({ backend: name, error: error.toData() });
      details.push(`${name}: ${error.message}`);
      discardInstance(name);
    }
  }
  throw new BackendError(skipped, details.join('; '));
}

async function wasmRuntime(): Promise<WasmRuntime> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  return { simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')), threads: wasm.getThreadsCount() };
}

/**
 * What a backend can lose while it runs, as the tfjs backends hold it: the
 * WebGPU backend's `device` (its `lost` promise settles when the GPU process
 * crashes, the driver resets or the device is destroyed) and the WebGL
 * backend's `canvas` (it fires `webglcontextlost`).
 */
export interface LosableBackend {
  device?: { lost: Promise<{ reason?: string; message?: string }> } | null;
  canvas?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | null;
}

/**
 * Calls `onLost` once with the reason (an AppError) when the backend's GPU device or WebGL
 * context is lost; other backends cannot be lost this way. Returns a function
 * that stops watching.
 */
export function watchBackendLoss(
  name: BackendName,
  backend: LosableBackend | null | undefined,
  onLost: (reason: AppError) => void,
): () => void {
  let active = true;
  const fire = (reason: AppError) => {
    if (!active) return;
    active = false;
    onLost(reason);
  };
  if (name === 'webgpu' && backend?.device?.lost) {
    void backend.device.lost.then(
      (info) => {
        const detail = [info?.reason, info?.message].filter(Boolean).join(': ') || 'unknown';
        fire(new AppError('webgpu-device-lost', { detail }, `the WebGPU device was lost (${detail})`));
      },
      () => undefined,
    );
    return () => {
      active = false;
    };
  }
  const canvas = name === 'webgl' ? backend?.canvas : null;
  if (canvas) {
    const listener = () => fire(new AppError('webgl-context-lost', {}, 'the WebGL context was lost'));
    canvas.addEventListener('webglcontextlost', listener);
    return () => {
      active = false;
      canvas.removeEventListener('webglcontextlost', listener);
    };
  }
  return () => {
    active = false;
  };
}

/** `watchBackendLoss` on the registered tfjs backend `name`. */
export function watchActiveBackend(name: BackendName, onLost: (reason: AppError) => void): () => void {
  return watchBackendLoss(name, tf.findBackend(name) as LosableBackend | null, onLost);
}
