import { readFileSync } from 'node:fs';
/**
 * The bench page (npm run bench) in headless Chromium on WASM, one frame of
 * each kind: it runs both engines and reports every field the report reads.
 * Behaviour only; no timing is checked.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  benchPhotos,
  buildBenchPage,
  choosePhotos,
  launchBrowser,
  runPage,
  startBenchServer,
  type BenchServer,
} from '../../scripts/bench/browser';
import { maxAbsDiff } from '../../scripts/bench/parity';
import type { EngineName, PageResult, Stats } from '../../scripts/bench/types';

function expectStats(s: Stats, n: number): void {
  expect(s.n).toBe(n);
  for (const k of ['median', 'p95', 'mean', 'min', 'max'] as const) {
    expect(Number.isFinite(s[k])).toBe(true);
    expect(s[k]).toBeGreaterThan(0);
  }
  expect(s.p95).toBeGreaterThanOrEqual(s.median);
}

describe('bench page', () => {
  let browser: Browser;
  let server: BenchServer;
  let isolated: BenchServer;
  let photos: string[];
  let chosen: number[];

  beforeAll(async () => {
    await buildBenchPage();
    server = await startBenchServer(benchPhotos(10));
    isolated = await startBenchServer(benchPhotos(10), true);
    browser = await launchBrowser();
    // Five photos whose grid both detectors find five faces in, picked as the runner picks them.
    const choice = await choosePhotos(browser, server);
    chosen = choice.chosen;
    photos = chosen.map((i) => server.photoUrls[i]);
    expect(choice.counts.ours).toHaveLength(6);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await isolated?.stop();
  });

  const run = (engine: EngineName, threads = 1): Promise<PageResult> =>
    runPage(
      browser,
      threads > 1 ? isolated : server,
      {
        engine,
        backend: 'wasm',
        frames: 2,
        frames5: 1,
        detectorRuns: 1,
        memberRuns: 1,
        budgetS: 30,
        photos: threads > 1 ? chosen.map((i) => isolated.photoUrls[i]) : photos,
        threads,
      },
      120_000,
    );
  let single: PageResult;

  it('measures our ensemble on WASM', async () => {
    const r = await run('ours');
    single = r;
    expect(r.wasmThreads).toBe(1);
    expect(r.backend).toBe('wasm');
    expect(r.facesFound).toEqual({ one: 1, five: 5 });
    expect(r.sampleLabels).toHaveLength(1);
    expect(r.sampleLabels[0]).toMatch(/^(wear|incorrect|not_wear)\/(male|female)\//);
    expectStats(r.frame1, 2);
    expectStats(r.frame5, 1);
    expectStats(r.detector, 1);
    expect(r.loadMs).toBeGreaterThan(0);
    expect(r.firstResultSincePageLoadMs).toBeGreaterThan(r.firstFrameMs);
    // Every member the shipped ensemble.json lists, in its order.
    const shipped = (JSON.parse(readFileSync('models/ensemble.json', 'utf8')) as { members: { id: string }[] }).members;
    expect(r.members.map((m) => m.id)).toEqual(shipped.map((m) => m.id));
    r.members.forEach((m) => expectStats(m.total, 1));
    // No tensor outlives a frame; the weights are on the backend.
    expect(r.memory.numTensorsAfterFrames).toBe(r.memory.numTensorsAfterLoad);
    expect(r.memory.framesRun).toBe(3);
    expect(r.memory.peakBytesInFrame).toBeGreaterThan(r.memory.numBytesAfterLoad);
    expect(r.memory.jsHeapPeak).toBeGreaterThan(0);
    expect(r.fetchedBytes.models).toBeGreaterThan(1_000_000);
    expect(r.fetchedBytes.wasm).toBeGreaterThan(0);
  });

  it('runs our ensemble threaded on the isolated server, with the single-threaded numbers', async () => {
    const r = await run('ours', 2);
    expect(r.wasmThreads).toBe(2);
    expect(r.notes.join(' ')).toContain('2 thread(s), page cross-origin isolated');
    expect(r.facesFound).toEqual({ one: 1, five: 5 });
    expect(r.outputs.length).toBe(single.outputs.length);
    expect(r.outputs.length).toBeGreaterThan(6 * 5);
    expect(maxAbsDiff(r.outputs, single.outputs)).toBeLessThan(1e-4);
  });

  it("measures Human's face + age/gender on WASM", async () => {
    const r = await run('human');
    expect(r.backend).toBe('wasm');
    expect(r.facesFound).toEqual({ one: 1, five: 5 });
    expect(r.sampleLabels[0]).toMatch(/^(male|female)\/\d+$/);
    expectStats(r.frame1, 2);
    expectStats(r.frame5, 1);
    expect(r.members).toEqual([]);
    // Models from node_modules through the local server: nothing fetched from outside.
    expect(r.notes.filter((n) => n.includes('outside'))).toEqual([]);
    expect(r.fetchedBytes['human-models']).toBeGreaterThan(1_000_000);
    expect(r.fetchedBytes.models).toBeUndefined();
  });
});
