/** What the bench page measures and hands back to the runner (plain JSON). */

export const ENGINES = ['ours', 'human'] as const;
export type EngineName = (typeof ENGINES)[number];

export const BENCH_BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BenchBackend = (typeof BENCH_BACKENDS)[number];

/** Timing summary of repeated runs, in milliseconds. */
export interface Stats {
  n: number;
  median: number;
  p95: number;
  mean: number;
  min: number;
  max: number;
}

/** The page's settings, passed in the query string. */
export interface PageParams {
  /** measure: the figures below; screen: faces found in each 5-photo grid of `photos`. */
  mode: 'measure' | 'screen';
  engine: EngineName;
  backend: BenchBackend;
  /** 1-face frames to run (timing, then memory and tensor count after them). */
  frames: number;
  /** 5-face frames to run. */
  frames5: number;
  /** Detector-only runs. */
  detectorRuns: number;
  /** Runs per member (ours only). */
  memberRuns: number;
  /** Stop a loop early once it has run this long (seconds); the count actually run is reported. */
  budgetS: number;
  /** Photo URLs: the first is the 1-face frame, the first five the 5-face frame. */
  photos: string[];
  /** WASM threads for ours (1: the SIMD binary); more need the cross-origin isolated server. */
  threads: number;
}

export interface MemberTiming {
  id: string;
  backbone: string;
  /** Members whose pooled features this one also takes (extraFeatures): their backbones run too. */
  borrows: string[];
  /** Crops + backbones + pooling + head + readback for this member alone, one face. */
  total: Stats;
  /** The head's share: the member alone minus its features alone, timed one after the other in each run. */
  head: Stats;
}

export interface MemoryFigures {
  /** Frames run before the after-N figures were read (1-face and 5-face loops together). */
  framesRun: number;
  numTensorsAfterLoad: number;
  numTensorsAfterFrames: number;
  numBytesAfterLoad: number;
  numBytesAfterFrames: number;
  /** Highest tf.memory().numBytes seen between frames. */
  numBytesMaxBetweenFrames: number;
  /** tf.profile peakBytes over one 5-face frame (weights included). */
  peakBytesInFrame: number;
  /** performance.memory (Chromium): highest usedJSHeapSize seen, and after the frames. */
  jsHeapPeak: number | null;
  jsHeapAfterFrames: number | null;
}

export interface PageResult {
  engine: EngineName;
  requestedBackend: BenchBackend;
  /** The backend that actually ran (tf.getBackend()). */
  backend: string;
  /** Backends skipped on the way (ours) or a note (Human). */
  notes: string[];
  /** Backend init + model download + model load, ms. */
  loadMs: number;
  /** The first frame's own time (includes warm-up / shader compiles), ms. */
  firstFrameMs: number;
  /** From navigation start (performance.timeOrigin) to the first result, ms. */
  firstResultSincePageLoadMs: number;
  facesFound: { one: number; five: number };
  /** Canvas to face boxes (pixels read + detection). */
  detector: Stats;
  frame1: Stats;
  frame5: Stats;
  /** Ours: each member alone. Human: empty. */
  members: MemberTiming[];
  memory: MemoryFigures;
  /** Bytes fetched per URL prefix (models, wasm), from Resource Timing. */
  fetchedBytes: Record<string, number>;
  /** Labels of the 1-face frame, so a run that "worked" also gave an answer. */
  sampleLabels: string[];
  /** Ours: every number of the 1-face then the 5-face frame's results (scripts/bench/parity.ts). */
  outputs: number[];
  /** Ours on WASM: the thread count tfjs really used. */
  wasmThreads?: number;
}

/** Set on window by the page when done. */
export interface BenchWindow {
  __benchResult?: PageResult;
  __benchScreen?: number[];
  __benchError?: string;
}
