import { describe, expect, it } from 'vitest';
import type { FaceResultLike } from '../../../src/app/labels';
import { FaceTracking } from '../../../src/app/tracking';

const face = (x: number, mask: number, agreement = 5): FaceResultLike => ({
  detection: { box: { x, y: 100, w: 100, h: 100 } },
  heads: { mask: { label: mask }, gender: { label: 0 }, age: { label: 1 } },
  agreement,
  total: 5,
  confidence: 0.9,
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

  it('shows this frame’s box and agreement with the steadied label', () => {
    const tracking = new FaceTracking();
    tracking.update([face(100, 0)]);
    const { faces } = tracking.update([face(104, 0, 3)]);
    expect(faces[0].box.x).toBe(104);
    expect(faces[0].agreement).toBe(3);
    expect(faces[0]).toMatchObject({ gender: 'male', age: '30-59' });
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
