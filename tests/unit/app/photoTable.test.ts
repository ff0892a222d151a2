import { describe, expect, it } from 'vitest';
import { photoCsv } from '../../../src/app/download';
import { CSV_HEADER, photoCsvRows } from '../../../src/app/photoTable';
import type { PhotoItem } from '../../../src/app/store/photos';

const photo = (patch: Partial<PhotoItem>): PhotoItem => ({
  id: 1,
  name: 'a.jpg',
  status: 'done',
  error: null,
  errorParams: {},
  width: 100,
  height: 100,
  url: null,
  faces: [],
  tooSmall: 0,
  ...patch,
});

const face = {
  id: 0,
  box: { x: 10.4, y: 20.6, w: 30, h: 40 },
  mask: 'wear' as const,
  gender: 'female' as const,
  age: '30-59' as const,
  agreement: 4,
  total: 5,
  confidence: 0.8123,
};

describe('photo results as rows', () => {
  it('writes one row per face, one per failed or empty photo, none for pending ones', () => {
    const rows = photoCsvRows([
      photo({ name: 'two.jpg', faces: [face, { ...face, id: 1, mask: 'not_wear' }] }),
      photo({ name: 'none.jpg' }),
      photo({ name: 'far.jpg', tooSmall: 3 }),
      photo({ name: 'notes.txt', status: 'error', error: 'not_image' }),
      photo({ name: 'later.jpg', status: 'pending' }),
    ]);
    expect(rows[0]).toEqual([...CSV_HEADER]);
    expect(rows.slice(1)).toEqual([
      ['two.jpg', 1, 10, 21, 30, 40, 'wear', 'female', '30-59', 4, 5, '0.81', ''],
      ['two.jpg', 2, 10, 21, 30, 40, 'not_wear', 'female', '30-59', 4, 5, '0.81', ''],
      ['none.jpg', '', '', '', '', '', '', '', '', '', '', '', 'no_face'],
      ['far.jpg', '', '', '', '', '', '', '', '', '', '', '', 'faces_too_small'],
      ['notes.txt', '', '', '', '', '', '', '', '', '', '', '', 'not_image'],
    ]);
  });

  it('quotes names with commas and quotes', () => {
    const csv = photoCsv([photo({ name: 'a, "b".jpg', faces: [face] })]);
    expect(csv.split('\r\n')[1]).toBe('"a, ""b"".jpg",1,10,21,30,40,wear,female,30-59,4,5,0.81,');
  });
});
