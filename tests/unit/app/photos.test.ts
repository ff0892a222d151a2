import { describe, expect, it } from 'vitest';
import type { FaceView } from '../../../src/app/labels';
import { errorText } from '../../../src/app/i18n';
import { csvErrorCode } from '../../../src/app/photoTable';
import { fileKey, photoError, scaleFaces, splitDuplicates } from '../../../src/app/photos';

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

describe('photoError', () => {
  const file = (name: string, size = 100) => ({ name, size });

  it.each([
    ['empty', 'photo-empty'],
    ['not_image', 'photo-not-image'],
    ['corrupt', 'photo-damaged'],
  ] as const)('%s names the file as %s, and the CSV keeps the old code', (verdict, code) => {
    const e = photoError(verdict, file('x.jpg'));
    expect(e).toEqual({ code, params: { file: 'x.jpg' } });
    expect(csvErrorCode(e)).toBe(verdict);
  });

  it('gives sizes in MB and megapixels with the limits', () => {
    expect(photoError('too_large', file('big.jpg', 60 * 1024 * 1024))).toEqual({
      code: 'photo-too-large',
      params: { file: 'big.jpg', size: 60, limit: 50 },
    });
    const pixels = photoError('too_many_pixels', file('huge.png'), 8000 * 6000);
    expect(pixels).toEqual({ code: 'photo-too-many-pixels', params: { file: 'huge.png', megapixels: 48, limit: 40 } });
    expect(errorText('en', pixels)).toBe('The image huge.png is too large (48 megapixels; the limit is 40).');
    expect(errorText('ko', pixels)).toBe('huge.png 이미지가 너무 큽니다(48 메가픽셀, 최대 40).');
  });

  it("a failed check is 'analysis' in the CSV", () => {
    expect(
      csvErrorCode({
        code: 'photo-check-failed',
        params: { file: 'a.jpg', cause: { code: 'engine-not-ready', params: {} } },
      }),
    ).toBe('analysis');
  });
});
