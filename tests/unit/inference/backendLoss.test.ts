/** A lost WebGPU device or WebGL context is reported once, with a reason; other backends are never "lost". */
import { describe, expect, it, vi } from 'vitest';
import type { AppError } from '../../../src/core/appError';
import { watchBackendLoss } from '../../../src/inference/backend';

type LostInfo = { reason?: string; message?: string };

function fakeDevice() {
  let lose!: (info: LostInfo) => void;
  const lost = new Promise<LostInfo>((resolve) => (lose = resolve));
  return { device: { lost }, lose };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('watchBackendLoss', () => {
  it('reports a lost WebGPU device with its reason, once', async () => {
    const { device, lose } = fakeDevice();
    const onLost = vi.fn();
    watchBackendLoss('webgpu', { device }, onLost);
    await tick();
    expect(onLost).not.toHaveBeenCalled();
    lose({ reason: 'destroyed', message: 'Device was destroyed.' });
    await tick();
    expect(onLost).toHaveBeenCalledTimes(1);
    const reason = onLost.mock.calls[0][0] as AppError;
    expect(reason.toData()).toEqual({
      code: 'webgpu-device-lost',
      params: { detail: 'destroyed: Device was destroyed.' },
    });
    expect(reason.message).toBe('the WebGPU device was lost (destroyed: Device was destroyed.)');
  });

  it('says nothing about a device lost after it stopped watching', async () => {
    const { device, lose } = fakeDevice();
    const onLost = vi.fn();
    const stop = watchBackendLoss('webgpu', { device }, onLost);
    stop();
    lose({ reason: 'unknown' });
    await tick();
    expect(onLost).not.toHaveBeenCalled();
  });

  it("reports a WebGL context loss on the backend's canvas once, and unhooks when stopped", () => {
    const canvas = new EventTarget();
    const onLost = vi.fn();
    watchBackendLoss('webgl', { canvas }, onLost);
    canvas.dispatchEvent(new Event('webglcontextrestored'));
    expect(onLost).not.toHaveBeenCalled();
    canvas.dispatchEvent(new Event('webglcontextlost'));
    canvas.dispatchEvent(new Event('webglcontextlost'));
    expect(onLost).toHaveBeenCalledTimes(1);
    const reason = onLost.mock.calls[0][0] as AppError;
    expect(reason.toData()).toEqual({ code: 'webgl-context-lost', params: {} });
    expect(reason.message).toBe('the WebGL context was lost');

    const other = new EventTarget();
    const remove = vi.spyOn(other, 'removeEventListener');
    const onOther = vi.fn();
    watchBackendLoss('webgl', { canvas: other }, onOther)();
    expect(remove).toHaveBeenCalledWith('webglcontextlost', expect.any(Function));
    other.dispatchEvent(new Event('webglcontextlost'));
    expect(onOther).not.toHaveBeenCalled();
  });

  it('watches only what the named backend can lose', async () => {
    const { device, lose } = fakeDevice();
    const canvas = new EventTarget();
    const onLost = vi.fn();
    for (const name of ['wasm', 'cpu'] as const) watchBackendLoss(name, { device, canvas }, onLost);
    watchBackendLoss('webgl', { device }, onLost);
    watchBackendLoss('webgpu', { canvas }, onLost);
    watchBackendLoss('webgpu', null, onLost);
    lose({ reason: 'destroyed' });
    canvas.dispatchEvent(new Event('webglcontextlost'));
    await tick();
    expect(onLost).not.toHaveBeenCalled();
  });
});
