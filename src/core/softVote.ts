/**
 * Soft vote: per head, the label with the highest mean member probability.
 * Reported beside the shipped hard vote so the cost of choosing the hard vote
 * is known; the app never uses it.
 */
import { HEADS, HEAD_SIZES, type Head } from './classes';
import { argmax, type HeadProbs } from './vote';

export interface SoftHead {
  label: number;
  /** Mean member probability of that label. */
  confidence: number;
  /** Mean member probability of every label. */
  mean: number[];
}

export function softVote(members: readonly HeadProbs[]): Record<Head, SoftHead> {
  if (members.length === 0) throw new RangeError('cannot vote with no members');
  const out = {} as Record<Head, SoftHead>;
  for (const h of HEADS) {
    const mean = new Array<number>(HEAD_SIZES[h]).fill(0);
    for (const m of members) {
      if (m[h].length !== mean.length)
        throw new RangeError(`expected ${mean.length} probabilities, got ${m[h].length}`);
      for (let i = 0; i < mean.length; i++) mean[i] += m[h][i] / members.length;
    }
    const label = argmax(mean);
    out[h] = { label, confidence: mean[label], mean };
  }
  return out;
}
