/** Hand-built scored faces for the eval's pure parts (no model run). */
import type { Head } from '../../src/core/classes';
import type { HeadLabels } from '../../src/core/evaluation';
import type { ScoredFace } from '../../src/core/scoredFace';

export interface FaceSpec {
  truth: HeadLabels;
  vote: HeadLabels;
  /** Mean member probability of the vote's answer, per head (default 0.9). */
  confidence?: Partial<Record<Head, number>>;
  votes?: Partial<Record<Head, number>>;
  unsure?: Partial<Record<Head, boolean>>;
  source?: string;
  synthetic?: boolean;
  subject?: string;
  others?: Record<string, HeadLabels>;
}

const HEAD_NAMES: Head[] = ['mask', 'gender', 'age'];
const ONE_HOT: Record<Head, number> = { mask: 3, gender: 2, age: 3 };

export function scoredFace(s: FaceSpec, i = 0): ScoredFace {
  const heads = Object.fromEntries(
    HEAD_NAMES.map((h) => [
      h,
      { label: s.vote[h] ?? 0, votes: s.votes?.[h] ?? 5, total: 5, confidence: s.confidence?.[h] ?? 0.9 },
    ]),
  ) as ScoredFace['vote']['heads'];
  const probs = Object.fromEntries(
    HEAD_NAMES.map((h) => [h, Array.from({ length: ONE_HOT[h] }, (_, k) => (k === (s.vote[h] ?? 0) ? 1 : 0))]),
  ) as Record<Head, number[]>;
  return {
    file: `photos/${i}.jpg`,
    subject: s.subject ?? `subject-${i}`,
    box: { x: 10 + i, y: 20, w: 64.25, h: 64.25 },
    size: '48-96',
    source: s.source ?? 'ilc2021',
    synthetic: s.synthetic ?? false,
    truth: s.truth,
    predictions: { 'member-a': s.vote, vote: s.vote, ...s.others },
    vote: {
      heads,
      unsure: { mask: false, gender: false, age: false, ...s.unsure },
      confidence: heads.mask.confidence * heads.gender.confidence * heads.age.confidence,
      agreement: 5,
      total: 5,
    },
    memberProbs: { 'member-a': probs },
  };
}
