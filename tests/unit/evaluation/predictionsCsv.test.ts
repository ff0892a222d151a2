import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { predictionColumns, predictionsCsv } from '../../../src/core/predictionsCsv';
import { scoredFace } from '../../helpers/scoredFace';

describe('predictions.csv', () => {
  const rows = [
    scoredFace(
      {
        truth: { mask: 1, gender: 1, age: 2 },
        vote: { mask: 1, gender: 0, age: 2 },
        others: { faceres: { gender: 1, age: 1 } },
        unsure: { gender: true },
        confidence: { gender: 0.55 },
      },
      0,
    ),
    {
      ...scoredFace({ truth: { mask: 2 }, vote: { mask: 0, gender: 1, age: 0 } }, 1),
      file: 'a, "quoted".jpg',
      ageYears: 33,
    },
  ];

  it('has file, box, truth, every model per head, confidence and unsure per head', () => {
    const cols = predictionColumns(['member-a', 'vote']);
    expect(cols.slice(0, 11)).toEqual([
      'file',
      'source',
      'size',
      'x',
      'y',
      'w',
      'h',
      'truth_age_years',
      'truth_mask',
      'truth_gender',
      'truth_age',
    ]);
    expect(cols).toContain('member-a_mask');
    expect(cols.slice(-9)).toEqual([
      'mask_votes',
      'gender_votes',
      'age_votes',
      'mask_confidence',
      'gender_confidence',
      'age_confidence',
      'mask_unsure',
      'gender_unsure',
      'age_unsure',
    ]);
  });

  it('writes one row per face, labels as words, that papaparse reads back', () => {
    const text = predictionsCsv(rows);
    const parsed = Papa.parse<Record<string, string>>(text, { header: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual(predictionColumns(['member-a', 'vote', 'faceres']));
    const [a, b] = parsed.data;
    expect(parsed.data).toHaveLength(2);
    expect(a).toMatchObject({
      file: 'photos/0.jpg',
      x: '10',
      w: '64.3',
      truth_mask: 'incorrect',
      truth_gender: 'female',
      truth_age: '>=60',
      vote_gender: 'male',
      faceres_mask: '',
      faceres_gender: 'female',
      faceres_age: '30-59',
      gender_confidence: '0.55',
      gender_unsure: 'true',
      mask_unsure: 'false',
      agreement: '5/5',
    });
    expect(b).toMatchObject({ file: 'a, "quoted".jpg', truth_age_years: '33', truth_gender: '', vote_mask: 'wear' });
  });
});
