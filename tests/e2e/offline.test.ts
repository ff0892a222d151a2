/**
 * The PWA after one visit: the service worker has precached the app, the
 * models and the wasm binaries, so with the network off a reload still loads
 * the models and checks a photo.
 */
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { fileForDrop, launch, waitForModels } from '../../scripts/lib/appHarness';
import { foreignRequests, openApp, utkFaces } from './harness';

const baseUrl = inject('baseUrl');

describe('offline', () => {
  let browser: Browser;

  afterAll(async () => {
    await browser?.close();
  });

  it('reloads and classifies with the network off after one visit', async () => {
    browser = await launch();
    const { context, page, requests, watch } = await openApp(browser, baseUrl, 'wasm');
    await waitForModels(page);
    // The service worker has installed and the precache is complete.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.getByText('Ready to work offline').waitFor({ timeout: 120_000 });

    const manifest = await page.evaluate(async () => (await fetch('manifest.webmanifest')).json());
    expect(manifest.icons.length).toBeGreaterThanOrEqual(2);

    await context.setOffline(true);
    // Nothing outside the cache answers now.
    expect(
      await page.evaluate(() =>
        fetch('models/not-precached.bin').then(
          (r) => r.status,
          () => 'failed',
        ),
      ),
    ).not.toBe(200);
    await page.reload();
    expect(await waitForModels(page)).toBe('wasm');
    const [face] = utkFaces(1);
    await page.getByTestId('dropzone').drop({ files: [fileForDrop(face)] });
    await page.locator('[data-testid="photo-card"][data-status="done"]').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('face-box').count()).toBe(1);
    expect(foreignRequests(requests, baseUrl)).toEqual([]);
    expect(watch.errors).toEqual([]);
  });
});
