/**
 * Shared pieces of the browser tests: opening the app with a chosen backend,
 * recording every request, watching the page for errors, and the pictures the
 * tests make from the real face photos (from ../shared/data, or
 * MASKCHECK_DATA). Launching Chromium, presetting settings and waiting for the
 * models live in scripts/lib/appHarness.ts, and the Chromium flags, the fake
 * camera and the UTKFace list in scripts/lib/browser.ts, shared with the
 * bench, the soak run and the screenshot script.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { presetSettings, type Backend } from '../../scripts/lib/appHarness';

export { CHROMIUM, DATA_DIR, fakeCameraArgs, fakeCameraVideo, utkFaces } from '../../scripts/lib/browser';

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

export interface OpenedApp {
  context: BrowserContext;
  page: Page;
  /** Every URL the context asked for (see recordRequests). */
  requests: string[];
  watch: { errors: string[] };
}

/**
 * The app in a fresh context of `browser`, with its settings preset, its
 * requests recorded and its page watched for errors; `initScript` runs in the
 * page before the app. Does not wait for the models.
 */
export async function openApp(
  browser: Browser,
  baseUrl: string,
  backend: Backend,
  initScript?: string,
): Promise<OpenedApp> {
  const context = await browser.newContext();
  await presetSettings(context, backend);
  const requests = recordRequests(context);
  if (initScript) await context.addInitScript({ content: initScript });
  const page = await context.newPage();
  const watch = watchPage(page);
  await page.goto(baseUrl);
  return { context, page, requests, watch };
}

/** One frame made by ffmpeg from `args` (inputs and filters), written to `name` in a fresh temp folder. */
function ffmpegFrame(name: string, args: readonly string[]): string {
  const out = join(mkdtempSync(join(tmpdir(), 'maskcheck-')), name);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', ...args, '-frames:v', '1', out]);
  return out;
}

/** Two face photos side by side on one canvas, as a PNG: a photo with several faces. */
export function twoFacesPhoto(left: string, right: string): string {
  return ffmpegFrame('two-faces.png', [
    '-i',
    left,
    '-i',
    right,
    '-filter_complex',
    '[0]scale=240:240,pad=400:400:80:80:color=gray[a];[1]scale=240:240,pad=400:400:80:80:color=gray[b];[a][b]hstack',
  ]);
}

/** A plain JPEG of `width` x `height` pixels (small on disk: one colour). */
export function plainJpeg(width: number, height: number): string {
  return ffmpegFrame(`plain-${width}x${height}.jpg`, ['-f', 'lavfi', '-i', `color=c=gray:s=${width}x${height}`]);
}

/**
 * Face photos in a grid on one grey canvas, as a PNG: `cols` across, each
 * scaled to `face` pixels and centred in a `cell`-pixel square. A crowd for
 * many faces at once, or, with a small `face`, faces too small to check.
 */
export async function faceGrid(photos: readonly string[], cols: number, cell: number, face: number): Promise<string> {
  const rows = Math.ceil(photos.length / cols);
  const canvas = createCanvas(cols * cell, rows * cell);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#808080';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  for (const [i, photo] of photos.entries()) {
    const img = await loadImage(readFileSync(photo));
    const x = (i % cols) * cell + (cell - face) / 2;
    const y = Math.floor(i / cols) * cell + (cell - face) / 2;
    ctx.drawImage(img, x, y, face, face);
  }
  const out = join(mkdtempSync(join(tmpdir(), 'maskcheck-grid-')), `grid-${photos.length}x${face}px.png`);
  writeFileSync(out, canvas.toBuffer('image/png'));
  return out;
}

/** A picture without a face (ffmpeg's test pattern: colour bars, gradients, digits). */
export function noFacePhoto(): string {
  return ffmpegFrame('no-face.png', ['-f', 'lavfi', '-i', 'testsrc2=s=640x480']);
}
