/** What a browser lacks: slow compute without WebAssembly, WebGL and WebGPU; no camera API, and why. */
import { describe, expect, it } from 'vitest';
import { supportIssues, type BrowserFeatures } from '../../src/core/support';

const full: BrowserFeatures = { webAssembly: true, webgl: true, webgpu: true, getUserMedia: true, secureContext: true };

describe('supportIssues', () => {
  it('finds nothing in a current browser, and nothing when one fast backend is left', () => {
    expect(supportIssues(full)).toEqual([]);
    expect(supportIssues({ ...full, webgl: false, webgpu: false })).toEqual([]);
    expect(supportIssues({ ...full, webAssembly: false, webgpu: false })).toEqual([]);
    expect(supportIssues({ ...full, webAssembly: false, webgl: false })).toEqual([]);
  });

  it('warns of slow checks when no WebAssembly, WebGL or WebGPU is left', () => {
    expect(supportIssues({ ...full, webAssembly: false, webgl: false, webgpu: false })).toEqual(['slow_compute']);
  });

  it('tells an insecure page from a browser without a camera API', () => {
    expect(supportIssues({ ...full, getUserMedia: false, secureContext: false })).toEqual(['camera_insecure']);
    expect(supportIssues({ ...full, getUserMedia: false })).toEqual(['camera_missing']);
    expect(
      supportIssues({ webAssembly: false, webgl: false, webgpu: false, getUserMedia: false, secureContext: true }),
    ).toEqual(['slow_compute', 'camera_missing']);
  });
});
