import { describe, expect, it } from 'vitest';
import type { FaceView } from '../../../src/app/labels';
import { scaleFaces } from '../../../src/app/photos';

const face = (x: number, y: number, w: number, h: number): FaceView => ({
  id: 0,
  box: { x, y, w, h },
  mask: 'wear',
  gender: 'female',
  age: '<30',
  agreement: 5,
  total: 5,
  confidence: 0.9,
});

describe('scaleFaces', () => {
  it('maps boxes from the working size back to the original pixels', () => {
    expect(scaleFaces([face(10, 20, 30, 40)], 2, 1000, 1000)[0].box).toEqual({ x: 20, y: 40, w: 60, h: 80 });
  });

  it('keeps boxes inside the original image', () => {
    expect(scaleFaces([face(-5, 90, 30, 40)], 2, 100, 200)[0].box).toEqual({ x: 0, y: 180, w: 50, h: 20 });
  });

  it('keeps the labels', () => {
    const [f] = scaleFaces([face(0, 0, 1, 1)], 3, 10, 10);
    expect(f).toMatchObject({ mask: 'wear', gender: 'female', age: '<30', agreement: 5 });
  });
});
