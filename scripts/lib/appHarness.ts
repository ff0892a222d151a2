/**
 * Driving the built app in headless Chromium, shared by the browser tests,
 * the soak run and the screenshot script: launching Chromium without a GPU
 * process, presetting the app's settings, waiting for its models, and the
 * files they drop on it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DATA_DIR, launchChromium } from './browser';

/** The app's tests run without a GPU process (WebGPU tests add --enable-unsafe-webgpu). */
export function launch(extraArgs: string[] = []): Promise<Browser> {
  return launchChromium(['--disable-gpu', ...extraArgs]);
}

export type Backend = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** Stores the settings the app reads at start (same shape as zustand's persist). */
export async function presetSettings(context: BrowserContext, backend: Backend, lang = 'en'): Promise<void> {
  const value = JSON.stringify({ state: { lang, backendPref: backend }, version: 1 });
  await context.addInitScript(
    ([key, v]) => {
      if (!localStorage.getItem(key)) localStorage.setItem(key, v);
    },
    ['maskcheck-settings', value] as const,
  );
}

/** Waits until the models are loaded; returns the backend they run on, or throws the app's error. */
export async function waitForModels(page: Page, timeoutMs = 180_000): Promise<string> {
  const status = page.getByTestId('engine-status');
  await status.and(page.locator('[data-status="ready"], [data-status="error"]')).waitFor({ timeout: timeoutMs });
  if ((await status.getAttribute('data-status')) === 'error')
    throw new Error(`models failed: ${await status.innerText()}`);
  return (await status.getAttribute('data-backend')) ?? '';
}

/** A masked face (MaskedFace-Net, 320x320). */
export function maskedFace(): string {
  const dir = join(DATA_DIR, 'maskedfacenet');
  return join(
    dir,
    readdirSync(dir)
      .filter((f) => f.endsWith('.jpg'))
      .sort()[0],
  );
}

export function fileForDrop(path: string, mimeType = 'image/jpeg') {
  return { name: path.split('/').pop()!, mimeType, buffer: readFileSync(path) };
}
