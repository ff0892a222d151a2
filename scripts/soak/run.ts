/**
 * The soak run itself: the built app's camera view on Chromium's fake camera
 * (a real face photo looped as a y4m) for a number of analysed frames,
 * sampling tf.memory() (as the app's camera stats expose it: data-tensors and
 * data-tensor-bytes, set after each frame) and the JS heap after a forced GC.
 * Used by `npm run soak` and, shortened, by tests/e2e/soak.test.ts.
 */
import type { Page } from 'playwright-core';
import { presetSettings, waitForModels, type Backend } from '../lib/appHarness';
import { PRECISE_MEMORY_ARG, fakeCameraArgs, fakeCameraVideo, launchChromium } from '../lib/browser';
import { judgeSoak, type SoakBound, type SoakSample, type SoakVerdict } from './judge';

export interface SoakOptions {
  baseUrl: string;
  frames: number;
  backend: Exclude<Backend, 'auto'>;
  /** A sample every this many frames. */
  sampleEvery: number;
  bound: SoakBound;
  /** The face photo the fake camera shows. */
  photo: string;
  /** A run whose frame count does not move for this long is stopped as stalled. */
  stallS?: number;
  log?: (line: string) => void;
}

export interface SoakRun {
  /** Chromium's version. */
  chromium: string;
  frames: number;
  backend: string;
  photo: string;
  sampleEvery: number;
  bound: SoakBound;
  /** Seconds from the camera start to the last frame. */
  durationS: number;
  /** Mean analysed frames per second over the run. */
  fps: number;
  samples: SoakSample[];
  verdict: SoakVerdict;
}

interface Reading {
  frames: number;
  numTensors: number;
  numBytes: number;
  faces: number;
  cameraProblem: string | null;
  analysisError: string | null;
  backend: string;
}

/** One look at the page: the camera stats' test hooks and what it shows. */
function read(page: Page): Promise<Reading> {
  // No named functions inside: tsx would wrap them in a helper the page lacks.
  return page.evaluate(() => {
    const stats = document.querySelector('[data-testid="camera-stats"]');
    return {
      frames: Number(stats?.getAttribute('data-frames') ?? 0),
      numTensors: Number(stats?.getAttribute('data-tensors') ?? 0),
      numBytes: Number(stats?.getAttribute('data-tensor-bytes') ?? 0),
      faces: document.querySelectorAll('[data-testid="face-box"]').length,
      cameraProblem: document.querySelector('[data-testid="camera-problem"]')?.getAttribute('data-status') ?? null,
      analysisError: document.querySelector('[data-testid="analysis-error"]')?.textContent ?? null,
      backend: document.querySelector('[data-testid="engine-status"]')?.getAttribute('data-backend') ?? '',
    };
  });
}

/**
 * performance.memory.usedJSHeapSize after a full GC (needs --js-flags=--expose-gc),
 * taken right as the app finishes a frame (its frame count changes), before
 * the next one starts: mid-frame readings carry that frame's working set
 * (tens of MB on WASM) and say nothing about what the app keeps.
 */
function heapAfterGc(page: Page): Promise<number | null> {
  return page.evaluate(
    () =>
      new Promise<number | null>((resolve) => {
        const stats = document.querySelector('[data-testid="camera-stats"]');
        const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
        if (!stats || !memory) {
          resolve(null);
          return;
        }
        const observer = new MutationObserver(() => {
          observer.disconnect();
          (window as Window & { gc?: () => void }).gc?.();
          resolve(memory.usedJSHeapSize);
        });
        observer.observe(stats, { attributes: true, attributeFilter: ['data-frames'] });
        setTimeout(() => {
          observer.disconnect();
          resolve(null);
        }, 10_000);
      }),
  );
}

export async function runSoak(o: SoakOptions): Promise<SoakRun> {
  const log = o.log ?? (() => undefined);
  const stallMs = (o.stallS ?? 60) * 1000;
  const browser = await launchChromium([
    '--disable-gpu',
    ...(o.backend === 'webgpu' ? ['--enable-unsafe-webgpu'] : []),
    PRECISE_MEMORY_ARG,
    '--js-flags=--expose-gc',
    ...fakeCameraArgs(fakeCameraVideo(o.photo)),
  ]);
  const chromium = browser.version();
  const samples: SoakSample[] = [];
  const extra: string[] = [];
  try {
    const context = await browser.newContext();
    await presetSettings(context, o.backend);
    // Nothing may leave the app's origin, in a long run least of all.
    const origin = new URL(o.baseUrl).origin;
    context.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) {
        extra.push(`request outside the app's origin: ${url}`);
      }
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => extra.push(`page error: ${e.message}`));
    await page.goto(o.baseUrl);
    const backend = await waitForModels(page);
    if (backend !== o.backend) extra.push(`asked for ${o.backend}, the app loaded ${backend}`);
    await page.getByTestId('camera-start').click();
    await page.getByTestId('face-box').first().waitFor({ timeout: 180_000 });
    const start = Date.now();
    let next = 0;
    let lastFrames = -1;
    // The camera's frame count starts again at 0 when the app reopens it (a
    // stall); the run keeps counting but fails.
    let offset = 0;
    let lastRaw = 0;
    let lastChange = Date.now();
    let lastLog = 0;
    for (;;) {
      const r = await read(page);
      if (r.frames < lastRaw) {
        extra.push(`the camera was reopened: its frame count went from ${lastRaw} back to ${r.frames}`);
        offset += lastRaw;
      }
      lastRaw = r.frames;
      r.frames += offset;
      if (r.frames !== lastFrames) {
        lastFrames = r.frames;
        lastChange = Date.now();
      }
      if (r.frames >= next || r.frames >= o.frames) {
        samples.push({
          frame: r.frames,
          t: (Date.now() - start) / 1000,
          numTensors: r.numTensors,
          numBytes: r.numBytes,
          heapBytes: await heapAfterGc(page),
          faces: r.faces,
          cameraProblem: r.cameraProblem,
          analysisError: r.analysisError,
          backend: r.backend,
        });
        while (next <= r.frames) next += o.sampleEvery;
      }
      if (r.frames >= o.frames) break;
      if (Date.now() - lastChange > stallMs) {
        extra.push(`stalled: no new frame for ${o.stallS ?? 60} s at frame ${r.frames}`);
        break;
      }
      if (Date.now() - lastLog > 60_000) {
        lastLog = Date.now();
        const s = samples.at(-1)!;
        log(
          `frame ${r.frames}/${o.frames}, ${((Date.now() - start) / 1000).toFixed(0)} s, ` +
            `tensors ${s.numTensors}, heap ${s.heapBytes === null ? '?' : (s.heapBytes / 1048576).toFixed(1)} MB`,
        );
      }
      await page.waitForTimeout(200);
    }
    await context.close();
  } finally {
    await browser.close();
  }
  const last = samples.at(-1);
  const durationS = last?.t ?? 0;
  return {
    chromium,
    frames: last?.frame ?? 0,
    backend: last?.backend ?? '',
    photo: o.photo,
    sampleEvery: o.sampleEvery,
    bound: o.bound,
    durationS,
    fps: durationS > 0 && last ? last.frame / durationS : 0,
    samples,
    verdict: judgeSoak(samples, o.bound, o.frames, extra),
  };
}
