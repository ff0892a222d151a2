import { describe, expect, it } from 'vitest';
import { argmax, hardVote, memberClass, voteHead, type HeadProbs } from '../../src/core/vote';

describe('argmax', () => {
  it('returns the first index of the largest value', () => {
    expect(argmax([0.1, 0.7, 0.2])).toBe(1);
    expect(argmax([0.4, 0.4, 0.2])).toBe(0);
    expect(argmax(new Float32Array([0, 0, 3]))).toBe(2);
  });
});

describe('voteHead', () => {
  it('majority wins, confidence is the mean probability of the winner', () => {
    const v = voteHead(
      [
        [0.6, 0.3, 0.1],
        [0.5, 0.4, 0.1],
        [0.1, 0.2, 0.7],
      ],
      3,
    );
    expect(v).toEqual({ label: 0, votes: 2, total: 3, confidence: expect.closeTo(1.2 / 3, 12) });
  });

  it('more votes beat a higher summed probability', () => {
    const v = voteHead(
      [
        [0.51, 0.49],
        [0.51, 0.49],
        [0, 1],
      ],
      2,
    );
    expect(v.label).toBe(0);
    expect(v.votes).toBe(2);
  });

  it('a tie in votes goes to the higher summed probability', () => {
    const probs = [
      [0.6, 0.4, 0],
      [0.1, 0.9, 0],
    ];
    expect(voteHead(probs, 3)).toMatchObject({ label: 1, votes: 1, total: 2 });
    expect(voteHead([...probs].reverse(), 3).label).toBe(1);
  });

  it('a tie in votes and sums goes to the lower index, whatever the member order', () => {
    const probs = [
      [0, 0.4, 0.6],
      [0, 0.6, 0.4],
    ];
    expect(voteHead(probs, 3).label).toBe(1);
    expect(voteHead([...probs].reverse(), 3).label).toBe(1);
  });

  it('rejects no members and wrong sizes', () => {
    expect(() => voteHead([], 3)).toThrow(/no members/);
    expect(() => voteHead([[0.5, 0.5]], 3)).toThrow(/expected 3 probabilities, got 2/);
  });
});

describe('hardVote', () => {
  const member = (mask: number[], gender: number[], age: number[]): HeadProbs => ({ mask, gender, age });

  it('votes each head apart and counts whole-class agreement', () => {
    const members = [
      member([0.8, 0.1, 0.1], [0.9, 0.1], [0.7, 0.2, 0.1]), // class 0
      member([0.6, 0.3, 0.1], [0.2, 0.8], [0.6, 0.3, 0.1]), // class 3
      member([0.1, 0.1, 0.8], [0.7, 0.3], [0.1, 0.8, 0.1]), // class 13
    ];
    expect(members.map(memberClass)).toEqual([0, 3, 13]);
    const r = hardVote(members);
    // mask: 0 (2 votes), gender: male (2 votes), age: <30 (2 votes) -> class 0
    expect(r.classId).toBe(0);
    expect(r.heads.mask).toMatchObject({ label: 0, votes: 2, total: 3 });
    expect(r.heads.gender).toMatchObject({ label: 0, votes: 2 });
    expect(r.heads.age).toMatchObject({ label: 0, votes: 2 });
    expect(r.agreement).toBe(1);
    expect(r.total).toBe(3);
    const conf = (1.5 / 3) * (1.8 / 3) * (1.4 / 3);
    expect(r.confidence).toBeCloseTo(conf, 12);
  });

  it('the voted class can be one no single member chose', () => {
    const members = [
      member([0, 0, 1], [1, 0], [0, 1, 0]), // 13
      member([0, 0, 1], [0, 1], [0, 0, 1]), // 17
      member([0, 1, 0], [1, 0], [0, 0, 1]), // 8
    ];
    const r = hardVote(members);
    expect(r.classId).toBe(6 * 2 + 3 * 0 + 2); // not_wear/male/>=60 = 14
    expect(r.agreement).toBe(0);
  });

  it('throws with no members', () => {
    expect(() => hardVote([])).toThrow(/no members/);
  });
});
