/**
 * "Not sure" in the eval: per head, how many faces the vote leaves unsure,
 * how it scores on the sure rest, and the coverage-accuracy trade-off of its
 * confidence and agreement. Pure, over scored faces.
 */
import { HEAD_SIZES, type Head } from './classes';
import {
  coverageByConfidence,
  coverageByVotes,
  coverageOfRule,
  type AnsweredFace,
  type Coverage,
  type CoveragePoint,
} from './coverage';
import { scores } from './metrics';
import type { ScoredFace } from './scoredFace';

export interface HeadFigures {
  accuracy: number;
  macroF1: number;
}

export interface UnsureSummary {
  /** Faces with a true label for this head. */
  faces: number;
  unsure: number;
  /** The vote on all those faces, and on the sure ones (undefined when none is sure). */
  all?: HeadFigures;
  sure?: HeadFigures;
}

export interface CoverageCurves {
  byConfidence: CoveragePoint[];
  byVotes: CoveragePoint[];
  /** Where the ensemble's own rule (ensemble.json `unsure`) sits. */
  rule: Coverage;
}

function labelled(rows: readonly ScoredFace[], head: Head): ScoredFace[] {
  return rows.filter((r) => r.truth[head] !== undefined && r.predictions.vote?.[head] !== undefined);
}

function figures(rows: readonly ScoredFace[], head: Head): HeadFigures | undefined {
  if (rows.length === 0) return undefined;
  const s = scores(
    rows.map((r) => r.truth[head]!),
    rows.map((r) => r.predictions.vote[head]!),
    HEAD_SIZES[head],
  );
  return { accuracy: s.accuracy, macroF1: s.macroF1 };
}

export function unsureSummary(rows: readonly ScoredFace[], head: Head): UnsureSummary {
  const faces = labelled(rows, head);
  const sure = faces.filter((r) => !r.vote.unsure[head]);
  return {
    faces: faces.length,
    unsure: faces.length - sure.length,
    all: figures(faces, head),
    sure: figures(sure, head),
  };
}

export function coverageCurves(rows: readonly ScoredFace[], head: Head): CoverageCurves {
  const faces = labelled(rows, head);
  const answered: AnsweredFace[] = faces.map((r) => ({
    correct: r.predictions.vote[head] === r.truth[head],
    confidence: r.vote.heads[head].confidence,
    votes: r.vote.heads[head].votes,
  }));
  const members = Math.max(0, ...faces.map((r) => r.vote.total));
  return {
    byConfidence: coverageByConfidence(answered),
    byVotes: coverageByVotes(answered, members),
    rule: coverageOfRule(
      answered,
      faces.map((r) => r.vote.unsure[head]),
    ),
  };
}
