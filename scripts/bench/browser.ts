/**
 * Runner side of the browser bench: builds the bench page (its own Vite build
 * into .cache/bench, never part of the app bundle), serves it with the model
 * folders and the chosen photos from a small in-process HTTP server, and runs
 * one engine/backend per fresh browser context in headless Chromium.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { ISOLATION_HEADERS } from '../../src/sw/isolationHeaders';
import { CHROMIUM_BASE_ARGS, PRECISE_MEMORY_ARG, launchChromium, utkFaces } from '../lib/browser';
import { wasmThreadsPlugin } from '../lib/wasmThreadsPlugin';
import { ENGINES, type BenchWindow, type EngineName, type PageParams, type PageResult } from './types';

export const ROOT = resolve(import.meta.dirname, '../..');
export const PAGE_DIR = resolve(ROOT, 'scripts/bench/page');
export const PAGE_OUT = resolve(ROOT, '.cache/bench');
export const MODELS_DIR = resolve(ROOT, process.env.MASKCHECK_MODELS ?? 'models');
export const HUMAN_MODELS_DIR = resolve(ROOT, 'node_modules/@vladmandic/human/models');
export { CHROMIUM, DATA_DIR } from '../lib/browser';

/** The bench's flags beyond the shared ones: WebGPU on, exact performance.memory. */
const BENCH_ARGS = ['--enable-unsafe-webgpu', PRECISE_MEMORY_ARG];
export const CHROMIUM_ARGS = [...CHROMIUM_BASE_ARGS, ...BENCH_ARGS];

export async function buildBenchPage(): Promise<void> {
  await build({
    root: PAGE_DIR,
    configFile: false,
    base: '/',
    // The app's fix for threaded WASM in a minified build (workers as files, tfjs' core cap).
    plugins: [wasmThreadsPlugin()],
    logLevel: 'warn',
    build: { outDir: PAGE_OUT, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8192 },
  });
}

/** The first `n` UTKFace photos by name (200x200 single faces): candidates for the bench frames. */
export function benchPhotos(n = 16): string[] {
  return utkFaces(n);
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.jpg': 'image/jpeg',
};

export interface BenchServer {
  url: string;
  /** URL of each photo, same order as given. */
  photoUrls: string[];
  stop: () => Promise<void>;
}

function inside(dir: string, rel: string): string | null {
  const path = resolve(dir, `.${rel}`);
  return path.startsWith(dir + sep) ? path : null;
}

/**
 * Serves the built page, /models/, /human-models/ and /data/<i>.jpg (only the
 * given photos); `isolated` adds COOP/COEP to every response, so the page is
 * cross-origin isolated and WASM can run threads.
 */
export async function startBenchServer(photos: readonly string[], isolated = false): Promise<BenchServer> {
  const server: Server = createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]);
    let path: string | null;
    if (url.startsWith('/models/')) path = inside(MODELS_DIR, url.slice('/models'.length));
    else if (url.startsWith('/human-models/')) path = inside(HUMAN_MODELS_DIR, url.slice('/human-models'.length));
    else if (url.startsWith('/data/')) path = photos[Number(url.slice('/data/'.length).replace(/\.jpg$/, ''))] ?? null;
    else path = inside(PAGE_OUT, url === '/' ? '/index.html' : url);
    try {
      if (!path || !statSync(path).isFile()) throw new Error('not found');
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': MIME[extname(path)] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
      ...(isolated ? ISOLATION_HEADERS : {}),
    });
    createReadStream(path).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    photoUrls: photos.map((_, i) => `${url}data/${i}.jpg`),
    stop: () => new Promise((ok) => server.close(() => ok())),
  };
}

export function launchBrowser(): Promise<Browser> {
  return launchChromium(BENCH_ARGS);
}

/** Opens the bench page in a fresh context and waits for what it sets on window. */
async function openPage(
  browser: Browser,
  server: BenchServer,
  params: PageParams,
  timeoutMs: number,
): Promise<{ result?: PageResult; screen?: number[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Everything must come from the local server: no model or script from the internet.
  const foreign: string[] = [];
  context.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(server.url) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
  });
  try {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) q.set(k, Array.isArray(v) ? v.join(',') : String(v));
    await page.goto(`${server.url}?${q}`);
    await page.waitForFunction(
      () => {
        const w = window as Window & BenchWindow;
        return Boolean(w.__benchResult || w.__benchScreen || w.__benchError);
      },
      null,
      { timeout: timeoutMs, polling: 500 },
    );
    const { result, screen, error } = await page.evaluate(() => {
      const w = window as Window & BenchWindow;
      return { result: w.__benchResult, screen: w.__benchScreen, error: w.__benchError };
    });
    if (error) throw new Error(`bench page (${params.engine}/${params.backend}): ${error}`);
    if (result && foreign.length) result.notes.push(`requests outside the local server: ${foreign.join(', ')}`);
    return { result, screen };
  } catch (e) {
    if (errors.length)
      throw new Error(`${e instanceof Error ? e.message : String(e)}; page errors: ${errors.join('; ')}`, {
        cause: e,
      });
    throw e;
  } finally {
    await context.close();
  }
}

export type RunParams = Omit<PageParams, 'mode'>;

/** One engine on one backend: the page's measurements. */
export async function runPage(
  browser: Browser,
  server: BenchServer,
  params: RunParams,
  timeoutMs: number,
): Promise<PageResult> {
  const { result } = await openPage(browser, server, { mode: 'measure', ...params }, timeoutMs);
  if (!result) throw new Error('bench page returned no result');
  return result;
}

export interface PhotoChoice {
  /** Indexes into the served photos: the chosen five. */
  chosen: number[];
  /** Faces found per 5-photo window, by engine. */
  counts: Record<EngineName, number[]>;
}

/**
 * The "5 faces" frame must hold five faces for both engines, or one side would
 * be timed on fewer faces: both detectors (WASM) look at each run of five
 * consecutive served photos drawn as the grid, and the first run where both
 * find exactly five is used.
 */
export async function choosePhotos(browser: Browser, server: BenchServer): Promise<PhotoChoice> {
  const counts = {} as Record<EngineName, number[]>;
  for (const engine of ENGINES) {
    const { screen } = await openPage(
      browser,
      server,
      {
        mode: 'screen',
        engine,
        backend: 'wasm',
        frames: 0,
        frames5: 0,
        detectorRuns: 0,
        memberRuns: 0,
        budgetS: 0,
        photos: server.photoUrls,
        threads: 1,
      },
      300_000,
    );
    counts[engine] = screen ?? [];
  }
  const offset = counts.ours.findIndex((n, i) => n === 5 && counts.human[i] === 5);
  if (offset < 0) throw new Error(`no run of 5 photos gives 5 faces to both engines: ${JSON.stringify(counts)}`);
  return { chosen: [0, 1, 2, 3, 4].map((i) => offset + i), counts };
}
