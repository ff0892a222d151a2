import { describe, expect, it } from 'vitest';
import { photoCsv } from '../../../src/app/download';
import type { FaceView } from '../../../src/app/labels';
import { CSV_HEADER, photoCsvRows } from '../../../src/app/photoTable';
import type { PhotoItem } from '../../../src/app/store/photos';

const photo = (patch: Partial<PhotoItem>): PhotoItem => ({
  id: 1,
  name: 'a.jpg',
  key: 'a.jpg',
  status: 'done',
  error: null,
  width: 100,
  height: 100,
  url: null,
  faces: [],
  tooSmall: 0,
  ...patch,
});

const face: FaceView = {
  id: 0,
  box: { x: 10.4, y: 20.6, w: 30, h: 40 },
  mask: 'wear',
  gender: 'female',
  age: '30-59',
  heads: {
    mask: { votes: 5, confidence: 0.9712, unsure: false },
    gender: { votes: 4, confidence: 0.8123, unsure: false },
    age: { votes: 3, confidence: 0.554, unsure: false },
  },
  total: 5,
};

const unsure: FaceView = {
  ...face,
  id: 1,
  mask: 'not_wear',
  heads: {
    ...face.heads,
    mask: { votes: 1, confidence: 0.27, unsure: true },
    age: { ...face.heads.age, unsure: true },
  },
};

describe('photo results as rows', () => {
  it('writes one row per face, one per failed or empty photo, none for pending ones', () => {
    const rows = photoCsvRows([
      photo({ name: 'two.jpg', faces: [face, unsure] }),
      photo({ name: 'none.jpg' }),
      photo({ name: 'far.jpg', tooSmall: 3 }),
      photo({ name: 'notes.txt', status: 'error', error: { code: 'photo-not-image', params: { file: 'notes.txt' } } }),
      photo({ name: 'later.jpg', status: 'pending' }),
    ]);
    const empty = new Array(18).fill('');
    expect(rows[0]).toEqual([...CSV_HEADER]);
    expect(rows.slice(1)).toEqual([
      [
        'two.jpg',
        1,
        10,
        21,
        30,
        40,
        'wear',
        'female',
        '30-59',
        5,
        5,
        4,
        3,
        '0.97',
        '0.81',
        '0.55',
        'wear',
        'female',
        '30-59',
        '',
      ],
      // Unsure heads say so; the best guess stays in the *_guess columns.
      [
        'two.jpg',
        2,
        10,
        21,
        30,
        40,
        'unsure',
        'female',
        'unsure',
        5,
        1,
        4,
        3,
        '0.27',
        '0.81',
        '0.55',
        'not_wear',
        'female',
        '30-59',
        '',
      ],
      ['none.jpg', ...empty, 'no_face'],
      ['far.jpg', ...empty, 'faces_too_small'],
      ['notes.txt', ...empty, 'not_image'],
    ]);
    expect(rows.every((r) => r.length === CSV_HEADER.length)).toBe(true);
  });

  it('quotes names with commas and quotes', () => {
    const csv = photoCsv([photo({ name: 'a, "b".jpg', faces: [face] })]);
    expect(csv.split('\r\n')[1]).toBe(
      '"a, ""b"".jpg",1,10,21,30,40,wear,female,30-59,5,5,4,3,0.97,0.81,0.55,wear,female,30-59,',
    );
  });
});
