/**
 * Coverage against accuracy for "not sure": answer only the faces whose vote
 * is at least this sure, and see how many are answered and how many of those
 * are right. Pure; the evaluator feeds it one head's faces.
 */

export interface AnsweredFace {
  correct: boolean;
  /** The vote's mean member probability of its answer. */
  confidence: number;
  /** Members that voted for the answer. */
  votes: number;
}

export interface Coverage {
  answered: number;
  /** answered / all faces. */
  coverage: number;
  /** Right answers among the answered; undefined when none is answered. */
  accuracy?: number;
}

export interface CoveragePoint extends Coverage {
  /** Faces answered at least this sure (a confidence, or a number of votes). */
  threshold: number;
}

function coverage(faces: readonly AnsweredFace[], keep: (f: AnsweredFace, i: number) => boolean): Coverage {
  let answered = 0;
  let correct = 0;
  faces.forEach((f, i) => {
    if (!keep(f, i)) return;
    answered++;
    if (f.correct) correct++;
  });
  return {
    answered,
    coverage: faces.length > 0 ? answered / faces.length : 0,
    accuracy: answered > 0 ? correct / answered : undefined,
  };
}

/** Confidence thresholds 0, 1/steps, ..., 1: a face is answered when its confidence is at least the threshold. */
export function coverageByConfidence(faces: readonly AnsweredFace[], steps = 100): CoveragePoint[] {
  return Array.from({ length: steps + 1 }, (_, i) => {
    const t = i / steps;
    // Compared with a little slack so 0.3 from the grid keeps a face at exactly 0.3.
    return { threshold: t, ...coverage(faces, (f) => f.confidence >= t - 1e-9) };
  });
}

/** Vote thresholds 1..members: a face is answered when at least that many members agree. */
export function coverageByVotes(faces: readonly AnsweredFace[], members: number): CoveragePoint[] {
  return Array.from({ length: members }, (_, i) => ({
    threshold: i + 1,
    ...coverage(faces, (f) => f.votes >= i + 1),
  }));
}

/** The point of a given rule: the faces it leaves sure. */
export function coverageOfRule(faces: readonly AnsweredFace[], unsure: readonly boolean[]): Coverage {
  if (unsure.length !== faces.length) throw new RangeError(`${faces.length} faces but ${unsure.length} unsure flags`);
  return coverage(faces, (_, i) => !unsure[i]);
}
