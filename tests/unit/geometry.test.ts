import { describe, expect, it } from 'vitest';
import {
  area,
  center,
  clipBox,
  fromSquareUnits,
  intersection,
  iou,
  letterbox,
  parseBox,
  squareAround,
  toCropBox,
  type Box,
} from '../../src/core/geometry';

const box = (x: number, y: number, w: number, h: number): Box => ({ x, y, w, h });

describe('letterbox', () => {
  it('pads the short side evenly', () => {
    expect(letterbox(640, 480)).toEqual({ side: 640, padX: 0, padY: 80 });
    expect(letterbox(300, 500)).toEqual({ side: 500, padX: 100, padY: 0 });
    expect(letterbox(200, 200)).toEqual({ side: 200, padX: 0, padY: 0 });
  });

  it('floors an odd padding', () => {
    expect(letterbox(10, 7)).toEqual({ side: 10, padX: 0, padY: 1 });
  });

  it('adds a margin of the longer side on every edge', () => {
    // 200 * (1 + 2 * 0.25) = 300: 50 px on each side of a square image.
    expect(letterbox(200, 200, 0.25)).toEqual({ side: 300, padX: 50, padY: 50 });
    // 400 * 1.5 = 600; x pad (600 - 400) / 2 = 100, y pad (600 - 200) / 2 = 200.
    expect(letterbox(400, 200, 0.25)).toEqual({ side: 600, padX: 100, padY: 200 });
  });

  it.each([
    [0, 10],
    [10, 0],
    [-5, 10],
    [Number.NaN, 10],
  ])('rejects size %sx%s', (w, h) => {
    expect(() => letterbox(w, h)).toThrow(/image size must be positive/);
  });

  it('rejects a negative margin', () => {
    expect(() => letterbox(10, 10, -0.1)).toThrow(/margin must be >= 0/);
  });

  it('maps square units back to image pixels', () => {
    const lb = letterbox(640, 480); // side 640, padY 80
    expect(fromSquareUnits({ x: 0, y: 0 }, lb)).toEqual({ x: 0, y: -80 });
    expect(fromSquareUnits({ x: 0.5, y: 0.5 }, lb)).toEqual({ x: 320, y: 240 });
    expect(fromSquareUnits({ x: 1, y: 0.875 }, lb)).toEqual({ x: 640, y: 480 });
  });
});

describe('boxes', () => {
  it('area, intersection, iou', () => {
    const a = box(0, 0, 10, 10);
    const b = box(5, 5, 10, 10);
    expect(area(a)).toBe(100);
    expect(area(box(0, 0, -3, 4))).toBe(0);
    expect(intersection(a, b)).toBe(25);
    expect(iou(a, b)).toBeCloseTo(25 / 175, 12);
    expect(iou(a, a)).toBe(1);
    expect(iou(a, box(10, 0, 10, 10))).toBe(0); // touching edges
    expect(iou(box(0, 0, 0, 0), box(0, 0, 0, 0))).toBe(0);
  });

  it('iou of a box inside another is the area ratio', () => {
    expect(iou(box(0, 0, 10, 10), box(2, 2, 5, 5))).toBeCloseTo(0.25, 12);
  });

  it('center', () => {
    expect(center(box(10, 20, 30, 40))).toEqual({ x: 25, y: 40 });
  });

  it('squareAround: larger side times scale, same centre', () => {
    expect(squareAround(box(10, 20, 40, 20), 1.5)).toEqual(box(0, 0, 60, 60));
  });

  it('squareAround: shiftY moves the centre down by a fraction of the side', () => {
    // side 40, centre (30, 30) + 0.25 * 40 = (30, 40)
    expect(squareAround(box(20, 20, 20, 20), 2, 0.25)).toEqual(box(10, 20, 40, 40));
  });

  it('clipBox', () => {
    expect(clipBox(box(-10, -5, 30, 30), 15, 100)).toEqual(box(0, 0, 15, 25));
    expect(clipBox(box(200, 200, 10, 10), 100, 100)).toEqual(box(100, 100, 0, 0));
  });

  it('toCropBox gives [y1, x1, y2, x2] in 0..1', () => {
    expect(toCropBox(box(50, 25, 100, 50), 200, 100)).toEqual([0.25, 0.25, 0.75, 0.75]);
  });
});

describe('parseBox', () => {
  it.each([
    ['1 2 3 4', box(1, 2, 3, 4)],
    ['  10.5\t-2  30 40 ', box(10.5, -2, 30, 40)],
  ])('parses %j', (text, expected) => {
    expect(parseBox(text)).toEqual(expected);
  });

  it.each(['', '1 2 3', '1 2 3 4 5', '1,2,3,4', 'a b c d', '1 2 0 4', '1 2 3 -4', '1 2 NaN 4', '1 2 Infinity 4'])(
    'rejects %j',
    (text) => {
      expect(parseBox(text)).toBeUndefined();
    },
  );
});
