/** One face the evaluator scored: its labels, every model's answer, and the vote's detail. */
import type { Head } from './classes';
import type { SizeBucket } from './detectionMatch';
import type { EvalRow } from './evaluation';
import type { Box } from './geometry';
import type { HeadVote } from './vote';

export interface ScoredFace extends EvalRow {
  /** Photo path relative to the data folder. */
  file: string;
  subject: string;
  /** The detected box the models saw, in image pixels. */
  box: Box;
  size: SizeBucket;
  /** The hard vote as the app shows it: votes and confidence per head, "not sure" per head. */
  vote: {
    heads: Record<Head, HeadVote>;
    unsure: Record<Head, boolean>;
    /** Product of the head confidences. */
    confidence: number;
    agreement: number;
    total: number;
  };
  /** Each member's probabilities per head, by member id. */
  memberProbs: Record<string, Record<Head, number[]>>;
}
