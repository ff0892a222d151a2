/**
 * Threaded WASM in the built app. Served with COOP/COEP (vite preview, as
 * configured) the page is cross-origin isolated and WASM runs threaded; served
 * by a host that sends no headers it runs the SIMD binary on one thread and
 * still checks photos, until its service worker controls the page and adds the
 * headers itself; offline, from the cache, it stays threaded. The backend
 * details say which, every time.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fileForDrop, launch, waitForModels } from '../../scripts/lib/appHarness';
import { foreignRequests, openApp, utkFaces } from './harness';
import { startPlainServer, type Preview } from '../../scripts/lib/previewServer';

const baseUrl = inject('baseUrl');
const distDir = inject('distDir');

/** What the backend details say about WASM, and whether the page is cross-origin isolated. */
async function wasmState(page: Page): Promise<{ runtime: string; isolated: boolean }> {
  expect(await waitForModels(page)).toBe('wasm');
  return {
    runtime: await page.getByTestId('wasm-runtime').innerText(),
    isolated: await page.evaluate(() => crossOriginIsolated),
  };
}

async function checksAPhoto(page: Page, photo: string): Promise<void> {
  await page.getByTestId('dropzone').drop({ files: [fileForDrop(photo)] });
  const card = page.locator('[data-testid="photo-card"][data-status="done"]').last();
  await card.waitFor({ timeout: 120_000 });
  expect(await card.getByTestId('face-box').count()).toBe(1);
}

/** After the service worker has precached everything and controls the page. */
async function serviceWorkerInCharge(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.getByText('Ready to work offline').waitFor({ timeout: 120_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
}

const THREADED = /^WASM: SIMD, ([2-9]) threads$/;

describe('threaded WASM', () => {
  let browser: Browser;
  let plain: Preview;
  const [face] = utkFaces(1);

  beforeAll(async () => {
    browser = await launch();
    plain = await startPlainServer(distDir);
  });

  afterAll(async () => {
    await browser?.close();
    plain?.stop();
  });

  it('runs threaded when served with isolation headers, online and offline', async () => {
    const { context, page, requests, watch } = await openApp(browser, baseUrl, 'wasm');
    const first = await wasmState(page);
    expect(first.isolated).toBe(true);
    expect(first.runtime).toMatch(THREADED);
    await checksAPhoto(page, face);

    await serviceWorkerInCharge(page);
    await context.setOffline(true);
    await page.reload();
    const offline = await wasmState(page);
    expect(offline).toEqual(first);
    await checksAPhoto(page, face);
    expect(foreignRequests(requests, baseUrl)).toEqual([]);
    expect(watch.errors).toEqual([]);
    await context.close();
  });

  it('falls back to one thread without the headers, then the service worker isolates the page', async () => {
    const { context, page, requests, watch } = await openApp(browser, plain.url, 'wasm');
    const first = await wasmState(page);
    expect(first.isolated).toBe(false);
    expect(first.runtime).toBe('WASM: SIMD, single thread (the page is not cross-origin isolated)');
    await checksAPhoto(page, face);

    // The service worker adds COOP/COEP to what it serves: from the next load on, threads.
    await serviceWorkerInCharge(page);
    await page.reload();
    const controlled = await wasmState(page);
    expect(controlled.isolated).toBe(true);
    expect(controlled.runtime).toMatch(THREADED);

    await context.setOffline(true);
    await page.reload();
    expect(await wasmState(page)).toEqual(controlled);
    await checksAPhoto(page, face);
    expect(foreignRequests(requests, plain.url)).toEqual([]);
    expect(watch.errors).toEqual([]);
    await context.close();
  });
});
