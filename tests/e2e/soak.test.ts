/**
 * `npm run soak`, shortened: the same run (scripts/soak/run.ts) on the built
 * app for 300 frames on WASM, judged against the same bound. A tensor leaked
 * per frame, or a heap that grows by megabytes, fails it.
 */
import { describe, expect, inject, it } from 'vitest';
import { defaultSoakPlan } from '../../scripts/soak/judge';
import { runSoak } from '../../scripts/soak/run';
import { utkFaces } from './harness';

const baseUrl = inject('baseUrl');
const FRAMES = 300;

describe('soak (short)', () => {
  it(`keeps tensors and the JS heap flat over ${FRAMES} camera frames`, async () => {
    const { bound } = defaultSoakPlan(FRAMES);
    const run = await runSoak({
      baseUrl,
      frames: FRAMES,
      backend: 'wasm',
      // Every other frame: enough readings in each tenth to find its heap floor.
      sampleEvery: 2,
      bound,
      photo: utkFaces(1)[0],
    });
    expect(run.verdict.failures).toEqual([]);
    expect(run.verdict.pass).toBe(true);
    expect(run.frames).toBeGreaterThanOrEqual(FRAMES);
    expect(run.backend).toBe('wasm');
    // Samples really came from the app: tensors (the models' weights) and a heap reading each time.
    expect(run.samples.length).toBeGreaterThanOrEqual(FRAMES / 10);
    expect(run.verdict.baseline!.numTensors).toBeGreaterThan(100);
    expect(run.verdict.baseline!.numBytes).toBeGreaterThan(1e6);
    expect(run.samples.every((s) => s.heapBytes !== null && s.heapBytes > 1e6)).toBe(true);
  });
});
