import { describe, expect, it } from 'vitest';
import { initBackend, isSoftwareRenderer } from '../../../src/inference/backend';

describe('isSoftwareRenderer', () => {
  it.each([
    ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)', true],
    ['llvmpipe (LLVM 15.0.6, 256 bits)', true],
    ['Microsoft Basic Render Driver', true],
    ['ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)', false],
    ['Apple M2', false],
    ['Mali-G78', false],
  ])('%s -> %s', (renderer, software) => {
    expect(isSoftwareRenderer(renderer)).toBe(software);
  });
});

describe('initBackend exclude', () => {
  it('never tries an excluded backend', async () => {
    const choice = await initBackend({ preferred: 'wasm', exclude: ['wasm'] });
    expect(choice.backend).toBe('cpu');
    expect(choice.skipped.map((s) => s.backend)).toEqual(['webgpu', 'webgl']);
  });
});
