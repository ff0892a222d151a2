/**
 * The soak run's bound and verdict, as pure arithmetic on the samples (no
 * browser here, so unit tests can feed it a leak).
 *
 * The bound: after the warm-up, the live tensor count and the bytes they hold
 * never rise above what they were at the end of the warm-up (between frames
 * the app holds only the models, so any rise is a leak); and the floor of the
 * JS heap (the lowest reading after a forced garbage collection in each tenth
 * of the samples) rises by less than `maxHeapGrowthMB` from the first tenth
 * to the last. A short run has few readings per tenth, so each end's window
 * takes at least FLOOR_READINGS of them: with 15 (300 frames, one sample every
 * other frame) a stretch in which one camera frame's pixels were still alive
 * at every reading (about 8 MB) once lifted a flat run's last-tenth floor by
 * 8.4 MB. The floor, not the median: even read between frames after a
 * full GC, the heap jumps up and down by tens of MB (garbage the GC has not
 * given back yet, in steps of a few MB), while a leak lifts every reading,
 * the lowest included. A leak of 1 KB per frame lifts it by 9.8 MB over
 * 10,000 frames.
 */

/** Fewest heap readings in each end's window, however short the run. */
export const FLOOR_READINGS = 40;

export interface SoakSample {
  /** Frames the app had analysed when the sample was taken. */
  frame: number;
  /** Seconds since the camera started. */
  t: number;
  /** tf.memory() after the last frame, as the app's camera stats expose it. */
  numTensors: number;
  numBytes: number;
  /** performance.memory.usedJSHeapSize after gc(), bytes; null where the browser does not expose it. */
  heapBytes: number | null;
  /** Face boxes on screen (the fake camera always shows one face). */
  faces: number;
  /** What the app showed at that moment: a camera problem's status, an analysis error. */
  cameraProblem: string | null;
  analysisError: string | null;
  backend: string;
}

export interface SoakBound {
  warmupFrames: number;
  maxHeapGrowthMB: number;
  /** Faces the camera shows: every sample after the warm-up must show this many boxes. */
  faces: number;
}

export interface SoakVerdict {
  pass: boolean;
  /** Why it failed, one line each; empty when it passed. */
  failures: string[];
  baseline: { frame: number; numTensors: number; numBytes: number } | null;
  maxTensorsAfterWarmup: number | null;
  maxBytesAfterWarmup: number | null;
  /**
   * Lowest heap reading (MB) in the first and last tenth of the samples after
   * the warm-up (at least FLOOR_READINGS readings each, at most half).
   */
  heapFirstTenthMB: number | null;
  heapLastTenthMB: number | null;
  heapGrowthMB: number | null;
  /** Least-squares slope of the heap over frames, bytes per frame (information, not part of the bound). */
  heapSlopeBytesPerFrame: number | null;
  /** Samples at which the app showed a camera problem or an analysis error. */
  problemSamples: number;
  /** Samples after the warm-up with a face count other than `bound.faces`. */
  wrongFaceSamples: number;
}

const MB = 1024 * 1024;

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den > 0 ? num / den : 0;
}

/**
 * Judges a run. `framesWanted` is how many frames were asked for: a run that
 * stopped short fails. Other failures found by the runner (page errors, a
 * stall) come in `extraFailures`.
 */
export function judgeSoak(
  samples: readonly SoakSample[],
  bound: SoakBound,
  framesWanted: number,
  extraFailures: readonly string[] = [],
): SoakVerdict {
  const failures = [...extraFailures];
  const last = samples.at(-1);
  if (!last || last.frame < framesWanted) {
    failures.push(`ran ${last?.frame ?? 0} of ${framesWanted} frames`);
  }
  const backends = [...new Set(samples.map((s) => s.backend))];
  if (backends.length > 1) failures.push(`the backend changed during the run: ${backends.join(' -> ')}`);
  const problemSamples = samples.filter((s) => s.cameraProblem !== null || s.analysisError !== null).length;
  if (problemSamples > 0) {
    const first = samples.find((s) => s.cameraProblem !== null || s.analysisError !== null)!;
    failures.push(
      `the app showed a problem in ${problemSamples} samples (first at frame ${first.frame}: ` +
        `${first.cameraProblem ?? first.analysisError})`,
    );
  }

  const baseIndex = samples.findIndex((s) => s.frame >= bound.warmupFrames);
  const verdict: SoakVerdict = {
    pass: false,
    failures,
    baseline: null,
    maxTensorsAfterWarmup: null,
    maxBytesAfterWarmup: null,
    heapFirstTenthMB: null,
    heapLastTenthMB: null,
    heapGrowthMB: null,
    heapSlopeBytesPerFrame: null,
    problemSamples,
    wrongFaceSamples: 0,
  };
  const after = baseIndex < 0 ? [] : samples.slice(baseIndex);
  if (after.length < 2) {
    failures.push(`too few samples after the ${bound.warmupFrames}-frame warm-up (${after.length})`);
    return verdict;
  }
  const base = after[0];
  const wrongFaces = after.filter((s) => s.faces !== bound.faces);
  verdict.wrongFaceSamples = wrongFaces.length;
  if (wrongFaces.length > 0) {
    failures.push(
      `${wrongFaces.length} samples showed a face count other than ${bound.faces} (first at frame ${wrongFaces[0].frame}: ${wrongFaces[0].faces})`,
    );
  }
  verdict.baseline = { frame: base.frame, numTensors: base.numTensors, numBytes: base.numBytes };
  verdict.maxTensorsAfterWarmup = Math.max(...after.map((s) => s.numTensors));
  verdict.maxBytesAfterWarmup = Math.max(...after.map((s) => s.numBytes));
  if (verdict.maxTensorsAfterWarmup > base.numTensors) {
    const at = after.find((s) => s.numTensors > base.numTensors)!;
    failures.push(
      `tensors rose above ${base.numTensors} (frame ${base.frame}) to ${verdict.maxTensorsAfterWarmup}; first at frame ${at.frame}`,
    );
  }
  if (verdict.maxBytesAfterWarmup > base.numBytes) {
    const at = after.find((s) => s.numBytes > base.numBytes)!;
    failures.push(
      `tensor bytes rose above ${base.numBytes} (frame ${base.frame}) to ${verdict.maxBytesAfterWarmup}; first at frame ${at.frame}`,
    );
  }

  const heap = after.filter((s) => s.heapBytes !== null) as (SoakSample & { heapBytes: number })[];
  if (heap.length < 2) {
    failures.push('no JS heap readings (performance.memory missing)');
  } else {
    const tenth = Math.min(Math.floor(heap.length / 2), Math.max(FLOOR_READINGS, Math.floor(heap.length / 10)));
    verdict.heapFirstTenthMB = Math.min(...heap.slice(0, tenth).map((s) => s.heapBytes)) / MB;
    verdict.heapLastTenthMB = Math.min(...heap.slice(-tenth).map((s) => s.heapBytes)) / MB;
    verdict.heapGrowthMB = verdict.heapLastTenthMB - verdict.heapFirstTenthMB;
    verdict.heapSlopeBytesPerFrame = slope(
      heap.map((s) => s.frame),
      heap.map((s) => s.heapBytes),
    );
    if (verdict.heapGrowthMB >= bound.maxHeapGrowthMB) {
      failures.push(
        `the JS heap floor rose by ${verdict.heapGrowthMB.toFixed(2)} MB from the first to the last tenth (bound < ${bound.maxHeapGrowthMB} MB)`,
      );
    }
  }
  verdict.pass = failures.length === 0;
  return verdict;
}

/**
 * Sampling and bound for a run of `frames`: about 1,000 samples (a hundred per
 * tenth, so each tenth's floor is found), a warm-up of a twentieth of the run
 * (10 to 100 frames), a heap floor rising by less than 8 MB, one face.
 */
export function defaultSoakPlan(frames: number): { sampleEvery: number; bound: SoakBound } {
  return {
    sampleEvery: Math.max(1, Math.round(frames / 1000)),
    bound: {
      warmupFrames: Math.min(100, Math.max(10, Math.round(frames / 20))),
      maxHeapGrowthMB: 8,
      faces: 1,
    },
  };
}
