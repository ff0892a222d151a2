import { describe, expect, it } from 'vitest';
import {
  isUnsure,
  NEVER_UNSURE,
  pickThreshold,
  unsureHeads,
  unsureRuleProblem,
  type UnsureRule,
} from '../../src/core/unsure';
import { hardVote, type HeadProbs } from '../../src/core/vote';

const rule: UnsureRule = {
  mask: { minVotes: 4, minConfidence: 0.6 },
  gender: { minVotes: 3, minConfidence: 0.5 },
  age: { minVotes: 3, minConfidence: 0.4 },
};

describe('unsure rule', () => {
  it('is unsure below either threshold, sure at or above both', () => {
    expect(isUnsure({ votes: 3, confidence: 0.9 }, rule.mask)).toBe(true);
    expect(isUnsure({ votes: 5, confidence: 0.59 }, rule.mask)).toBe(true);
    expect(isUnsure({ votes: 4, confidence: 0.6 }, rule.mask)).toBe(false);
  });

  it('never unsure without a rule', () => {
    expect(
      unsureHeads({
        mask: { votes: 1, confidence: 0 },
        gender: { votes: 1, confidence: 0 },
        age: { votes: 1, confidence: 0 },
      }),
    ).toEqual({
      mask: false,
      gender: false,
      age: false,
    });
    expect(unsureRuleProblem(NEVER_UNSURE)).toBeUndefined();
  });

  it('hardVote marks split heads unsure and keeps agreed ones sure', () => {
    const agree: HeadProbs = { mask: [0.9, 0.05, 0.05], gender: [0.8, 0.2], age: [0.7, 0.2, 0.1] };
    const other: HeadProbs = { mask: [0.1, 0.8, 0.1], gender: [0.8, 0.2], age: [0.7, 0.2, 0.1] };
    const r = hardVote([agree, agree, agree, other, other], rule);
    expect(r.heads.mask.votes).toBe(3);
    expect(r.unsure).toEqual({ mask: true, gender: false, age: false });
  });

  it('rejects a malformed rule with a reason', () => {
    expect(unsureRuleProblem({ mask: { minVotes: 1 } })).toMatch(/mask/);
    expect(unsureRuleProblem({ ...rule, age: { minVotes: 1, minConfidence: 2 } })).toMatch(/0\.\.1/);
    expect(unsureRuleProblem(null)).toMatch(/object/);
  });
});

describe('pickThreshold', () => {
  it('drops the least sure answers first, within the unsure budget', () => {
    // 10 answers: the two wrong ones have low confidence or few votes.
    const answers = [
      ...Array.from({ length: 8 }, (_, i) => ({ votes: 5, confidence: 0.8 + i * 0.01, correct: true })),
      { votes: 5, confidence: 0.4, correct: false },
      { votes: 2, confidence: 0.9, correct: false },
    ];
    const t = pickThreshold(answers, 5, 0.2);
    expect(t.accuracy).toBe(1);
    expect(t.coverage).toBeCloseTo(0.8, 10);
    expect(t.minVotes).toBeGreaterThanOrEqual(3);
    expect(t.minConfidence).toBeGreaterThan(0.4);
    expect(t.minConfidence).toBeLessThanOrEqual(0.8);
  });

  it('never leaves more than the budget unsure, and stays at zero when nothing helps', () => {
    const answers = Array.from({ length: 10 }, (_, i) => ({
      votes: 5,
      confidence: 0.5 + i * 0.05,
      correct: i % 2 === 0,
    }));
    const t = pickThreshold(answers, 5, 0.1);
    expect(t.coverage).toBeGreaterThanOrEqual(0.9);
    const none = pickThreshold(
      Array.from({ length: 5 }, () => ({ votes: 5, confidence: 0.9, correct: true })),
      5,
      0.5,
    );
    expect(none).toMatchObject({ minVotes: 0, minConfidence: 0, coverage: 1, accuracy: 1 });
  });
});
