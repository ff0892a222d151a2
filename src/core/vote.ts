/**
 * Hard voting across ensemble members, head by head.
 *
 * Each member casts one vote per head (its arg-max). The label with the most
 * votes wins. Tie rule: among the tied labels, the one with the highest summed
 * probability across all members wins; if that ties too, the lower index wins
 * (so the result never depends on member order).
 */
import { HEADS, HEAD_SIZES, encodeIndices, type Head, type HeadIndices } from './classes';
import { NEVER_UNSURE, unsureHeads, type UnsureRule } from './unsure';

/** One member's probabilities per head. */
export type HeadProbs = Record<Head, ArrayLike<number>>;

export interface HeadVote {
  label: number;
  votes: number;
  total: number;
  /** Mean probability the members gave the winning label. */
  confidence: number;
}

export interface VoteResult {
  classId: number;
  heads: Record<Head, HeadVote>;
  /** Members whose 18-class answer equals the voted class. */
  agreement: number;
  total: number;
  /** Product of the head confidences: a rough probability of the whole class. */
  confidence: number;
  /** Per head: the answer is "not sure" under the ensemble's rule (src/core/unsure.ts). */
  unsure: Record<Head, boolean>;
}

export function argmax(p: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
  return best;
}

export function voteHead(probs: readonly ArrayLike<number>[], size: number): HeadVote {
  if (probs.length === 0) throw new RangeError('cannot vote with no members');
  const votes = new Array<number>(size).fill(0);
  const sums = new Array<number>(size).fill(0);
  for (const p of probs) {
    if (p.length !== size) throw new RangeError(`expected ${size} probabilities, got ${p.length}`);
    votes[argmax(p)]++;
    for (let i = 0; i < size; i++) sums[i] += p[i];
  }
  let label = 0;
  for (let i = 1; i < size; i++) {
    if (votes[i] > votes[label] || (votes[i] === votes[label] && sums[i] > sums[label])) label = i;
  }
  return { label, votes: votes[label], total: probs.length, confidence: sums[label] / probs.length };
}

export function hardVote(members: readonly HeadProbs[], rule: UnsureRule = NEVER_UNSURE): VoteResult {
  const heads = {} as Record<Head, HeadVote>;
  for (const h of HEADS) {
    const probs = members.map((m) => m[h]);
    heads[h] = voteHead(probs, HEAD_SIZES[h]);
  }
  const winner: HeadIndices = { mask: heads.mask.label, gender: heads.gender.label, age: heads.age.label };
  const classId = encodeIndices(winner);
  const agreement = members.filter((m) => memberClass(m) === classId).length;
  return {
    classId,
    heads,
    agreement,
    total: members.length,
    confidence: heads.mask.confidence * heads.gender.confidence * heads.age.confidence,
    unsure: unsureHeads(heads, rule),
  };
}

/** A single member's own 18-class answer. */
export function memberClass(m: HeadProbs): number {
  return encodeIndices({ mask: argmax(m.mask), gender: argmax(m.gender), age: argmax(m.age) });
}
