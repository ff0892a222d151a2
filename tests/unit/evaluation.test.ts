import { describe, expect, it } from 'vitest';
import {
  AGED_10_PLUS,
  aged10PlusRows,
  ageBandRows,
  groupRows,
  scoreModels,
  summarize,
  type EvalRow,
} from '../../src/core/evaluation';
import { ageBandTable, checkTargets } from '../../src/node/reportTables';

const row = (over: Partial<EvalRow>): EvalRow => ({
  source: 'utkface',
  synthetic: false,
  truth: { mask: 2, gender: 0, age: 0 },
  predictions: { vote: { mask: 2, gender: 0, age: 0 } },
  ...over,
});

describe('scoreModels', () => {
  it('scores each head and the 18 classes only where truth and prediction both exist', () => {
    const rows = [
      row({}),
      row({ predictions: { vote: { mask: 2, gender: 1, age: 0 } } }),
      // A baseline that only predicts gender: no mask or 18-class score for it.
      row({ predictions: { vote: { mask: 0, gender: 0, age: 0 }, faceres: { gender: 0 } } }),
      // A face with only a mask label counts for the mask head alone.
      row({ truth: { mask: 0 }, predictions: { vote: { mask: 0, gender: 1, age: 2 } } }),
    ];
    const s = scoreModels(rows);
    expect(s.vote.mask?.n).toBe(4);
    expect(s.vote.mask?.accuracy).toBeCloseTo(3 / 4);
    expect(s.vote.gender?.n).toBe(3);
    expect(s.vote.gender?.accuracy).toBeCloseTo(2 / 3);
    expect(s.vote.class18?.n).toBe(3);
    expect(s.vote.class18?.accuracy).toBeCloseTo(1 / 3);
    expect(s.faceres.gender?.n).toBe(1);
    expect(s.faceres.mask).toBeUndefined();
    expect(s.faceres.class18).toBeUndefined();
  });
});

describe('groupRows and ageBandRows', () => {
  it('groups by real/synthetic and source', () => {
    const rows = [row({ synthetic: true }), row({ source: 'kaggle_facemask', truth: { mask: 1 } })];
    const g = groupRows(rows);
    expect(g.all).toHaveLength(2);
    expect(g.real).toHaveLength(1);
    expect(g['source:utkface']).toHaveLength(1);
    expect(g['source:kaggle_facemask']).toHaveLength(1);
  });

  it('puts each row with a known age into exactly one band, children apart', () => {
    const ages = [0, 9, 10, 29, 30, 59, 60, 116];
    const g = ageBandRows([...ages.map((a) => row({ ageYears: a })), row({})]);
    // Youngest band first, whatever order the rows come in; empty bands left out.
    expect(Object.keys(ageBandRows([row({ ageYears: 70 }), row({ ageYears: 3 })]))).toEqual(['age:0-9', 'age:60+']);
    expect(Object.fromEntries(Object.entries(g).map(([k, v]) => [k, v.map((r) => r.ageYears)]))).toEqual({
      'age:0-9': [0, 9],
      'age:10-29': [10, 29],
      'age:30-59': [30, 59],
      'age:60+': [60, 116],
    });
  });
});

describe('aged10PlusRows', () => {
  it('keeps the rows aged 10 and over whose age is known, or gives no group at all', () => {
    const g = aged10PlusRows([row({ ageYears: 9 }), row({ ageYears: 10 }), row({ ageYears: 64 }), row({})]);
    expect(Object.keys(g)).toEqual([AGED_10_PLUS]);
    expect(g[AGED_10_PLUS].map((r) => r.ageYears)).toEqual([10, 64]);
    expect(aged10PlusRows([row({ ageYears: 3 }), row({})])).toEqual({});
  });
});

describe('ageBandTable', () => {
  it('shows the vote and faceres gender accuracy per band', () => {
    const kids = [row({ ageYears: 4 }), row({ ageYears: 5, predictions: { vote: { mask: 2, gender: 1, age: 0 } } })];
    const summary = Object.fromEntries(
      Object.entries({ all: kids, ...ageBandRows(kids) }).map(([g, r]) => [g, summarize(scoreModels(r))]),
    );
    const table = ageBandTable(summary);
    expect(table).toContain('| 0-9 | 2 | 0.500 | – |');
    expect(ageBandTable({ all: summary.all })).toMatch(/no validation face/i);
  });
});

describe('checkTargets', () => {
  it('marks a target met only when measured and reached', () => {
    const perfect = [
      row({}),
      row({ truth: { mask: 0, gender: 1, age: 2 }, predictions: { vote: { mask: 0, gender: 1, age: 2 } } }),
    ];
    const s = { all: summarize(scoreModels(perfect)), real: summarize(scoreModels(perfect)) };
    const checks = checkTargets(s);
    expect(checks.find((c) => c.name.startsWith('gender accuracy'))?.met).toBe(true);
    const wrong = [row({ predictions: { vote: { mask: 2, gender: 1, age: 0 } } })];
    const w = checkTargets({ all: summarize(scoreModels(wrong)) });
    expect(w.find((c) => c.name.startsWith('gender accuracy'))?.met).toBe(false);
    expect(w.find((c) => c.name.startsWith('mask macro F1 on real'))?.measured).toBe(false);
    // Gender on faces aged 10 and over is measured only where such faces were scored.
    const aged = (c: { name: string }) => c.name.startsWith('gender accuracy on faces aged 10');
    expect(checks.find(aged)?.measured).toBe(false);
    const adults = [row({ ageYears: 40, truth: { gender: 0 }, predictions: { vote: { gender: 0 } } })];
    const a = checkTargets({
      all: summarize(scoreModels(adults)),
      ...{ [AGED_10_PLUS]: summarize(scoreModels(adults)) },
    });
    expect(a.find(aged)).toMatchObject({ measured: true, met: true, value: 1 });
  });
});
