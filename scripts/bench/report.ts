/**
 * The bench's results: the JSON written to docs/benchmarks.json, the targets
 * checked against it, and the Markdown report. Everything in the report is
 * computed from the JSON; nothing is typed in by hand.
 */
import type { PageResult, Stats } from './types';
import type { TrainingFigures } from './training';
import { keepSections } from '../lib/docSections';
import { maxAbsDiff } from './parity';

export const DOWNLOAD_TARGET_BYTES = 12_000_000;
export const FIRST_RESULT_TARGET_MS = 3000;
/** Threaded WASM against Human (single-threaded), as a fraction of Human's median frame. */
export const THREADED_TARGETS = { frame1: 0.5, frame5: 0.4 } as const;
/** Threaded and single-threaded results must agree this closely (every box, score and probability). */
export const THREAD_PARITY_TOLERANCE = 1e-4;

export interface FileSize {
  file: string;
  bytes: number;
}

export interface BackendRun {
  backend: string;
  frames: number;
  frames5: number;
  budgetS: number;
  ours: PageResult | null;
  human: PageResult | null;
  /** Ours on WASM with threads, on a cross-origin isolated page (absent on other backends). */
  oursThreaded?: PageResult | null;
  errors: { ours?: string; human?: string; oursThreaded?: string };
}

/** Largest difference between threaded and single-threaded results, or undefined when either is missing. */
export function threadParity(b: BackendRun): number | undefined {
  if (!b.ours?.outputs?.length || !b.oursThreaded?.outputs?.length) return undefined;
  return maxAbsDiff(b.ours.outputs, b.oursThreaded.outputs);
}

export interface Machine {
  nproc: number;
  cpuModel: string;
  memoryBytes: number;
  os: string;
  loadAverage: { start: number[]; end: number[] };
  /** Other processes using CPU, at the start and the end of the run. */
  otherBusy: { start: string[]; during: string[]; end: string[] };
}

export interface BenchResults {
  generatedAt: string;
  command: string;
  durationS: number;
  /** Backends not run yet: the report is partial while this is non-empty. */
  pendingBackends: string[];
  /** ensemble.json changed between the start and this write: figures mix two model sets. */
  modelsChangedDuringRun: boolean;
  machine: Machine;
  versions: Record<string, string>;
  photos: {
    files: string[];
    rule: string;
    /** Faces each engine found in each candidate 5-photo grid. */
    facesPerWindow: Record<string, number[]>;
  };
  download: {
    ours: { files: FileSize[]; totalBytes: number; specBytes: number };
    human: { files: FileSize[]; totalBytes: number };
    wasmBinaryBytes: number;
    targetBytes: number;
  };
  browser: BackendRun[];
  training: TrainingFigures | { error: string };
  targets: Target[];
}

export interface Target {
  name: string;
  value: string;
  target: string;
  /** null when it could not be measured. */
  met: boolean | null;
  /** How far off, when missed. */
  missedBy?: string;
}

const MB = 1_000_000;

export function fmtMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '-';
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}

export function fmtBytes(b: number | null | undefined): string {
  if (b === null || b === undefined || !Number.isFinite(b)) return '-';
  return `${(b / MB).toFixed(2)} MB`;
}

/** ours/Human as "1.23x"; lower is better for times and sizes. */
export function ratio(ours: number | null | undefined, human: number | null | undefined): string {
  if (ours == null || human == null || !Number.isFinite(ours) || !Number.isFinite(human) || human === 0) return '-';
  return `${(ours / human).toFixed(2)}x`;
}

function pct(over: number, of: number): string {
  return `${((over / of) * 100).toFixed(0)}%`;
}

export function evaluateTargets(r: Omit<BenchResults, 'targets'>): Target[] {
  const out: Target[] = [];
  const total = r.download.ours.totalBytes;
  out.push({
    name: 'Model download (files in ensemble.json sha256 list)',
    value: fmtBytes(total),
    target: `< ${fmtBytes(r.download.targetBytes)}`,
    met: total < r.download.targetBytes,
    missedBy:
      total < r.download.targetBytes
        ? undefined
        : `${fmtBytes(total - r.download.targetBytes)} over (${pct(total - r.download.targetBytes, r.download.targetBytes)})`,
  });
  const wasm = r.browser.find((b) => b.backend === 'wasm');
  const first = wasm?.ours?.firstResultSincePageLoadMs;
  out.push({
    name: 'First result after page load, WASM',
    value: first === undefined ? 'not measured' : `${fmtMs(first)} ms`,
    target: `< ${FIRST_RESULT_TARGET_MS} ms`,
    met: first === undefined ? null : first < FIRST_RESULT_TARGET_MS,
    missedBy:
      first === undefined || first < FIRST_RESULT_TARGET_MS
        ? undefined
        : `${fmtMs(first - FIRST_RESULT_TARGET_MS)} ms over`,
  });
  for (const b of r.browser) {
    for (const [key, label] of [
      ['frame1', '1 face'],
      ['frame5', '5 faces'],
    ] as const) {
      const ours = b.ours?.[key];
      const human = b.human?.[key];
      const name = `Whole frame, ${label}, ${b.backend}: ours (median) no slower than Human face + age/gender`;
      if (!ours || !human || !ours.n || !human.n) {
        out.push({ name, value: 'not measured', target: '<= Human', met: null });
        continue;
      }
      const met = ours.median <= human.median;
      const which = key === 'frame1' ? 'one' : 'five';
      const of = b.ours!.facesFound[which];
      const hf = b.human!.facesFound[which];
      out.push({
        name,
        value:
          `${fmtMs(ours.median)} ms vs ${fmtMs(human.median)} ms (${ratio(ours.median, human.median)})` +
          (of === hf ? '' : `; faces found differ: ours ${of}, Human ${hf}`),
        target: '<= Human',
        met,
        missedBy: met
          ? undefined
          : `${fmtMs(ours.median - human.median)} ms slower (${pct(ours.median - human.median, human.median)})`,
      });
    }
  }
  for (const b of r.browser) {
    const t = b.oursThreaded;
    if (!t) continue;
    const threads = `${t.wasmThreads ?? '?'} threads`;
    for (const [key, label] of [
      ['frame1', '1 face'],
      ['frame5', '5 faces'],
    ] as const) {
      const goal = THREADED_TARGETS[key];
      const human = b.human?.[key];
      const name = `Whole frame, ${label}, ${b.backend} with ${threads}: ours (median) at most ${goal}x Human`;
      if (!t[key].n || !human?.n) {
        out.push({ name, value: 'not measured', target: `<= ${goal}x Human`, met: null });
        continue;
      }
      const limit = human.median * goal;
      const met = t[key].median <= limit;
      out.push({
        name,
        value: `${fmtMs(t[key].median)} ms vs ${fmtMs(human.median)} ms (${ratio(t[key].median, human.median)})`,
        target: `<= ${goal}x Human (${fmtMs(limit)} ms)`,
        met,
        missedBy: met ? undefined : `${fmtMs(t[key].median - limit)} ms over (${pct(t[key].median - limit, limit)})`,
      });
    }
    const diff = threadParity(b);
    out.push({
      name: `Results with ${threads} = single-threaded results, ${b.backend} (max abs difference over every box, score and probability)`,
      value: diff === undefined ? 'not measured' : Number.isFinite(diff) ? diff.toExponential(2) : 'faces differ',
      target: `< ${THREAD_PARITY_TOLERANCE}`,
      met: diff === undefined ? null : diff < THREAD_PARITY_TOLERANCE,
      missedBy: diff === undefined || diff < THREAD_PARITY_TOLERANCE ? undefined : String(diff),
    });
  }
  return out;
}

function statCells(s: Stats | undefined, h: Stats | undefined): string[] {
  return [
    s ? `${fmtMs(s.median)} / ${fmtMs(s.p95)}` : '-',
    h ? `${fmtMs(h.median)} / ${fmtMs(h.p95)}` : '-',
    ratio(s?.median, h?.median),
  ];
}

function table(head: string[], rows: string[][]): string {
  const line = (c: string[]) => `| ${c.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function metricsTable(b: BackendRun): string {
  const o = b.ours;
  const h = b.human;
  const t = b.oursThreaded;
  // Ours, Human's and their ratio for one figure of the page result or of its memory figures.
  const ms = (k: 'loadMs' | 'firstFrameMs' | 'firstResultSincePageLoadMs') => [
    fmtMs(o?.[k]),
    fmtMs(h?.[k]),
    ratio(o?.[k], h?.[k]),
  ];
  const bytes = (k: 'numBytesAfterLoad' | 'peakBytesInFrame' | 'numBytesMaxBetweenFrames' | 'jsHeapPeak') => [
    fmtBytes(o?.memory[k]),
    fmtBytes(h?.memory[k]),
    ratio(o?.memory[k], h?.memory[k]),
  ];
  const rows: string[][] = [
    ['Backend that ran', o?.backend ?? '-', h?.backend ?? '-', ''],
    ['Model load (backend init + download + load), ms', ...ms('loadMs')],
    ['First frame (warm-up), ms', ...ms('firstFrameMs')],
    ['First result since page load, ms', ...ms('firstResultSincePageLoadMs')],
    [
      'Faces found (1-face / 5-face frame)',
      o ? `${o.facesFound.one} / ${o.facesFound.five}` : '-',
      h ? `${h.facesFound.one} / ${h.facesFound.five}` : '-',
      '',
    ],
    ['Detector, 1 face, ms (median / p95)', ...statCells(o?.detector, h?.detector)],
    ['Whole frame, 1 face, ms (median / p95)', ...statCells(o?.frame1, h?.frame1)],
    ['Whole frame, 5 faces, ms (median / p95)', ...statCells(o?.frame5, h?.frame5)],
    [
      'Frames timed (1-face / 5-face / detector)',
      o ? `${o.frame1.n} / ${o.frame5.n} / ${o.detector.n}` : '-',
      h ? `${h.frame1.n} / ${h.frame5.n} / ${h.detector.n}` : '-',
      '',
    ],
    ['tf memory after load', ...bytes('numBytesAfterLoad')],
    ['tf memory peak within a 5-face frame (tf.profile)', ...bytes('peakBytesInFrame')],
    ['tf memory, highest between frames', ...bytes('numBytesMaxBetweenFrames')],
    ['JS heap peak (performance.memory)', ...bytes('jsHeapPeak')],
    [
      'Tensors after load -> after N frames (N)',
      o ? `${o.memory.numTensorsAfterLoad} -> ${o.memory.numTensorsAfterFrames} (${o.memory.framesRun})` : '-',
      h ? `${h.memory.numTensorsAfterLoad} -> ${h.memory.numTensorsAfterFrames} (${h.memory.framesRun})` : '-',
      '',
    ],
    [
      'Bytes fetched before first result (models / wasm)',
      o ? `${fmtBytes(o.fetchedBytes.models)} / ${fmtBytes(o.fetchedBytes.wasm ?? 0)}` : '-',
      h ? `${fmtBytes(h.fetchedBytes['human-models'])} / ${fmtBytes(h.fetchedBytes.wasm ?? 0)}` : '-',
      ratio(o?.fetchedBytes.models, h?.fetchedBytes['human-models']),
    ],
  ];
  if (!t) return table(['Metric', 'maskcheck', 'Human', 'ours/Human'], rows);
  // The same rows for the threaded run, as two more columns (its value and its ratio to Human).
  const threaded: [string, string][] = [
    [t.backend, ''],
    [fmtMs(t.loadMs), ratio(t.loadMs, h?.loadMs)],
    [fmtMs(t.firstFrameMs), ratio(t.firstFrameMs, h?.firstFrameMs)],
    [fmtMs(t.firstResultSincePageLoadMs), ratio(t.firstResultSincePageLoadMs, h?.firstResultSincePageLoadMs)],
    [`${t.facesFound.one} / ${t.facesFound.five}`, ''],
    statCells(t.detector, h?.detector).filter((_, i) => i !== 1) as [string, string],
    statCells(t.frame1, h?.frame1).filter((_, i) => i !== 1) as [string, string],
    statCells(t.frame5, h?.frame5).filter((_, i) => i !== 1) as [string, string],
    [`${t.frame1.n} / ${t.frame5.n} / ${t.detector.n}`, ''],
    [fmtBytes(t.memory.numBytesAfterLoad), ratio(t.memory.numBytesAfterLoad, h?.memory.numBytesAfterLoad)],
    [fmtBytes(t.memory.peakBytesInFrame), ratio(t.memory.peakBytesInFrame, h?.memory.peakBytesInFrame)],
    [
      fmtBytes(t.memory.numBytesMaxBetweenFrames),
      ratio(t.memory.numBytesMaxBetweenFrames, h?.memory.numBytesMaxBetweenFrames),
    ],
    [fmtBytes(t.memory.jsHeapPeak), ratio(t.memory.jsHeapPeak, h?.memory.jsHeapPeak)],
    [`${t.memory.numTensorsAfterLoad} -> ${t.memory.numTensorsAfterFrames} (${t.memory.framesRun})`, ''],
    [
      `${fmtBytes(t.fetchedBytes.models)} / ${fmtBytes(t.fetchedBytes.wasm ?? 0)}`,
      ratio(t.fetchedBytes.models, h?.fetchedBytes['human-models']),
    ],
  ];
  const label = `maskcheck, ${t.wasmThreads ?? '?'} threads`;
  return table(
    ['Metric', 'maskcheck, 1 thread', 'Human', 'ours/Human', label, 'threaded/Human'],
    rows.map((r, i) => [...r, ...threaded[i]]),
  );
}

/** Human's age/gender stage per face, derived: 1-face frame median minus detector-only median. */
export function humanDescriptionMs(h: PageResult | null): number | undefined {
  if (!h || !h.frame1.n || !h.detector.n) return undefined;
  return h.frame1.median - h.detector.median;
}

function membersTable(b: BackendRun): string {
  const o = b.ours;
  if (!o || o.members.length === 0) return '_No member timings (run failed or found no face)._';
  const hd = humanDescriptionMs(b.human);
  const rows = o.members.map((m) => [
    m.id,
    m.borrows?.length ? `${m.backbone} + features of ${m.borrows.join(', ')}` : m.backbone,
    `${fmtMs(m.total.median)} / ${fmtMs(m.total.p95)}`,
    `${fmtMs(m.head.median)} / ${fmtMs(m.head.p95)}`,
    String(m.total.n),
    ratio(m.total.median, hd),
  ]);
  return table(
    ['Member', 'Backbone', 'Alone, ms (median / p95)', 'Head only, ms', 'Runs', 'vs Human age/gender stage'],
    rows,
  );
}

function targetsTable(targets: Target[]): string {
  const mark = (m: boolean | null) => (m === null ? 'not measured' : m ? 'met' : '**missed**');
  return table(
    ['Target', 'Measured', 'Goal', 'Result', 'Missed by'],
    targets.map((t) => [t.name, t.value, t.target, mark(t.met), t.missedBy ?? '']),
  );
}

export function renderMarkdown(r: BenchResults): string {
  const m = r.machine;
  const busy = (list: string[]) => (list.length ? list.map((l) => `\`${l}\``).join('; ') : 'none');
  const lines: string[] = [];
  lines.push('# Benchmarks');
  lines.push('');
  lines.push(
    `Generated by \`${r.command}\` on ${r.generatedAt} (took ${r.durationS.toFixed(0)} s). ` +
      'Every figure below comes from `benchmarks.json` beside this file, written by the same run; do not edit by hand, re-run the command.',
  );
  lines.push('');
  if (r.pendingBackends.length)
    lines.push(
      `**Partial report:** the run stopped before ${r.pendingBackends.join(', ')}; those backends have no figures.\n`,
    );
  if (r.modelsChangedDuringRun)
    lines.push(
      '**Warning:** `models/ensemble.json` changed while this ran, so the figures may mix two model sets; re-run.\n',
    );
  lines.push('## Machine and versions');
  lines.push('');
  lines.push(
    table(
      ['', ''],
      [
        ['CPU', `${m.cpuModel}, ${m.nproc} cores (nproc)`],
        ['Memory', fmtBytes(m.memoryBytes)],
        ['OS', m.os],
        ['GPU', 'none: WebGL and WebGPU run on SwiftShader (software) in headless Chromium'],
        [
          'Load average at start / end (1, 5, 15 min)',
          `${m.loadAverage.start.map((x) => x.toFixed(2)).join(', ')} / ${m.loadAverage.end.map((x) => x.toFixed(2)).join(', ')}`,
        ],
        ['Other busy processes at start', busy(m.otherBusy.start)],
        ['Other busy processes seen after each page', busy(m.otherBusy.during ?? [])],
        ['Other busy processes at end', busy(m.otherBusy.end)],
        ...Object.entries(r.versions).map(([k, v]) => [k, v]),
      ],
    ),
  );
  lines.push('');
  lines.push(
    `This is a ${m.nproc}-core VM without a GPU, so WebGL/WebGPU figures measure a software renderer, not a graphics card; ` +
      'they compare the two pipelines on the same backend, not what a real GPU would do. ' +
      (m.otherBusy.start.length || m.otherBusy.end.length || m.otherBusy.during?.length
        ? 'Other CPU-heavy processes were running (listed above), so absolute times are inflated.'
        : 'No other CPU-heavy process was seen at the start or the end of the run.'),
  );
  lines.push('');
  lines.push('## Targets');
  lines.push('');
  lines.push(targetsTable(r.targets));
  lines.push('');
  lines.push('## Download size');
  lines.push('');
  const d = r.download;
  lines.push(
    `maskcheck: ${fmtBytes(d.ours.totalBytes)} in ${d.ours.files.length} files listed in \`models/ensemble.json\`'s sha256 table ` +
      `(plus ensemble.json itself, ${fmtBytes(d.ours.specBytes)}); target < ${fmtBytes(d.targetBytes)} (1 MB = 10^6 bytes). ` +
      `Human face + age/gender: ${fmtBytes(d.human.totalBytes)} (${d.human.files.map((f) => f.file).join(', ')}); ` +
      `ratio ${ratio(d.ours.totalBytes, d.human.totalBytes)}. The WASM runtime (SIMD binary) adds ${fmtBytes(d.wasmBinaryBytes)} to both.`,
  );
  lines.push('');
  lines.push(
    table(
      ['File', 'Size'],
      d.ours.files.map((f) => [f.file, fmtBytes(f.bytes)]),
    ),
  );
  lines.push('');
  lines.push('## Browser, per backend');
  lines.push('');
  lines.push(
    `Headless Chromium, one fresh browser context per engine and backend. Frames are 640x480: one 200-px face centred, ` +
      `or five in a 3x2 grid (${r.photos.files.join(', ')}; ${r.photos.rule}). ` +
      '"Whole frame" is canvas to labelled faces: pixels read, detection, every member and the vote for maskcheck; Human\'s `detect()` ' +
      'with face detection and description (faceres: age and gender) only, no mesh/iris/emotion/body/hand/object/gesture, ' +
      'frame cache off (cacheSensitivity 0, skipFrames 0) and its image filter off, so every frame is computed. ' +
      '"Detector" is the same canvas through detection alone. Times are ms after one warm-up frame of each size; ' +
      'ratios are maskcheck/Human (below 1 = maskcheck faster or smaller).',
  );
  lines.push('');
  for (const b of r.browser) {
    lines.push(`### ${b.backend}`);
    lines.push('');
    lines.push(
      `Asked for up to ${b.frames} 1-face frames and ${b.frames5} 5-face frames, stopping a loop after ${b.budgetS} s ` +
        `(5-face loop ${b.budgetS / 2} s); the counts actually run are in the table.`,
    );
    lines.push('');
    for (const [who, err] of Object.entries(b.errors))
      if (err) lines.push(`- **${who} failed:** ${err.split('\n')[0]}`);
    for (const n of [...(b.ours?.notes ?? []), ...(b.human?.notes ?? []), ...(b.oursThreaded?.notes ?? [])])
      lines.push(`- ${n}`);
    if (b.oursThreaded) {
      const diff = threadParity(b);
      lines.push(
        `- Threaded run: the same frames on the same files served with COOP/COEP (cross-origin isolated); Human runs single-threaded on the plain page, as in the app today. ` +
          `Largest difference from the single-threaded results over every box, score and probability: ${diff === undefined ? 'not measured' : diff.toExponential(2)}.`,
      );
    }
    lines.push('');
    lines.push(metricsTable(b));
    lines.push('');
    lines.push(
      "Each member alone on the 1-face frame (crop, backbone, pooling, head, readback; a member that borrows other members' pooled features runs their backbones too). Inside the ensemble each backbone and crop runs once per frame and is shared, so these add up to more than the ensemble's own cost. " +
        `The last column compares with Human's age/gender stage per face, taken as its 1-face frame median minus its detector median (${fmtMs(humanDescriptionMs(b.human))} ms).`,
    );
    lines.push('');
    lines.push(membersTable(b));
    lines.push('');
  }
  lines.push('## Training throughput (Node)');
  lines.push('');
  if ('error' in r.training) {
    lines.push(`**Failed:** ${r.training.error}`);
  } else {
    const t = r.training;
    lines.push(
      `Backend: ${t.backend} (Node, single thread). Feature extraction is the trainer's \`FeatureExtractor\` (decode, detect, ` +
        'pick the face, crop, both backbones, pooling) on UTKFace photos after a 4-photo warm-up; "wear" adds facemesh landmarks, ' +
        "a drawn mask and a second detection. Head training fits `buildHead` on random features of each member's size.",
    );
    lines.push('');
    lines.push(
      table(
        ['Stage', 'Faces', 'Batch', 'Seconds', 'Faces/s'],
        [
          ...t.extraction.map((e) => [
            `features (${e.variant})${e.failed ? `, ${e.failed} failed` : ''}`,
            String(e.faces),
            String(e.batchSize),
            e.seconds.toFixed(1),
            e.facesPerSecond.toFixed(1),
          ]),
          ...t.heads.map((h) => [
            `head ${h.member} (${h.featureSize}-d, hidden ${h.hidden}), ${h.epochs} epochs`,
            `${h.samples} x ${h.epochs}`,
            String(h.batchSize),
            h.seconds.toFixed(1),
            h.facesPerSecond.toFixed(0),
          ]),
        ],
      ),
    );
  }
  lines.push('');
  return lines.join('\n');
}

/**
 * The whole BENCHMARKS.md: the bench's report, plus the marked sections other
 * commands own (`npm run soak`'s) carried over from the file it replaces.
 */
export function renderReport(r: BenchResults, previous = ''): string {
  return keepSections(renderMarkdown(r), previous);
}
