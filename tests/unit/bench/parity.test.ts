import { describe, expect, it } from 'vitest';
import { maxAbsDiff, resultNumbers } from '../../../scripts/bench/parity';
import type { FaceResult } from '../../../src/inference/ensemble';

const face = (x: number, p: number): FaceResult =>
  ({
    detection: { box: { x, y: 2, w: 30, h: 40 }, score: 0.9, keypoints: [] },
    members: [{ member: 'a', mask: [p, 1 - p, 0], gender: [0.5, 0.5], age: [0.2, 0.3, 0.5] }],
  }) as unknown as FaceResult;

describe('thread parity', () => {
  it('flattens box, score and every member probability in a fixed order', () => {
    expect(resultNumbers([face(1, 0.75)])).toEqual([1, 2, 30, 40, 0.9, 0.75, 0.25, 0, 0.5, 0.5, 0.2, 0.3, 0.5]);
    expect(resultNumbers([])).toEqual([]);
  });

  it('takes the largest difference, and Infinity when a face is missing', () => {
    const a = resultNumbers([face(1, 0.75), face(5, 0.1)]);
    const b = resultNumbers([face(1, 0.75005), face(5, 0.1)]);
    expect(maxAbsDiff(a, b)).toBeCloseTo(5e-5, 9);
    expect(maxAbsDiff(a, a)).toBe(0);
    expect(maxAbsDiff(a, resultNumbers([face(1, 0.75)]))).toBe(Infinity);
  });
});
