/**
 * The bench page: one engine (ours or Human's face + age/gender) on one tfjs
 * backend per page load, on real photos drawn into 640x480 canvases (one face
 * centred, five faces in a grid). Results go to `window.__benchResult`.
 */
import * as tf from '@tensorflow/tfjs';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { formatErrorData } from '../../../src/core/appError';
import { initBackend, type BackendName } from '../../../src/inference';
import { faceBoxOf, loadEnsemble, urlModelSource, type Detection } from '../../../src/inference';
import { CELL, FRAME_H, FRAME_W, gridCell } from '../frame';
import { resultNumbers } from '../parity';
import { summarize, timeRuns } from '../stats';
import type { BenchBackend, BenchWindow, EngineName, MemberTiming, PageParams, PageResult } from '../types';

const WASM_PATHS: Record<string, string> = {
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
};

type TfApi = Pick<typeof tf, 'memory' | 'profile' | 'getBackend'>;

/** What the measuring code needs from an engine. */
interface BenchEngine {
  tf: TfApi;
  notes: string[];
  /** Ours on WASM: threads tfjs really runs. */
  wasmThreads?: number;
  /** Full pipeline on a canvas: number of faces, and labels for each. */
  frame(canvas: HTMLCanvasElement): Promise<string[]>;
  /** Ours: the numbers behind the last frame's labels (threaded vs single-threaded check). */
  lastOutputs(): number[];
  /** Face boxes only. */
  detect(canvas: HTMLCanvasElement): Promise<number>;
  members(canvas: HTMLCanvasElement, runs: number, budgetMs: number): Promise<MemberTiming[]>;
}

function readParams(): PageParams {
  const q = new URLSearchParams(location.search);
  const num = (k: string, d: number) => (q.has(k) ? Number(q.get(k)) : d);
  return {
    mode: q.get('mode') === 'screen' ? 'screen' : 'measure',
    engine: (q.get('engine') ?? 'ours') as EngineName,
    backend: (q.get('backend') ?? 'wasm') as BenchBackend,
    frames: num('frames', 10),
    frames5: num('frames5', 10),
    detectorRuns: num('detectorRuns', 10),
    memberRuns: num('memberRuns', 10),
    budgetS: num('budgetS', 60),
    photos: (q.get('photos') ?? '').split(',').filter(Boolean),
    threads: num('threads', 1),
  };
}

async function loadPhoto(url: string): Promise<ImageBitmap> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return createImageBitmap(await r.blob());
}

function frameCanvas(photos: readonly ImageBitmap[], grid: boolean): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = FRAME_W;
  c.height = FRAME_H;
  const g = c.getContext('2d', { willReadFrequently: true })!;
  g.fillStyle = '#808080';
  g.fillRect(0, 0, FRAME_W, FRAME_H);
  if (!grid) {
    g.drawImage(photos[0], (FRAME_W - CELL) / 2, (FRAME_H - CELL) / 2, CELL, CELL);
  } else {
    // 3x2 grid of 200-px cells centred on the frame; five faces, one empty cell.
    photos.slice(0, 5).forEach((p, i) => {
      const { x, y } = gridCell(i);
      g.drawImage(p, x, y, CELL, CELL);
    });
  }
  return c;
}

async function oursEngine(backend: BenchBackend, threads: number): Promise<BenchEngine> {
  const choice = await initBackend({
    preferred: backend as BackendName,
    wasmPaths: WASM_PATHS,
    allowFallbackAdapter: true,
    wasmThreads: threads,
  });
  const notes = choice.skipped.map((s) => `skipped ${s.backend}: ${formatErrorData(s.error)}`);
  // Which WASM binary tfjs picked and how many threads it really runs.
  if (choice.wasm)
    notes.push(
      `maskcheck WASM: SIMD ${choice.wasm.simd ? 'on' : 'off'}, ${choice.wasm.threads} thread(s)` +
        (crossOriginIsolated ? ', page cross-origin isolated' : ''),
    );
  const modelsUrl = new URL('/models/', location.href).href;
  const response = await fetch(`${modelsUrl}ensemble.json`);
  if (!response.ok) throw new Error(`ensemble.json: HTTP ${response.status}`);
  // Warmed up as the app is, so the first timed frame is not the set-up one.
  const ensemble = await loadEnsemble({ spec: await response.json(), files: urlModelSource(modelsUrl) });
  const spec = ensemble.spec;
  let lastDetections: Detection[] = [];
  let lastOutputs: number[] = [];
  return {
    tf,
    notes,
    ...(choice.wasm ? { wasmThreads: choice.wasm.threads } : {}),
    async frame(canvas) {
      const results = await ensemble.analyzeCanvas(canvas);
      lastDetections = results.map((r) => r.detection);
      lastOutputs = resultNumbers(results);
      return results.map((r) => spec.classes[r.classId]);
    },
    lastOutputs: () => lastOutputs,
    async detect(canvas) {
      const image = tf.browser.fromPixels(canvas);
      try {
        return (await ensemble.detect(image)).length;
      } finally {
        image.dispose();
      }
    },
    async members(canvas, runs, budgetMs) {
      // Each member on its own (crops, backbones, pooling, head), one face, through the
      // ensemble's own forward code: the ensemble shares a backbone run between members
      // with the same crop, so these add up to more than its own classification time.
      if (lastDetections.length === 0) lastDetections = (await ensemble.analyzeCanvas(canvas)).map((x) => x.detection);
      const faces = lastDetections.slice(0, 1).map(faceBoxOf);
      if (faces.length === 0) return [];
      const image = tf.browser.fromPixels(canvas);
      const out: MemberTiming[] = [];
      try {
        for (const m of spec.members) {
          // A member's input: its own pooled features, then those of the members it borrows from.
          const only = [m.id];
          const alone = () => ensemble.memberProbabilities(image, faces, only);
          const features = () => ensemble.features([{ image, faces }], { members: only });
          await alone(); // warm-up
          // Each run times the member alone, then its features alone; the head's share is
          // the difference within the same run, so both see the same machine state.
          const total: number[] = [];
          const headTimes: number[] = [];
          const timed = async (fn: () => Promise<unknown>) => {
            const t = performance.now();
            await fn();
            return performance.now() - t;
          };
          await timeRuns(
            async () => {
              const a = await timed(alone);
              const f = await timed(features);
              total.push(a);
              headTimes.push(Math.max(0, a - f));
            },
            runs,
            budgetMs * 1.25,
          );
          out.push({
            id: m.id,
            backbone: m.backbone,
            borrows: m.extraFeatures ?? [],
            total: summarize(total),
            head: summarize(headTimes),
          });
        }
      } finally {
        image.dispose();
      }
      return out;
    },
  };
}

/** Human configured for face detection + age/gender (faceres) only, models from node_modules. */
function humanConfig(backend: BenchBackend, description: boolean) {
  const off = { enabled: false };
  return {
    backend,
    // tfjs' setWasmPaths takes a prefix or a file map; Human passes this through.
    wasmPath: WASM_PATHS as unknown as string,
    modelBasePath: new URL('/human-models/', location.href).href,
    debug: false,
    async: true,
    warmup: 'none' as const,
    // No frame cache: every frame is computed, as ours is.
    cacheSensitivity: 0,
    filter: { enabled: false },
    face: {
      enabled: true,
      detector: { enabled: true, rotation: false, maxDetected: 20, skipFrames: 0, skipTime: 0, return: false },
      mesh: off,
      iris: off,
      emotion: off,
      antispoof: off,
      liveness: off,
      attention: off,
      gear: off,
      description: { enabled: description, skipFrames: 0, skipTime: 0 },
    },
    body: off,
    hand: off,
    object: off,
    gesture: off,
    segmentation: off,
  };
}

async function humanEngine(backend: BenchBackend): Promise<BenchEngine> {
  // Human's build without tfjs inside: it runs on this page's tfjs 4.22 packages.
  // (Its package exports map has no valid key for this file, hence the path.)
  const { Human } = await import('../../../node_modules/@vladmandic/human/dist/human.esm-nobundle.js');
  const full = humanConfig(backend, true);
  const detectorOnly = humanConfig(backend, false);
  const human = new Human(full);
  await human.load();
  await human.init();
  const notes: string[] = [`Human ${human.version}`];
  const htf = human.tf as TfApi;
  if (htf.getBackend() !== backend) notes.push(`Human runs on ${htf.getBackend()}, not ${backend}`);
  const run = async (canvas: HTMLCanvasElement, config: typeof full) => {
    const r = await human.detect(canvas, config);
    if (r.error) throw new Error(`Human: ${r.error}`);
    return r.face;
  };
  return {
    tf: htf,
    notes,
    async frame(canvas) {
      const faces = await run(canvas, full);
      return faces.map((f) => `${f.gender ?? '?'}/${f.age === undefined ? '?' : Math.round(f.age)}`);
    },
    async detect(canvas) {
      return (await run(canvas, detectorOnly)).length;
    },
    async members() {
      return [];
    },
    lastOutputs: () => [],
  };
}

function jsHeap(): number | null {
  const m = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return m ? m.usedJSHeapSize : null;
}

function fetchedBytes(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
    const path = new URL(e.name).pathname;
    const key = path.startsWith('/models/')
      ? 'models'
      : path.startsWith('/human-models/')
        ? 'human-models'
        : path.endsWith('.wasm')
          ? 'wasm'
          : path.startsWith('/data/')
            ? 'photos'
            : 'page';
    out[key] = (out[key] ?? 0) + (e.encodedBodySize || e.transferSize || 0);
  }
  return out;
}

/** Faces found in the 5-face grid of each run of five consecutive photos (detector only). */
async function screen(p: PageParams): Promise<number[]> {
  const photos = await Promise.all(p.photos.map(loadPhoto));
  const engine = p.engine === 'human' ? await humanEngine(p.backend) : await oursEngine(p.backend, p.threads);
  const counts: number[] = [];
  for (let i = 0; i + 5 <= photos.length; i++)
    counts.push(await engine.detect(frameCanvas(photos.slice(i, i + 5), true)));
  return counts;
}

async function measure(p: PageParams): Promise<PageResult> {
  if (p.photos.length < 5) throw new Error('need 5 photo URLs');
  const photos = await Promise.all(p.photos.slice(0, 5).map(loadPhoto));
  const one = frameCanvas(photos, false);
  const five = frameCanvas(photos, true);
  const budgetMs = p.budgetS * 1000;

  const t0 = performance.now();
  const engine = p.engine === 'human' ? await humanEngine(p.backend) : await oursEngine(p.backend, p.threads);
  const loadMs = performance.now() - t0;
  const etf = engine.tf;
  const after = etf.memory();

  const t1 = performance.now();
  const sampleLabels = await engine.frame(one);
  const firstDone = performance.now();
  const outputs = engine.lastOutputs();
  // What the page fetched up to its first result (later member timing loads more).
  const fetched = fetchedBytes();

  // Warm the 5-face shapes too (new shapes compile new shaders on WebGL/WebGPU).
  const facesFive = (await engine.frame(five)).length;
  outputs.push(...engine.lastOutputs());

  let heapPeak = jsHeap();
  let bytesMax = etf.memory().numBytes;
  const sample = () => {
    bytesMax = Math.max(bytesMax, etf.memory().numBytes);
    const h = jsHeap();
    if (h !== null) heapPeak = Math.max(heapPeak ?? 0, h);
  };

  // Budgets: 1-face frames get budgetS, 5-face frames half, the detector a fifth, each member a tenth.
  const detector = await timeRuns(() => engine.detect(one), p.detectorRuns, budgetMs / 5);
  const frame1 = await timeRuns(() => engine.frame(one), p.frames, budgetMs, 1, sample);
  const frame5 = await timeRuns(() => engine.frame(five), p.frames5, budgetMs / 2, 1, sample);
  const mem = etf.memory();
  const heapAfter = jsHeap();
  const profile = await etf.profile(async () => {
    await engine.frame(five);
  });
  let members: MemberTiming[] = [];
  try {
    members = await engine.members(one, p.memberRuns, budgetMs / 10);
  } catch (e) {
    // The frame figures stand without the per-member ones.
    engine.notes.push(`member timing failed: ${e instanceof Error ? e.message : String(e)}`);
  }

  return {
    engine: p.engine,
    requestedBackend: p.backend,
    backend: etf.getBackend(),
    notes: engine.notes,
    loadMs,
    firstFrameMs: firstDone - t1,
    firstResultSincePageLoadMs: firstDone,
    facesFound: { one: sampleLabels.length, five: facesFive },
    detector: summarize(detector),
    frame1: summarize(frame1),
    frame5: summarize(frame5),
    members,
    memory: {
      framesRun: frame1.length + frame5.length,
      numTensorsAfterLoad: after.numTensors,
      numTensorsAfterFrames: mem.numTensors,
      numBytesAfterLoad: after.numBytes,
      numBytesAfterFrames: mem.numBytes,
      numBytesMaxBetweenFrames: bytesMax,
      peakBytesInFrame: profile.peakBytes,
      jsHeapPeak: heapPeak,
      jsHeapAfterFrames: heapAfter,
    },
    fetchedBytes: fetched,
    sampleLabels,
    outputs,
    ...(engine.wasmThreads === undefined ? {} : { wasmThreads: engine.wasmThreads }),
  };
}

const w = window as Window & BenchWindow;
const params = readParams();
(params.mode === 'screen' ? screen(params).then((c) => (w.__benchScreen = c)) : measure(params)).then(
  (r) => {
    if (typeof r === 'object' && !Array.isArray(r)) w.__benchResult = r;
    document.getElementById('status')!.textContent = 'done';
  },
  (e: unknown) => {
    w.__benchError = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
    document.getElementById('status')!.textContent = 'error';
  },
);
