/**
 * A GPU backend that is lost while the app runs: the WebGL context is lost
 * (WEBGL_lose_context on tfjs's own canvas) or the WebGPU device is destroyed.
 * The app moves to the next backend in the chain at once, says so, and keeps
 * checking photos, without a page reload.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Backend, fileForDrop, launch, waitForModels } from '../../scripts/lib/appHarness';
import { foreignRequests, openApp, utkFaces } from './harness';

const baseUrl = inject('baseUrl');

/**
 * Keeps every WebGL context and WebGPU device the page makes (tfjs makes its
 * own, out of the app's reach) so the test can lose them. A string, not a
 * function: the test's transpiler would wrap inner functions in a helper the
 * page does not have.
 */
const RECORD_GPU = `
  window.__glContexts = [];
  window.__gpuDevices = [];
  for (const C of [HTMLCanvasElement, typeof OffscreenCanvas === 'undefined' ? null : OffscreenCanvas]) {
    if (!C) continue;
    const getContext = C.prototype.getContext;
    C.prototype.getContext = function (type, ...rest) {
      const ctx = getContext.call(this, type, ...rest);
      if (ctx && (type === 'webgl' || type === 'webgl2')) window.__glContexts.push(ctx);
      return ctx;
    };
  }
  if (typeof GPUAdapter !== 'undefined') {
    const requestDevice = GPUAdapter.prototype.requestDevice;
    GPUAdapter.prototype.requestDevice = async function (...args) {
      const device = await requestDevice.apply(this, args);
      window.__gpuDevices.push(device);
      return device;
    };
  }
`;

describe('backend lost while running', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch(['--enable-unsafe-webgpu']);
  });

  afterAll(async () => {
    await browser?.close();
  });

  let requests: string[] = [];

  async function openOn(backend: Backend): Promise<{ page: Page; errors: string[] }> {
    const opened = await openApp(browser, baseUrl, backend, RECORD_GPU);
    const { page } = opened;
    const { errors } = opened.watch;
    requests = opened.requests;
    expect(await waitForModels(page)).toBe(backend);
    // Marks this page: a reload would start a new one without the mark.
    await page.evaluate(() => {
      (window as Window & { __sameDocument?: boolean }).__sameDocument = true;
    });
    return { page, errors };
  }

  async function expectStillWorking(page: Page, errors: string[], backend: string, fellBack: RegExp, chosen: Backend) {
    await expect
      .poll(() => page.getByTestId('engine-status').getAttribute('data-backend'), { timeout: 120_000 })
      .toBe(backend);
    expect(await waitForModels(page)).toBe(backend);
    expect(await page.getByTestId('backend-fell-back').innerText()).toMatch(fellBack);
    expect(await page.evaluate(() => (window as Window & { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await page.getByTestId('dropzone').drop({ files: [fileForDrop(utkFaces(1)[0])] });
    await page.locator('[data-testid="photo-card"][data-status="done"]').waitFor({ timeout: 180_000 });
    expect(await page.getByTestId('face-box').count()).toBe(1);
    expect(errors).toEqual([]);
    expect(foreignRequests(requests, baseUrl)).toEqual([]);
    // The user's choice stays as it was: the fallback is for this session only.
    expect(await page.getByTestId('backend-select').inputValue()).toBe(chosen);
  }

  it('moves from a lost WebGL context to WASM', async () => {
    const { page, errors } = await openOn('webgl');
    const lost = await page.evaluate(() => {
      const contexts = (window as Window & { __glContexts?: WebGL2RenderingContext[] }).__glContexts ?? [];
      const live = contexts.filter((gl) => !gl.isContextLost());
      live.forEach((gl) => gl.getExtension('WEBGL_lose_context')?.loseContext());
      return live.length;
    });
    // tfjs's context (the app's renderer probe already let its own go).
    expect(lost).toBeGreaterThanOrEqual(1);
    await expectStillWorking(
      page,
      errors,
      'wasm',
      /^WebGL \(graphics card\) stopped working \(the WebGL context was lost\); switched to WebAssembly \(processor\)\.$/,
      'webgl',
    );
    await page.context().close();
  });

  it('moves from a lost WebGPU device to the next backend', async () => {
    const { page, errors } = await openOn('webgpu');
    const destroyed = await page.evaluate(() => {
      const devices = (window as Window & { __gpuDevices?: GPUDevice[] }).__gpuDevices ?? [];
      devices.forEach((d) => d.destroy());
      return devices.length;
    });
    expect(destroyed).toBeGreaterThanOrEqual(1);
    // Next in the chain after WebGPU is WebGL (software here, but accepted as the next in line).
    await expectStillWorking(
      page,
      errors,
      'webgl',
      /^WebGPU \(graphics card\) stopped working \(the WebGPU device was lost \(destroyed.*\)\); switched to WebGL \(graphics card\)\.$/,
      'webgpu',
    );
    await page.context().close();
  });
});
