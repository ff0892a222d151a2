/**
 * What the browser tests, the bench, the soak run and the screenshot script
 * share: the system Chromium and its launch flags, the fake camera fed a real
 * face, and the face photos (from ../shared/data, or MASKCHECK_DATA; never
 * copied into the repo).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { findChromium } from './systemTools';

export const ROOT = resolve(import.meta.dirname, '../..');
/** CHROMIUM_PATH, Debian's /usr/bin/chromium, or Chromium on PATH (the pretest step checks it is there). */
export const CHROMIUM = findChromium(process.env, existsSync) ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DATA_DIR = resolve(process.env.MASKCHECK_DATA ?? resolve(ROOT, '../shared/data'));

/** Headless, no sandbox (containers), and nothing that talks to the network by itself. */
export const CHROMIUM_BASE_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** Exact performance.memory figures instead of bucketed ones. */
export const PRECISE_MEMORY_ARG = '--enable-precise-memory-info';

export function launchChromium(args: readonly string[]): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_BASE_ARGS, ...args] });
}

/**
 * Chromium's fake camera playing `y4m` (see `fakeCameraVideo`), with the
 * permission prompt answered yes.
 */
export function fakeCameraArgs(y4m: string): string[] {
  return [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${y4m}`,
  ];
}

/** The first `n` UTKFace photos by file name: real faces, no mask, 200x200. */
export function utkFaces(n: number): string[] {
  const dir = join(DATA_DIR, 'utkface');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jpg'))
    .sort()
    .slice(0, n)
    .map((f) => join(dir, f));
}

/**
 * A real group photo from the shared data (kaggle_facemask: street and indoor
 * photos, several people): the one with at least `minFaces` labelled faces
 * whose smallest face is largest, so every face is big enough to check.
 */
export function groupPhoto(minFaces = 5): string {
  const manifest = readFileSync(join(DATA_DIR, 'manifest.csv'), 'utf8').split(/\r?\n/);
  const [header, ...rows] = manifest.map((l) => l.split(','));
  const col = (name: string) => header.indexOf(name);
  const sides = new Map<string, number[]>();
  for (const r of rows) {
    if (r[col('source')] !== 'kaggle_facemask' || !r[col('box')]) continue;
    const side = Math.min(...r[col('box')].split(' ').slice(2).map(Number));
    sides.set(r[col('path')], [...(sides.get(r[col('path')]) ?? []), side]);
  }
  const best = [...sides]
    .filter(([, s]) => s.length >= minFaces)
    .sort(([a, s], [b, t]) => Math.min(...t) - Math.min(...s) || a.localeCompare(b))[0];
  if (!best) throw new Error(`no kaggle_facemask photo with ${minFaces} faces in ${DATA_DIR}/manifest.csv`);
  return join(DATA_DIR, best[0]);
}

/**
 * A one-frame y4m for Chromium's fake camera: the photo centred on a larger
 * grey canvas, like a person standing back from a webcam. Chromium loops it.
 * The file's size wins over the size the app asks for.
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
