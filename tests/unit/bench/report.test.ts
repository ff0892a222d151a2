/** The bench report's arithmetic: percentiles, time budgets, targets and their "missed by". */
import { describe, expect, it } from 'vitest';
import {
  evaluateTargets,
  humanDescriptionMs,
  ratio,
  renderMarkdown,
  renderReport,
  type BenchResults,
} from '../../../scripts/bench/report';
import { median, percentile, summarize, timeRuns } from '../../../scripts/bench/stats';
import type { PageResult, Stats } from '../../../scripts/bench/types';

const stats = (median: number, n = 10): Stats => ({
  n,
  median,
  p95: median * 1.5,
  mean: median,
  min: median / 2,
  max: median * 2,
});

function page(engine: 'ours' | 'human', frame1: number, frame5: number, firstResult = 1000): PageResult {
  return {
    engine,
    requestedBackend: 'wasm',
    backend: 'wasm',
    notes: [],
    loadMs: 300,
    firstFrameMs: 200,
    firstResultSincePageLoadMs: firstResult,
    facesFound: { one: 1, five: 5 },
    detector: stats(30),
    frame1: stats(frame1),
    frame5: stats(frame5),
    members: [],
    memory: {
      framesRun: 20,
      numTensorsAfterLoad: 10,
      numTensorsAfterFrames: 10,
      numBytesAfterLoad: 1e6,
      numBytesAfterFrames: 1e6,
      numBytesMaxBetweenFrames: 1e6,
      peakBytesInFrame: 2e6,
      jsHeapPeak: null,
      jsHeapAfterFrames: null,
    },
    fetchedBytes: { models: 1e6 },
    sampleLabels: ['x'],
    outputs: [],
  };
}

function results(ours: PageResult, human: PageResult, downloadBytes: number): Omit<BenchResults, 'targets'> {
  return {
    generatedAt: '2026-01-01T00:00:00.000Z',
    command: 'npm run bench',
    durationS: 1,
    pendingBackends: [],
    modelsChangedDuringRun: false,
    machine: {
      nproc: 2,
      cpuModel: 'test',
      memoryBytes: 1e9,
      os: 'test',
      loadAverage: { start: [0, 0, 0], end: [0, 0, 0] },
      otherBusy: { start: [], during: [], end: [] },
    },
    versions: { Node: 'v20' },
    photos: { files: ['a.jpg'], rule: 'test', facesPerWindow: {} },
    download: {
      ours: { files: [{ file: 'a.bin', bytes: downloadBytes }], totalBytes: downloadBytes, specBytes: 10 },
      human: { files: [], totalBytes: 7e6 },
      wasmBinaryBytes: 4e5,
      targetBytes: 12e6,
    },
    browser: [{ backend: 'wasm', frames: 10, frames5: 10, budgetS: 10, ours, human, errors: {} }],
    training: { error: 'skipped' },
  };
}

describe('stats', () => {
  it('takes nearest-rank percentiles and medians', () => {
    const v = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(v, 95)).toBe(95);
    expect(percentile(v, 100)).toBe(100);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(summarize([]).n).toBe(0);
    expect(Number.isNaN(summarize([]).median)).toBe(true);
  });

  it('stops a timed loop at its budget but runs at least once', async () => {
    let calls = 0;
    const slow = () => new Promise((r) => setTimeout(r, 20)).then(() => calls++);
    const times = await timeRuns(slow, 1000, 50);
    expect(times.length).toBeGreaterThanOrEqual(2);
    expect(times.length).toBeLessThan(10);
    expect(calls).toBe(times.length);
    expect(await timeRuns(slow, 5, 0)).toHaveLength(1);
  });
});

describe('targets', () => {
  it('says which targets are met and by how much the others are missed', () => {
    const t = evaluateTargets(results(page('ours', 150, 400, 3500), page('human', 100, 500), 13e6));
    const byName = (s: string) => t.find((x) => x.name.includes(s))!;
    expect(byName('download')).toMatchObject({ met: false, missedBy: '1.00 MB over (8%)' });
    expect(byName('First result')).toMatchObject({ met: false, missedBy: '500 ms over' });
    expect(byName('1 face, wasm')).toMatchObject({ met: false, missedBy: '50.0 ms slower (50%)' });
    expect(byName('5 faces, wasm')).toMatchObject({ met: true, missedBy: undefined });
  });

  it('flags a comparison where the engines found different numbers of faces', () => {
    const human = page('human', 100, 500);
    human.facesFound = { one: 1, five: 4 };
    const t = evaluateTargets(results(page('ours', 150, 400), human, 11e6));
    expect(t.find((x) => x.name.includes('5 faces'))!.value).toContain('faces found differ: ours 5, Human 4');
    expect(t.find((x) => x.name.includes('1 face,'))!.value).not.toContain('differ');
  });

  it('marks a failed run as not measured instead of met', () => {
    const r = results(page('ours', 150, 400), page('human', 100, 500), 11e6);
    r.browser[0].human = null;
    r.browser[0].errors.human = 'boom';
    const t = evaluateTargets(r);
    expect(t.filter((x) => x.name.startsWith('Whole frame')).map((x) => x.met)).toEqual([null, null]);
    expect(t.find((x) => x.name.includes('download'))!.met).toBe(true);
    const md = renderMarkdown({ ...r, targets: t });
    expect(md).toContain('**human failed:** boom');
    expect(md).toContain('not measured');
  });

  it('checks threaded WASM against Human and against the single-threaded results', () => {
    const r = results(page('ours', 60, 200), page('human', 100, 500), 11e6);
    r.browser[0].ours!.outputs = [10, 20.5, 0.25, 0.75];
    const threaded = { ...page('ours', 45, 210), wasmThreads: 2, outputs: [10, 20.50002, 0.25, 0.75001] };
    r.browser[0].oursThreaded = threaded;
    const t = evaluateTargets(r);
    const byName = (s: string) => t.find((x) => x.name.includes(s))!;
    expect(byName('1 face, wasm with 2 threads')).toMatchObject({ met: true, target: '<= 0.5x Human (50.0 ms)' });
    expect(byName('5 faces, wasm with 2 threads')).toMatchObject({ met: false, missedBy: '10.0 ms over (5%)' });
    expect(byName('single-threaded results')).toMatchObject({ met: true, value: '2.00e-5' });

    threaded.outputs = [10, 20.5, 0.25];
    expect(evaluateTargets(r).find((x) => x.name.includes('single-threaded'))).toMatchObject({
      met: false,
      value: 'faces differ',
    });
    const md = renderMarkdown({ ...r, targets: [] });
    expect(md).toContain(
      '| Metric | maskcheck, 1 thread | Human | ours/Human | maskcheck, 2 threads | threaded/Human |',
    );
    expect(md).toContain(
      '| Whole frame, 1 face, ms (median / p95) | 60.0 / 90.0 | 100 / 150 | 0.60x | 45.0 / 67.5 | 0.45x |',
    );
  });

  it('adds no threaded rows when no threaded run was made', () => {
    const t = evaluateTargets(results(page('ours', 60, 200), page('human', 100, 500), 11e6));
    expect(t.filter((x) => x.name.includes('threads'))).toEqual([]);
  });

  it('writes ratios as ours/Human and derives Human age/gender time', () => {
    expect(ratio(150, 100)).toBe('1.50x');
    expect(ratio(1, 0)).toBe('-');
    expect(ratio(undefined, 3)).toBe('-');
    expect(humanDescriptionMs(page('human', 100, 500))).toBe(70);
    const md = renderMarkdown({ ...results(page('ours', 150, 400), page('human', 100, 500), 11e6), targets: [] });
    expect(md).toContain('| Whole frame, 1 face, ms (median / p95) | 150 / 225 | 100 / 150 | 1.50x |');
    expect(md).toContain('2-core VM');
  });

  it("keeps the soak run's section of the BENCHMARKS.md it replaces", () => {
    const r = { ...results(page('ours', 150, 400), page('human', 100, 500), 11e6), targets: [] };
    const soak = '<!-- soak:start -->\n\n## Soak run\n\n**Result: pass**\n\n<!-- soak:end -->';
    const previous = `# Benchmarks\n\nold figures\n\n${soak}\n`;
    const md = renderReport(r, previous);
    expect(md.startsWith(renderMarkdown(r).trimEnd())).toBe(true);
    expect(md).toContain(soak);
    expect(md).not.toContain('old figures');
    expect(renderReport(r)).toBe(renderMarkdown(r));
  });
});
