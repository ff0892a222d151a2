/** Probes the browser for what maskcheck needs; the verdict is src/core/support.ts's. */
import type { BrowserFeatures } from '../core/support';

/** Whether a WebGL (1 or 2) context can be made; the probe context is let go at once. */
function canWebGL(doc: Document): boolean {
  try {
    const canvas = doc.createElement('canvas');
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
    return gl !== null && gl !== undefined;
  } catch {
    return false;
  }
}

export function probeBrowser(win: Window & typeof globalThis = window): BrowserFeatures {
  const wasm = (win as { WebAssembly?: typeof WebAssembly }).WebAssembly;
  return {
    webAssembly: typeof wasm === 'object' && wasm !== null && typeof wasm.instantiate === 'function',
    webgl: canWebGL(win.document),
    webgpu: Boolean((win.navigator as Navigator & { gpu?: unknown }).gpu),
    getUserMedia: typeof win.navigator.mediaDevices?.getUserMedia === 'function',
    secureContext: win.isSecureContext !== false,
  };
}
