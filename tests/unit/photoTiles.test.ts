import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PHOTO_DETECTION,
  EnsembleSpecError,
  photoDetectionProblem,
  validateEnsembleSpec,
  type PhotoDetectionSpec,
} from '../../src/core/ensembleSpec';
import { suppressContained } from '../../src/core/faceSelect';
import { fromSquareUnits, type Box } from '../../src/core/geometry';
import { tileGrid, tileLetterbox, tileStarts, touchesInnerEdge, type Tile } from '../../src/core/photoTiles';
import { mulberry32 } from '../../src/core/random';
import { placePatches } from '../../src/core/scenePlacement';

/** A box in image pixels as 0..1 units of a tile (what the detector decodes). */
const inTile = (b: Box, t: Tile): Box => ({
  x: (b.x - t.x) / t.side,
  y: (b.y - t.y) / t.side,
  w: b.w / t.side,
  h: b.h / t.side,
});

describe('tileStarts', () => {
  it.each([
    [1280, 384, 160],
    [960, 384, 160],
    [2000, 384, 160],
    [385, 384, 0],
    [1000, 500, 100],
  ])(
    'length %i, side %i, overlap %i: from 0 to the end, neighbours sharing at least the overlap',
    (length, side, overlap) => {
      const s = tileStarts(length, side, overlap);
      expect(s[0]).toBe(0);
      expect(s.at(-1)! + side).toBe(length);
      for (let i = 1; i < s.length; i++) {
        expect(s[i]).toBeGreaterThan(s[i - 1]);
        expect(s[i - 1] + side - s[i]).toBeGreaterThanOrEqual(overlap);
      }
    },
  );

  it('uses as few tiles as the overlap allows', () => {
    // 1280 px, 384-px tiles, step at most 224: (1280 - 384) / 224 = 4 steps, 5 tiles.
    expect(tileStarts(1280, 384, 160)).toEqual([0, 224, 448, 672, 896]);
    expect(tileStarts(1000, 500, 0)).toEqual([0, 500]);
  });

  it('centres one tile on an axis no longer than the tile', () => {
    expect(tileStarts(300, 384, 160)).toEqual([-42]);
    expect(tileStarts(384, 384, 160)).toEqual([0]);
  });

  it.each([
    [0, 0],
    [384, 384],
    [384, -1],
  ])('rejects side %i with overlap %i', (side, overlap) => {
    expect(() => tileStarts(1000, side, overlap)).toThrow(RangeError);
  });
});

describe('tileGrid', () => {
  it('has no tiles for a photo that fits in one (the whole-frame pass sees it at that scale)', () => {
    expect(tileGrid(384, 300, { side: 384, overlap: 160 })).toEqual([]);
    expect(tileGrid(640, 480, { side: 640, overlap: 160 })).toEqual([]);
  });

  it('covers a 1280 x 960 photo row by row and marks only the edges with image beyond them as inner', () => {
    const tiles = tileGrid(1280, 960, { side: 384, overlap: 160 });
    expect(tiles).toHaveLength(5 * 4);
    expect(tiles[0]).toEqual({ x: 0, y: 0, side: 384, inner: { left: false, top: false, right: true, bottom: true } });
    expect(tiles[6].inner).toEqual({ left: true, top: true, right: true, bottom: true });
    expect(tiles[19]).toEqual({
      x: 896,
      y: 576,
      side: 384,
      inner: { left: true, top: true, right: false, bottom: false },
    });
  });

  it('gives a wide strip one centred row whose top and bottom are not inner edges', () => {
    const tiles = tileGrid(1600, 200, { side: 384, overlap: 160 });
    expect(new Set(tiles.map((t) => t.y))).toEqual(new Set([-92]));
    expect(tiles.every((t) => !t.inner.top && !t.inner.bottom)).toBe(true);
  });

  it('sees every face up to overlap - 2 * edge margin whole in some tile, clear of its inner edges', () => {
    const level = { side: 384, overlap: 160 };
    const margin = 0.02;
    const largest = level.overlap - 2 * margin * level.side;
    const [width, height] = [1500, 1100];
    const tiles = tileGrid(width, height, level);
    const rng = mulberry32(3);
    for (let i = 0; i < 500; i++) {
      const side = 8 + rng() * (largest - 8);
      const face = { x: rng() * (width - side), y: rng() * (height - side), w: side, h: side };
      const clear = tiles.filter((t) => {
        const b = inTile(face, t);
        return b.x >= 0 && b.y >= 0 && b.x + b.w <= 1 && b.y + b.h <= 1 && !touchesInnerEdge(b, t, margin);
      });
      expect(clear.length, JSON.stringify(face)).toBeGreaterThan(0);
    }
  });
});

describe('touchesInnerEdge', () => {
  const middle: Tile = { x: 100, y: 100, side: 100, inner: { left: true, top: true, right: true, bottom: true } };
  const corner: Tile = { ...middle, inner: { left: false, top: false, right: true, bottom: true } };
  it.each<[string, Box, Tile, boolean]>([
    ['a box well inside', { x: 0.3, y: 0.3, w: 0.3, h: 0.3 }, middle, false],
    ['a box at the left inner edge', { x: 0.01, y: 0.3, w: 0.3, h: 0.3 }, middle, true],
    ['a box past the right inner edge', { x: 0.8, y: 0.3, w: 0.3, h: 0.3 }, middle, true],
    ['a box at the bottom inner edge', { x: 0.3, y: 0.7, w: 0.3, h: 0.29 }, middle, true],
    ['a box at the image border (not inner)', { x: 0, y: 0, w: 0.3, h: 0.3 }, corner, false],
    ['a box at the corner tile inner right edge', { x: 0.75, y: 0, w: 0.24, h: 0.3 }, corner, true],
  ])('%s', (_, box, tile, expected) => {
    expect(touchesInnerEdge(box, tile, 0.02)).toBe(expected);
  });
});

describe('tile boxes back in image pixels, and merging', () => {
  it('maps tile units through the tile letterbox to image pixels', () => {
    const t: Tile = { x: 224, y: 448, side: 384, inner: { left: true, top: true, right: true, bottom: true } };
    expect(fromSquareUnits({ x: 0.5, y: 0.25 }, tileLetterbox(t))).toEqual({ x: 224 + 192, y: 448 + 96 });
  });

  it('keeps one box for a face that one tile cuts and its neighbour sees whole', () => {
    const tiles = tileGrid(1280, 384, { side: 384, overlap: 160 });
    const face = { x: 370, y: 100, w: 80, h: 80 }; // across tile 0's right edge (384), inside tile 1 (224..608)
    // Tile 0 sees the left part of the face, more sure of it than tile 1 is of the whole face.
    const cut = { box: { x: 370, y: 100, w: 14, h: 80 }, score: 0.9, tile: tiles[0] };
    const whole = { box: face, score: 0.7, tile: tiles[1] };
    const kept = [cut, whole].filter((c) => !touchesInnerEdge(inTile(c.box, c.tile), c.tile, 0.02));
    expect(kept).toEqual([whole]);
    // Without the edge rule the cut box would win and the containment rule would drop the whole face.
    expect(suppressContained([cut, whole], 0.6)).toEqual([cut]);
  });
});

describe('detector.photo in ensemble.json', () => {
  const good = DEFAULT_PHOTO_DETECTION;
  it('accepts the default', () => expect(photoDetectionProblem(good)).toBeUndefined());
  it.each<[string, PhotoDetectionSpec, RegExp]>([
    ['no levels', { ...good, levels: [] }, /levels is empty/],
    ['an overlap as large as the tile', { ...good, levels: [{ side: 384, overlap: 384 }] }, /overlap/],
    ['a zero tile side', { ...good, levels: [{ side: 0, overlap: 0 }] }, /tile side/],
    ['no models', { ...good, models: [] }, /models is empty/],
    ['a tile model with a margin', { ...good, models: [{ ...good.models[0], margin: 0.5 }] }, /margin/],
    ['an edge margin of a half', { ...good, edgeMargin: 0.5 }, /edgeMargin/],
  ])('rejects %s, quoting it', (_, photo, message) => {
    expect(photoDetectionProblem(photo)).toMatch(message);
    const spec = {
      format: 'maskcheck-ensemble',
      version: 1,
      detector: { models: [good.models[0]], photo },
      members: [],
    };
    expect(() => validateEnsembleSpec(spec)).toThrow(EnsembleSpecError);
    expect(() => validateEnsembleSpec(spec)).toThrow(/detector\.photo: .*\(got \{/);
  });
});

describe('placePatches', () => {
  it('keeps every patch inside the scene and apart from the others by the gap', () => {
    const rng = mulberry32(5);
    const patches = Array.from({ length: 40 }, () => ({
      w: 40 + Math.floor(rng() * 160),
      h: 40 + Math.floor(rng() * 160),
    }));
    const spots = placePatches(mulberry32(9), 1600, 1200, patches, 8);
    const placed = spots.filter((s): s is Box => s !== null);
    expect(placed.length).toBeGreaterThan(20);
    placed.forEach((a, i) => {
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.y).toBeGreaterThanOrEqual(0);
      expect(a.x + a.w).toBeLessThanOrEqual(1600);
      expect(a.y + a.h).toBeLessThanOrEqual(1200);
      placed.slice(i + 1).forEach((b) => {
        const apart = a.x + a.w + 8 <= b.x || b.x + b.w + 8 <= a.x || a.y + a.h + 8 <= b.y || b.y + b.h + 8 <= a.y;
        expect(apart).toBe(true);
      });
    });
    spots.forEach((s, i) => s && expect([s.w, s.h]).toEqual([patches[i].w, patches[i].h]));
  });

  it('leaves out a patch larger than the scene', () => {
    expect(placePatches(mulberry32(1), 100, 100, [{ w: 120, h: 10 }], 0)).toEqual([null]);
  });
});
