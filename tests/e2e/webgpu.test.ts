/**
 * The WebGPU path (SwiftShader's adapter in headless Chromium) runs the same
 * photos as WASM and agrees with it: same faces, same labels, boxes and
 * confidences within a small tolerance. The first WebGPU run compiles its
 * shaders for a long while, hence the long timeouts.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type Backend, fileForDrop, launch, maskedFace, waitForModels } from '../../scripts/lib/appHarness';
import { foreignRequests, openApp, utkFaces } from './harness';

const baseUrl = inject('baseUrl');

interface Row {
  file: string;
  box: number[];
  labels: string;
  confidence: number;
}

async function csvFor(browser: Browser, backend: Backend, photos: string[]): Promise<{ backend: string; rows: Row[] }> {
  const { context, page, requests, watch } = await openApp(browser, baseUrl, backend);
  const active = await waitForModels(page, 300_000);
  await page.getByTestId('dropzone').drop({ files: photos.map((p) => fileForDrop(p)) });
  await page
    .locator('[data-testid="photo-card"][data-status="pending"]')
    .first()
    .waitFor({ state: 'detached', timeout: 300_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-button').click()]);
  const lines = readFileSync((await download.path())!, 'utf8')
    .replace(/^\ufeff/, '')
    .trim()
    .split(/\r\n/)
    .slice(1);
  await context.close();
  expect(foreignRequests(requests, baseUrl)).toEqual([]);
  expect(watch.errors).toEqual([]);
  const rows = lines.map((l) => {
    const c = l.split(',');
    return { file: c[0], box: c.slice(2, 6).map(Number), labels: c.slice(6, 9).join('/'), confidence: Number(c[11]) };
  });
  return { backend: active, rows };
}

describe('WebGPU', () => {
  let browser: Browser;

  afterAll(async () => {
    await browser?.close();
  });

  it('runs and agrees with WASM on the same photos', async () => {
    browser = await launch(['--enable-unsafe-webgpu']);
    const photos = [utkFaces(1)[0], maskedFace()];
    const gpu = await csvFor(browser, 'webgpu', photos);
    expect(gpu.backend).toBe('webgpu');
    const wasm = await csvFor(browser, 'wasm', photos);
    expect(wasm.backend).toBe('wasm');

    expect(gpu.rows).toHaveLength(wasm.rows.length);
    expect(gpu.rows.length).toBeGreaterThanOrEqual(photos.length);
    gpu.rows.forEach((g, i) => {
      const w = wasm.rows[i];
      expect(g.file).toBe(w.file);
      expect(g.labels).toBe(w.labels);
      expect(Math.abs(g.confidence - w.confidence)).toBeLessThanOrEqual(0.05);
      g.box.forEach((v, k) => expect(Math.abs(v - w.box[k])).toBeLessThanOrEqual(Math.max(3, w.box[2] * 0.05)));
    });
  });
});
