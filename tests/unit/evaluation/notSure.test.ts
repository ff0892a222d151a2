import { describe, expect, it } from 'vitest';
import { coverageByConfidence, coverageByVotes, coverageOfRule, type AnsweredFace } from '../../../src/core/coverage';
import { coverageCurves, unsureSummary } from '../../../src/core/notSure';
import { coverageSeries, notSureTable, votePoints } from '../../../src/evaluation/notSureReport';
import { scoredFace } from '../../helpers/scoredFace';

// Four faces, most sure first: the two least sure are wrong.
const faces: AnsweredFace[] = [
  { correct: true, confidence: 0.95, votes: 5 },
  { correct: true, confidence: 0.8, votes: 5 },
  { correct: false, confidence: 0.6, votes: 3 },
  { correct: false, confidence: 0.4, votes: 2 },
];

describe('coverage curves', () => {
  it('answers the faces at least as sure as each confidence threshold', () => {
    const c = coverageByConfidence(faces, 10);
    expect(c).toHaveLength(11);
    const at = (t: number) => c.find((p) => Math.abs(p.threshold - t) < 1e-9)!;
    expect(at(0)).toEqual({ threshold: 0, answered: 4, coverage: 1, accuracy: 0.5 });
    expect(at(0.4)).toMatchObject({ answered: 4, accuracy: 0.5 }); // a face at exactly 0.4 is kept
    expect(at(0.5)).toMatchObject({ answered: 3, coverage: 0.75, accuracy: 2 / 3 });
    expect(at(0.7)).toMatchObject({ answered: 2, coverage: 0.5, accuracy: 1 });
    expect(at(1)).toMatchObject({ answered: 0, coverage: 0, accuracy: undefined });
  });

  it('answers the faces with at least k votes, k = 1..members', () => {
    expect(coverageByVotes(faces, 5).map((p) => [p.threshold, p.answered, p.accuracy])).toEqual([
      [1, 4, 0.5],
      [2, 4, 0.5],
      [3, 3, 2 / 3],
      [4, 2, 1],
      [5, 2, 1],
    ]);
  });

  it("places the shipped rule's point from its unsure flags", () => {
    expect(coverageOfRule(faces, [false, false, false, true])).toEqual({
      answered: 3,
      coverage: 0.75,
      accuracy: 2 / 3,
    });
    expect(() => coverageOfRule(faces, [false])).toThrow(/4 faces/);
  });

  it('merges vote thresholds that answer the same faces into one labelled dot', () => {
    const labels = votePoints(coverageByVotes(faces, 5), 5).map((p) => p.label);
    expect(labels).toEqual(['1-2/5', '3/5', '4-5/5']);
  });
});

describe('unsure summary per head', () => {
  const rows = [
    scoredFace({ truth: { mask: 0 }, vote: { mask: 0 }, confidence: { mask: 0.95 } }, 0),
    scoredFace({ truth: { mask: 1 }, vote: { mask: 1 }, confidence: { mask: 0.9 } }, 1),
    scoredFace(
      { truth: { mask: 1 }, vote: { mask: 0 }, confidence: { mask: 0.5 }, votes: { mask: 3 }, unsure: { mask: true } },
      2,
    ),
    scoredFace({ truth: { mask: 2, gender: 0 }, vote: { mask: 2, gender: 1 }, unsure: { gender: true } }, 3),
  ];

  it('counts unsure faces and scores the vote on all of them and on the sure rest', () => {
    const m = unsureSummary(rows, 'mask');
    expect(m).toMatchObject({ faces: 4, unsure: 1, all: { accuracy: 0.75 }, sure: { accuracy: 1, macroF1: 1 } });
    const g = unsureSummary(rows, 'gender');
    expect(g).toMatchObject({ faces: 1, unsure: 1, all: { accuracy: 0 } });
    expect(g.sure).toBeUndefined();
    const table = notSureTable({ all: { mask: m, gender: g }, real: {} });
    expect(table).toContain('| mask (all) | 4 | 25.0% (1) | 0.750 | 1.000 |');
    expect(table).toContain('| gender (all) | 1 | 100.0% (1) | 0.000 | – |');
  });

  it("sweeps the vote's confidence and votes, with the rule's point, into the chart's series", () => {
    const c = coverageCurves(rows, 'mask');
    expect(c.rule).toEqual({ answered: 3, coverage: 0.75, accuracy: 1 });
    expect(c.byVotes).toHaveLength(5);
    expect(c.byVotes[3]).toMatchObject({ threshold: 4, answered: 3, accuracy: 1 });
    const series = coverageSeries(c, undefined);
    expect(series.map((s) => s.style)).toEqual(['line', 'points', 'marker']);
    expect(series[2].points).toEqual([{ x: 0.75, y: 1, label: '75.0%' }]);
    // Thresholds that answer nobody have no accuracy and draw nothing.
    expect(series[0].points.every((p) => Number.isFinite(p.y))).toBe(true);
  });
});
