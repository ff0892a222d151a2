import { describe, expect, it } from 'vitest';
import { overlapArea, placeLabels, type LabelRequest, type Rect } from '../../../src/app/labelLayout';

const full = { w: 60, h: 30 };
const compact = { w: 14, h: 14 };
const face = (x: number, y: number, w = 40, h = 40): LabelRequest => ({ face: { x, y, w, h }, full, compact });

function noOverlaps(rects: readonly Rect[]): boolean {
  return rects.every((a, i) => rects.every((b, j) => i === j || overlapArea(a, b) === 0));
}

describe('placeLabels', () => {
  it('puts a lone label above its face', () => {
    const [p] = placeLabels({ w: 400, h: 300 }, [face(100, 100)]);
    expect(p).toEqual({ x: 100, y: 68, w: 60, h: 30, side: 'above', compact: false });
  });

  it('goes below a face at the top edge, moved inside the media on the right', () => {
    const [p] = placeLabels({ w: 160, h: 300 }, [face(130, 0, 30, 30)]);
    expect(p).toMatchObject({ side: 'below', y: 32, x: 100, compact: false });
  });

  it('five faces in a row, close together: no label over another label or any face, all inside', () => {
    const bounds = { w: 256, h: 100 };
    const faces = [0, 1, 2, 3, 4].map((i) => face(8 + i * 50, 40, 40, 40));
    const placed = placeLabels(bounds, faces);
    expect(noOverlaps(placed)).toBe(true);
    for (const p of placed) {
      expect(p.x >= 0 && p.y >= 0 && p.x + p.w <= bounds.w && p.y + p.h <= bounds.h).toBe(true);
      for (const f of faces) expect(overlapArea(p, f.face)).toBe(0);
    }
    // Only four full labels fit above the row (none below): the rest collapse to their symbol.
    expect(placed.some((p) => p.compact)).toBe(true);
    expect(placed.some((p) => !p.compact)).toBe(true);
  });

  it('a face that fills the media gets its symbol inside its own box', () => {
    const [p] = placeLabels({ w: 100, h: 100 }, [face(0, 0, 100, 100)]);
    expect(p).toMatchObject({ side: 'inside', compact: true, x: 0, y: 0, w: 14, h: 14 });
  });

  it('with no free spot at all, labels still never sit on each other when there is any other choice', () => {
    // A 3x3 grid of faces filling the media, gaps too small for any label.
    const faces = [0, 1, 2].flatMap((r) => [0, 1, 2].map((c) => face(c * 34, r * 34, 32, 32)));
    const placed = placeLabels({ w: 100, h: 100 }, faces);
    expect(noOverlaps(placed)).toBe(true);
  });

  it('returns placements in input order, whatever order it places them in', () => {
    const placed = placeLabels({ w: 400, h: 400 }, [face(100, 300), face(100, 100)]);
    expect(placed[0].y).toBeGreaterThan(placed[1].y);
  });
});
