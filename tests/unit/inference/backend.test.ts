import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BACKENDS, chainFor, initBackend } from '../../../src/inference/backend';

describe('chainFor', () => {
  it('puts the preferred backend first and keeps the rest in order', () => {
    expect(chainFor()).toEqual([...BACKENDS]);
    expect(chainFor('wasm')).toEqual(['wasm', 'webgpu', 'webgl', 'cpu']);
    expect(chainFor('cpu')).toEqual(['cpu', 'webgpu', 'webgl', 'wasm']);
  });
});

describe('initBackend in Node', () => {
  it('skips WebGPU and WebGL with a reason each, lands on a working WASM', async () => {
    const choice = await initBackend();
    expect(choice.backend).toBe('wasm');
    expect(choice.skipped).toEqual([
      { backend: 'webgpu', error: 'this browser has no WebGPU' },
      { backend: 'webgl', error: 'WebGL needs a browser' },
    ]);
    expect(tf.getBackend()).toBe('wasm');
    const t = tf.tensor1d([3, 4]).square().sum();
    expect(await t.data()).toEqual(new Float32Array([25]));
    t.dispose();
  });

  it('takes the preferred backend when it works', async () => {
    expect(await initBackend({ preferred: 'cpu' })).toEqual({ backend: 'cpu', skipped: [] });
    expect(tf.getBackend()).toBe('cpu');
  });
});
