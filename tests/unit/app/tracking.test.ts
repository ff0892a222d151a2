import { describe, expect, it } from 'vitest';
import type { FaceResultLike } from '../../../src/app/labels';
import { FaceTracking } from '../../../src/app/tracking';

const face = (x: number, mask: number, maskVotes = 5, unsureMask = false): FaceResultLike => ({
  detection: { box: { x, y: 100, w: 100, h: 100 } },
  heads: {
    mask: { label: mask, votes: maskVotes, confidence: maskVotes / 5 },
    gender: { label: 0, votes: 4, confidence: 0.8 },
    age: { label: 1, votes: 3, confidence: 0.6 },
  },
  total: 5,
  unsure: { mask: unsureMask, gender: false, age: false },
});

describe('FaceTracking', () => {
  it('keeps a face its id and its label through one odd frame', () => {
    const tracking = new FaceTracking({ window: 5, settleFrames: 3 });
    const ids = new Set<number>();
    const masks: string[] = [];
    for (const m of [0, 0, 0, 2, 0]) {
      const { faces } = tracking.update([face(100 + masks.length * 2, m)]);
      ids.add(faces[0].id);
      masks.push(faces[0].mask);
    }
    expect(ids.size).toBe(1);
    expect(masks).toEqual(['wear', 'wear', 'wear', 'wear', 'wear']);
  });

  it('shows this frame’s box, and the models’ votes of the latest frame that gave the steadied label', () => {
    const tracking = new FaceTracking({ window: 5 });
    tracking.update([face(100, 0, 5)]);
    tracking.update([face(102, 0, 3)]);
    // An odd frame says "no mask" with 4 votes; the label shown stays "mask on", 3/5 from the frame before.
    const { faces } = tracking.update([face(104, 2, 4)]);
    expect(faces[0].box.x).toBe(104);
    expect(faces[0].mask).toBe('wear');
    expect(faces[0].heads.mask).toEqual({ votes: 3, confidence: 0.6, unsure: false });
    expect(faces[0].heads.gender).toEqual({ votes: 4, confidence: 0.8, unsure: false });
    expect(faces[0]).toMatchObject({ gender: 'male', age: '30-59', total: 5 });
  });

  it('carries "not sure" through the smoothing, and does not count a person while unsure', () => {
    const tracking = new FaceTracking({ window: 3, settleFrames: 3 });
    const seen: boolean[] = [];
    const settled: string[] = [];
    for (const u of [true, true, true, false, false]) {
      const frame = tracking.update([face(100, 2, 2, u)]);
      seen.push(frame.faces[0].heads.mask.unsure);
      settled.push(...frame.settled);
    }
    expect(seen).toEqual([true, true, true, true, false]);
    expect(settled).toEqual(['not_wear']);
  });

  it('reports each person once when their label settles, and new people get new ids', () => {
    const tracking = new FaceTracking({ window: 3, settleFrames: 3 });
    const settled: string[] = [];
    const ids = new Set<number>();
    for (let i = 0; i < 6; i++) {
      const u = tracking.update([face(100, 2), face(600, 1)]);
      u.faces.forEach((f) => ids.add(f.id));
      settled.push(...u.settled);
    }
    expect(settled.sort()).toEqual(['incorrect', 'not_wear']);
    tracking.reset();
    const after = tracking.update([face(100, 2)]);
    expect(ids.has(after.faces[0].id)).toBe(false);
  });

  it('keeps boxes inside the frame', () => {
    const tracking = new FaceTracking();
    const { faces } = tracking.update([face(-20, 0)], 640, 150);
    expect(faces[0].box).toEqual({ x: 0, y: 100, w: 80, h: 50 });
  });
});
