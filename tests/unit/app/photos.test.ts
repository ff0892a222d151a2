import { describe, expect, it } from 'vitest';
import type { FaceView } from '../../../src/app/labels';
import { fileKey, scaleFaces, splitDuplicates } from '../../../src/app/photos';

const face = (x: number, y: number, w: number, h: number): FaceView => ({
  id: 0,
  box: { x, y, w, h },
  mask: 'wear',
  gender: 'female',
  age: '<30',
  heads: {
    mask: { votes: 5, confidence: 0.9, unsure: false },
    gender: { votes: 5, confidence: 0.9, unsure: false },
    age: { votes: 4, confidence: 0.7, unsure: true },
  },
  total: 5,
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
    expect(f).toMatchObject({ mask: 'wear', gender: 'female', age: '<30', heads: { age: { unsure: true } } });
  });
});

describe('splitDuplicates', () => {
  const file = (name: string, size = 10) => ({ name, size });

  it('names the files already in the list and those given twice, and keeps the rest in order', () => {
    const known = [fileKey(file('a.jpg'))];
    const { fresh, duplicates } = splitDuplicates(
      [file('a.jpg'), file('b.jpg'), file('b.jpg'), file('a.jpg', 11), file('c.jpg', 10)],
      known,
    );
    expect(fresh.map((f) => [f.name, f.size])).toEqual([
      ['b.jpg', 10],
      ['a.jpg', 11],
      ['c.jpg', 10],
    ]);
    expect(duplicates).toEqual(['a.jpg', 'b.jpg']);
  });
});
