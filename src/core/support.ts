/**
 * What a browser lacks for maskcheck, from plain feature flags (probed by the
 * app in src/app/support.ts). Photos need some compute backend: WebGPU, WebGL
 * or WebAssembly keep a check under a second; without all three tfjs falls
 * back to plain JavaScript, which takes seconds per photo. The camera needs
 * getUserMedia, which browsers offer only on secure pages (HTTPS, localhost).
 */

export interface BrowserFeatures {
  webAssembly: boolean;
  webgl: boolean;
  webgpu: boolean;
  getUserMedia: boolean;
  secureContext: boolean;
}

/**
 * `slow_compute`: no WebAssembly, WebGL or WebGPU, so only the slow CPU backend runs.
 * `camera_insecure`: the page is not secure, so the browser hides the camera.
 * `camera_missing`: a secure page, but the browser has no camera API at all (an old browser).
 */
export type SupportIssue = 'slow_compute' | 'camera_insecure' | 'camera_missing';

export function supportIssues(f: BrowserFeatures): SupportIssue[] {
  const issues: SupportIssue[] = [];
  if (!f.webAssembly && !f.webgl && !f.webgpu) issues.push('slow_compute');
  if (!f.getUserMedia) issues.push(f.secureContext ? 'camera_missing' : 'camera_insecure');
  return issues;
}
