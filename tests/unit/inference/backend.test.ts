import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BACKENDS, BackendError, chainFor, initBackend } from '../../../src/inference/backend';

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
      { backend: 'webgpu', error: { code: 'webgpu-missing', params: {} } },
      { backend: 'webgl', error: { code: 'webgl-no-browser', params: {} } },
    ]);
    expect(tf.getBackend()).toBe('wasm');
    const t = tf.tensor1d([3, 4]).square().sum();
    expect(await t.data()).toEqual(new Float32Array([25]));
    t.dispose();
  });

  it('with none left, throws no-backend naming each one tried and why', async () => {
    const e = await initBackend({ exclude: ['wasm', 'cpu'] }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BackendError);
    expect((e as BackendError).toData()).toEqual({ code: 'no-backend', params: { tried: 'webgpu, webgl' } });
    expect((e as BackendError).skipped.map((s) => s.error.code)).toEqual(['webgpu-missing', 'webgl-no-browser']);
    expect((e as Error).message).toBe(
      'no tfjs backend works: webgpu: this browser has no WebGPU; webgl: WebGL needs a browser',
    );
  });

  it('takes the preferred backend when it works', async () => {
    expect(await initBackend({ preferred: 'cpu' })).toEqual({ backend: 'cpu', skipped: [] });
    expect(tf.getBackend()).toBe('cpu');
  });
});

describe('switching backends after a walk down the chain', () => {
  it('keeps the factory of a backend it skipped, so it can be chosen later', async () => {
    // Node has no WebGL backend: stand one in, as the browser registers it on import.
    let made = 0;
    tf.registerBackend('webgl', () => {
      made++;
      return { dispose: () => undefined } as unknown as tf.KernelBackend;
    });
    const choice = await initBackend();
    expect(choice.skipped.map((s) => s.backend)).toContain('webgl');
    expect(tf.engine().registryFactory.webgl).toBeDefined();
    // Skipping it made no instance (looking it up with findBackend would have).
    expect(made).toBe(0);
    for (const preferred of ['cpu', 'wasm', 'cpu'] as const) {
      expect((await initBackend({ preferred })).backend).toBe(preferred);
    }
    tf.removeBackend('webgl');
  });
});
