import { describe, expect, it } from 'vitest';
import {
  FULL_RANGE,
  KEYPOINTS,
  ROW_SIZE,
  SHORT_RANGE,
  anchorCenters,
  decodeDetections,
  sigmoid,
} from '../../src/core/blazeface';

const centre = (a: Float32Array, i: number) => [a[2 * i], a[2 * i + 1]];

describe('anchorCenters', () => {
  it('short range: 896 anchors, 2 per 8 px cell then 6 per 16 px cell', () => {
    const a = anchorCenters(SHORT_RANGE);
    expect(a.length).toBe(896 * 2);
    expect(centre(a, 0)).toEqual([4, 4]);
    expect(centre(a, 1)).toEqual([4, 4]); // second anchor of the same cell
    expect(centre(a, 2)).toEqual([12, 4]); // next column
    expect(centre(a, 32)).toEqual([4, 12]); // next row: 16 cells x 2 anchors
    expect(centre(a, 511)).toEqual([124, 124]); // last of the 16 x 16 x 2 layer
    expect(centre(a, 512)).toEqual([8, 8]); // first of the 8 x 8 x 6 layer
    expect(centre(a, 518)).toEqual([24, 8]);
    expect(centre(a, 895)).toEqual([120, 120]);
  });

  it('full range: 2304 anchors, 1 per 4 px cell', () => {
    const a = anchorCenters(FULL_RANGE);
    expect(a.length).toBe(2304 * 2);
    expect(centre(a, 0)).toEqual([2, 2]);
    expect(centre(a, 1)).toEqual([6, 2]);
    expect(centre(a, 48)).toEqual([2, 6]);
    expect(centre(a, 2303)).toEqual([190, 190]);
  });
});

/** All anchors hopeless (logit -10), except the ones given rows. */
function rawWith(n: number, rows: Record<number, number[]>): Float32Array {
  const raw = new Float32Array(n * ROW_SIZE);
  for (let i = 0; i < n; i++) raw[i * ROW_SIZE] = -10;
  for (const [i, row] of Object.entries(rows)) raw.set(row, Number(i) * ROW_SIZE);
  return raw;
}

describe('decodeDetections', () => {
  const anchors = anchorCenters(SHORT_RANGE);
  // Anchor 518 sits at (24, 8). Centre offset (+4, -2), size 32 x 16, keypoints
  // at offsets (k, 2k) for k = 0..5.
  const row = [2, 4, -2, 32, 16, 0, 0, 1, 2, 2, 4, 3, 6, 4, 8, 5, 10];

  it('decodes one positive anchor to its box and keypoints in 0..1 units', () => {
    const out = decodeDetections(rawWith(896, { 518: row }), anchors, 128, 0.5);
    expect(out).toHaveLength(1);
    const d = out[0];
    expect(d.score).toBeCloseTo(1 / (1 + Math.exp(-2)), 6); // 0.8808
    // centre (28, 6), size 32 x 16 -> top-left (12, -2)
    expect(d.box.x).toBeCloseTo(12 / 128, 6);
    expect(d.box.y).toBeCloseTo(-2 / 128, 6);
    expect(d.box.w).toBeCloseTo(0.25, 6);
    expect(d.box.h).toBeCloseTo(0.125, 6);
    expect(d.keypoints).toHaveLength(KEYPOINTS.length);
    d.keypoints.forEach((p, k) => {
      expect(p.x).toBeCloseTo((24 + k) / 128, 6);
      expect(p.y).toBeCloseTo((8 + 2 * k) / 128, 6);
    });
  });

  it('keeps candidates at or above minScore only', () => {
    const raw = rawWith(896, { 3: [0, 0, 0, 10, 10], 518: row }); // anchor 3: score exactly 0.5
    expect(decodeDetections(raw, anchors, 128, 0.5).map((d) => d.score)).toEqual([0.5, sigmoid(2)]);
    expect(decodeDetections(raw, anchors, 128, 0.6)).toHaveLength(1);
    expect(decodeDetections(raw, anchors, 128, 0.9)).toHaveLength(0);
  });

  it('drops a candidate with a non-positive size', () => {
    const raw = rawWith(896, { 10: [5, 0, 0, 0, 10], 11: [5, 0, 0, 10, -1] });
    expect(decodeDetections(raw, anchors, 128, 0.5)).toHaveLength(0);
  });

  it('accepts a plain number array', () => {
    const raw = Array.from(rawWith(896, { 518: row }));
    expect(decodeDetections(raw, anchors, 128, 0.5)).toHaveLength(1);
  });

  it('rejects raw output of the wrong length', () => {
    expect(() => decodeDetections(new Float32Array(2304 * ROW_SIZE), anchors, 128, 0.5)).toThrow(
      /expected 896 x 17 values, got 39168/,
    );
  });

  it('sigmoid', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(-Infinity)).toBe(0);
    expect(sigmoid(Math.log(3))).toBeCloseTo(0.75, 12);
  });
});
