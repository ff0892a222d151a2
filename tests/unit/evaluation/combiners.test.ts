import { describe, expect, it } from 'vitest';
import { softVote } from '../../../src/core/softVote';
import { crossFitted, fitLogistic, logisticProbs, stackFold, stackedPredictions } from '../../../src/core/stacking';
import { argmax, hardVote } from '../../../src/core/vote';
import { scoredFace } from '../../helpers/scoredFace';

describe('softVote', () => {
  it('takes the highest mean probability, which can differ from the hard vote', () => {
    // Two members lean to "wear", one is certain of "not_wear": hard says wear, soft says not_wear.
    const members = [
      { mask: [0.5, 0.1, 0.4], gender: [0.7, 0.3], age: [1, 0, 0] },
      { mask: [0.5, 0.1, 0.4], gender: [0.7, 0.3], age: [1, 0, 0] },
      { mask: [0, 0, 1], gender: [0.3, 0.7], age: [0, 1, 0] },
    ];
    const soft = softVote(members);
    expect(hardVote(members).heads.mask.label).toBe(0);
    expect(soft.mask.label).toBe(2);
    expect(soft.mask.confidence).toBeCloseTo(0.6);
    expect(soft.mask.mean).toEqual([1 / 3, 0.2 / 3, 1.8 / 3].map((v) => expect.closeTo(v)));
    expect(soft.gender.label).toBe(0);
    expect(() => softVote([])).toThrow(/no members/);
  });
});

describe('stacked head', () => {
  it('fits a logistic regression that separates separable classes, rare class included', () => {
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 60; i++) {
      const c = i < 5 ? 1 : i % 2 === 0 ? 0 : 2; // class 1 rare
      x.push([c === 0 ? 1 : 0, c === 1 ? 1 : 0, c === 2 ? 1 : 0]);
      y.push(c);
    }
    const m = fitLogistic(x, y, 3);
    expect(x.map((xi) => argmax(logisticProbs(m, xi)))).toEqual(y);
    const p = logisticProbs(m, [0, 1, 0]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });

  it('answers each fold only from a fit on the other fold', () => {
    // Fold 0 says feature high = class 1, fold 1 says the opposite: each fold's answers follow the other's rule.
    const items = [0, 1].flatMap((fold) =>
      Array.from({ length: 20 }, (_, i) => {
        const high = i % 2 === 0;
        return { fold, features: [high ? 1 : 0], label: (high ? 1 : 0) ^ fold };
      }),
    );
    const out = crossFitted(items, 2);
    items.forEach((it, i) => expect(out[i]).toBe(1 - it.label));
    // A fold whose partner holds one class only gets no answer.
    expect(
      crossFitted(
        [
          { fold: 0, features: [1], label: 0 },
          { fold: 1, features: [1], label: 1 },
        ],
        2,
      ),
    ).toEqual([undefined, undefined]);
  });

  it('stacks the members of scored faces per head, with folds by subject', () => {
    expect(stackFold('a')).toBe(stackFold('a'));
    const rows = Array.from({ length: 40 }, (_, i) =>
      scoredFace({ truth: { mask: i % 3 }, vote: { mask: i % 3, gender: 0, age: 0 }, subject: `s${i}` }, i),
    );
    expect(new Set(rows.map((r) => stackFold(r.subject))).size).toBe(2);
    const stacked = stackedPredictions(rows);
    // The member is always right on mask, so the stack learns to follow it; gender and age carry no truth.
    expect(stacked.map((s) => s.mask)).toEqual(rows.map((r) => r.truth.mask));
    expect(stacked.every((s) => s.gender === undefined && s.age === undefined)).toBe(true);
    expect(stackedPredictions([])).toEqual([]);
  });
});
