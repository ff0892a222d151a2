import { describe, expect, it } from 'vitest';
import { scoreModels, summarize, type EvalRow } from '../../../src/core/evaluation';
import { maskRates } from '../../../src/core/maskRates';
import { classRates, confusionShare, scores } from '../../../src/core/metrics';
import { maskStateTable, maskTargets, maskTargetsTable, wronglyWornTable } from '../../../src/evaluation/maskTables';

// Truth (rows) wear, incorrect, not_wear; answers (columns) in the same order.
const M = [
  [50, 3, 2], // 55 worn right: 2 told "no mask"
  [6, 12, 2], // 20 worn wrongly: 12 caught
  [4, 1, 45], // 50 bare: 5 called masked
];

describe('classRates and confusionShare', () => {
  it('reads recall from rows and precision from columns', () => {
    const r = classRates(M);
    expect(r[1]).toEqual({ support: 20, predicted: 16, recall: 12 / 20, precision: 12 / 16 });
    expect(r[0].recall).toBeCloseTo(50 / 55);
    expect(r[0].precision).toBeCloseTo(50 / 60);
    expect(r[2].precision).toBeCloseTo(45 / 49);
  });

  it('leaves recall and precision undefined for a class never seen or never answered', () => {
    const r = classRates([
      [3, 0],
      [0, 0],
    ]);
    expect(r[1].recall).toBeUndefined();
    expect(r[1].precision).toBeUndefined();
    expect(confusionShare([[0]], [0], [0]).rate).toBeUndefined();
  });

  it('counts truth rows against answer columns', () => {
    expect(confusionShare(M, [2], [0, 1])).toEqual({ count: 5, total: 50, rate: 0.1 });
    expect(confusionShare(M, [0, 1], [2])).toEqual({ count: 4, total: 75, rate: 4 / 75 });
  });
});

describe('maskRates', () => {
  it('gives the two door errors and the rates per state from labels run through scores()', () => {
    const truth: number[] = [];
    const pred: number[] = [];
    M.forEach((row, t) => row.forEach((n, p) => Array.from({ length: n }, () => (truth.push(t), pred.push(p)))));
    const s = scores(truth, pred, 3);
    expect(s.confusion).toEqual(M);
    const r = maskRates(s.confusion);
    expect(r.bareCalledMasked).toEqual({ count: 5, total: 50, rate: 0.1 });
    expect(r.maskedCalledBare.count).toBe(4);
    expect(r.perState.incorrect.recall).toBeCloseTo(0.6);
    expect(r.perState.incorrect.precision).toBeCloseTo(0.75);
    expect(() => maskRates([[1]])).toThrow(/3x3/);
  });
});

describe('summarize with confusion', () => {
  const rows: EvalRow[] = [
    {
      source: 's',
      synthetic: false,
      truth: { mask: 0, gender: 1, age: 0 },
      predictions: { vote: { mask: 2, gender: 1, age: 0 } },
    },
    {
      source: 's',
      synthetic: false,
      truth: { mask: 1, gender: 0, age: 2 },
      predictions: { vote: { mask: 1, gender: 1, age: 2 } },
    },
  ];

  it('writes per-class counts (rows truth) with their labels for each head, not for the 18 classes', () => {
    const s = summarize(scoreModels(rows), { confusion: true });
    expect(s.vote.mask?.confusion).toEqual({
      labels: ['wear', 'incorrect', 'not_wear'],
      counts: [
        [0, 0, 1],
        [0, 1, 0],
        [0, 0, 0],
      ],
    });
    expect(s.vote.gender?.confusion?.counts).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect(s.vote.class18?.confusion).toBeUndefined();
    expect(summarize(scoreModels(rows)).vote.mask?.confusion).toBeUndefined();
  });
});

describe('mask tables', () => {
  const s = scores([0, 1, 1, 2, 2], [0, 1, 2, 2, 0], 3);

  it('lists recall and precision per state and the door errors per model, votes first', () => {
    const table = maskStateTable({ 'member-a': s, vote: s });
    const lines = table.split('\n');
    expect(lines[0]).toContain('incorrect recall');
    expect(lines[2]).toMatch(
      /^\| vote \| 5 \| 1\.000 \| 0\.500 \| 0\.500 \| 1\.000 \| 0\.500 \| 0\.500 \| 50\.0% \(1\/2\) \| 33\.3% \(1\/3\) \|$/,
    );
    expect(lines[3]).toMatch(/^\| member-a /);
    // The vote's sure answers repeat the vote when nothing is unsure.
    expect(maskStateTable({ vote: s, 'vote, sure answers': s })).not.toContain('sure answers');
    expect(wronglyWornTable({ vote: s })).toContain('| vote | 2 | 1 | 0.500 | 1.000 |');
  });

  it('checks the mask targets of both steps and says by how much one is missed', () => {
    const t = maskTargets({ real: s, wronglyWornSets: s, unsureShare: { count: 1, total: 10, rate: 0.1 } });
    const table = maskTargetsTable(t);
    expect(table).toContain(
      '| mask worn wrongly: recall (ilc2021 + kaggle_facemask) | 0.500 | >= 0.70: **no**, by 0.200 |',
    );
    expect(table).toContain(
      '| mask worn wrongly: precision (ilc2021 + kaggle_facemask) | 1.000 | >= 0.70: yes | >= 0.80: yes |',
    );
    expect(table).toContain('| bare faces called masked | 50.0% | <= 5%: **no**, by 45.0 points |');
    expect(table).toContain('| faces "not sure" (mask) | 10.0% | – | <= 15%: yes |');
    expect(maskTargetsTable(maskTargets({}))).toContain('not measured');
  });
});
