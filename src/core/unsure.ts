/**
 * "Not sure", per head: the vote's answer for a head is unsure when too few
 * members agree on it or the members' mean probability for it is too low.
 * The thresholds are picked on validation by the trainer and written in
 * ensemble.json (`unsure`), so the app, the kiosk and the eval apply one rule.
 */
import { HEADS, type Head } from './classes';

export interface UnsureThreshold {
  /** Fewer votes than this for the winning label: unsure. */
  minVotes: number;
  /** Mean member probability of the winning label below this: unsure. */
  minConfidence: number;
}

export type UnsureRule = Record<Head, UnsureThreshold>;

/** Never unsure: for ensembles written before the rule existed. */
export const NEVER_UNSURE: UnsureRule = {
  mask: { minVotes: 0, minConfidence: 0 },
  gender: { minVotes: 0, minConfidence: 0 },
  age: { minVotes: 0, minConfidence: 0 },
};

export interface HeadAnswer {
  votes: number;
  confidence: number;
}

export function isUnsure(answer: HeadAnswer, t: UnsureThreshold): boolean {
  return answer.votes < t.minVotes || answer.confidence < t.minConfidence;
}

export function unsureHeads(heads: Record<Head, HeadAnswer>, rule: UnsureRule = NEVER_UNSURE): Record<Head, boolean> {
  const out = {} as Record<Head, boolean>;
  for (const h of HEADS) out[h] = isUnsure(heads[h], rule[h]);
  return out;
}

/** Checks a rule read from ensemble.json; returns an error text or undefined. */
export function unsureRuleProblem(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return 'unsure must be an object with mask, gender and age';
  for (const h of HEADS) {
    const t = (value as Record<string, UnsureThreshold | undefined>)[h];
    if (!t || !Number.isFinite(t.minVotes) || !Number.isFinite(t.minConfidence))
      return `unsure.${h} needs numeric minVotes and minConfidence`;
    if (t.minConfidence < 0 || t.minConfidence > 1) return `unsure.${h}.minConfidence must be in 0..1`;
  }
  return undefined;
}

export interface ScoredAnswer extends HeadAnswer {
  correct: boolean;
}

export interface ThresholdChoice extends UnsureThreshold {
  /** Share of answers left sure. */
  coverage: number;
  /** Accuracy on the sure answers. */
  accuracy: number;
}

/**
 * The threshold that gives the highest accuracy on sure answers while leaving
 * at most `maxUnsure` of them unsure (ties: the larger coverage, then the
 * looser rule). Grid: every vote count, confidence in steps of `step`.
 */
export function pickThreshold(
  answers: readonly ScoredAnswer[],
  maxVotes: number,
  maxUnsure: number,
  step = 0.02,
): ThresholdChoice {
  const score = (t: UnsureThreshold) => {
    let sure = 0;
    let right = 0;
    for (const a of answers)
      if (!isUnsure(a, t)) {
        sure++;
        if (a.correct) right++;
      }
    return { coverage: answers.length ? sure / answers.length : 1, accuracy: sure ? right / sure : 1 };
  };
  let best: ThresholdChoice = { minVotes: 0, minConfidence: 0, ...score({ minVotes: 0, minConfidence: 0 }) };
  for (let v = 0; v <= maxVotes; v++) {
    for (let k = 0; k * step < 1; k++) {
      const t = { minVotes: v, minConfidence: Math.round(k * step * 1000) / 1000 };
      const s = score(t);
      if (s.coverage < 1 - maxUnsure) break; // higher confidence only lowers coverage
      const better =
        s.accuracy > best.accuracy + 1e-12 ||
        (Math.abs(s.accuracy - best.accuracy) <= 1e-12 && s.coverage > best.coverage + 1e-12);
      if (better) best = { ...t, ...s };
    }
  }
  return best;
}
