/**
 * The backend setting in a browser without a GPU: `auto` skips SwiftShader's
 * WebGPU adapter and software WebGL, saying why, and lands on WASM; forcing
 * WebGL still runs it and classifies a photo.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fileForDrop, launch, waitForModels } from '../../scripts/lib/appHarness';
import { openApp, utkFaces } from './harness';

const baseUrl = inject('baseUrl');

describe('backend setting', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch(['--enable-unsafe-webgpu']);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('auto skips software WebGPU and WebGL with reasons and runs on WASM', async () => {
    const { context, page } = await openApp(browser, baseUrl, 'auto');
    expect(await waitForModels(page)).toBe('wasm');
    const details = page.getByTestId('engine-status').locator('details');
    await details.locator('summary').click();
    const reasons = await details.locator('li').allInnerTexts();
    expect(reasons).toHaveLength(2);
    expect(reasons[0]).toMatch(
      /^WebGPU \(graphics card\) skipped: the WebGPU adapter is a software fallback, not a graphics card$/,
    );
    expect(reasons[1]).toMatch(
      /^WebGL \(graphics card\) skipped: WebGL runs in software \(.*SwiftShader.*\), slower than WebAssembly$/i,
    );
    await context.close();
  });

  it('runs on WebGL when asked to, and remembers the choice', async () => {
    const { context, page } = await openApp(browser, baseUrl, 'wasm');
    await waitForModels(page);
    await page.getByTestId('backend-select').selectOption('webgl');
    await page.getByTestId('engine-status').and(page.locator('[data-status="loading"]')).waitFor();
    expect(await waitForModels(page)).toBe('webgl');
    await page.getByTestId('dropzone').drop({ files: [fileForDrop(utkFaces(1)[0])] });
    await page.locator('[data-testid="photo-card"][data-status="done"]').waitFor({ timeout: 180_000 });
    expect(await page.getByTestId('face-box').count()).toBe(1);
    await page.reload();
    expect(await waitForModels(page)).toBe('webgl');
    expect(await page.getByTestId('backend-select').inputValue()).toBe('webgl');
    await context.close();
  });
});
