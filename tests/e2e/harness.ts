/**
 * Shared pieces of the browser tests: launching the system Chromium, opening
 * the app with a chosen backend, recording every request, and the real face
 * photos (from ../shared/data, or MASKCHECK_DATA) the tests feed it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DATA_DIR = resolve(process.env.MASKCHECK_DATA ?? resolve(import.meta.dirname, '../../../shared/data'));

export const BASE_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export function launch(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...BASE_ARGS, ...extraArgs] });
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

/** Every URL the context asks for, service worker fetches included. */
export function recordRequests(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on('request', (r) => urls.push(r.url()));
  return urls;
}

/** Requests whose origin is not the app's (data: and blob: URLs stay in the page). */
export function foreignRequests(urls: readonly string[], baseUrl: string): string[] {
  const origin = new URL(baseUrl).origin;
  return urls.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin);
}

/** Collects CSP violations and uncaught errors from the page. */
export function watchPage(page: Page): { errors: string[] } {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) errors.push(m.text());
  });
  return { errors };
}

export async function waitForModels(page: Page, timeoutMs = 180_000): Promise<string> {
  const status = page.getByTestId('engine-status');
  await status.and(page.locator('[data-status="ready"], [data-status="error"]')).waitFor({ timeout: timeoutMs });
  if ((await status.getAttribute('data-status')) === 'error')
    throw new Error(`models failed: ${await status.innerText()}`);
  return (await status.getAttribute('data-backend')) ?? '';
}

/** The first few UTKFace photos by name: real faces, no mask, 200x200. */
export function utkFaces(n: number): string[] {
  const dir = join(DATA_DIR, 'utkface');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jpg'))
    .sort()
    .slice(0, n)
    .map((f) => join(dir, f));
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

/** Two face photos side by side on one canvas, as a PNG: a photo with several faces. */
export function twoFacesPhoto(left: string, right: string): string {
  const out = join(mkdtempSync(join(tmpdir(), 'maskcheck-two-')), 'two-faces.png');
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-i',
    left,
    '-i',
    right,
    '-filter_complex',
    '[0]scale=240:240,pad=400:400:80:80:color=gray[a];[1]scale=240:240,pad=400:400:80:80:color=gray[b];[a][b]hstack',
    '-frames:v',
    '1',
    out,
  ]);
  return out;
}

/** A plain JPEG of `width` x `height` pixels (small on disk: one colour). */
export function plainJpeg(width: number, height: number): string {
  const out = join(mkdtempSync(join(tmpdir(), 'maskcheck-big-')), `plain-${width}x${height}.jpg`);
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `color=c=gray:s=${width}x${height}`,
    '-frames:v',
    '1',
    out,
  ]);
  return out;
}

/**
 * A one-frame y4m for Chromium's fake camera: the photo centred on a larger
 * grey canvas, like a person standing back from a webcam. Chromium loops it.
 */
export function fakeCameraVideo(photo: string, width = 640, height = 480): string {
  const out = join(mkdtempSync(join(tmpdir(), 'maskcheck-cam-')), 'face.y4m');
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-i',
    photo,
    '-vf',
    `scale=-2:${Math.round(height * 0.6)},pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2:color=gray`,
    '-frames:v',
    '1',
    '-pix_fmt',
    'yuv420p',
    out,
  ]);
  return out;
}
