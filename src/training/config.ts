/** Training options, each with its default; the CLI fills them from flags. */
export interface TrainConfig {
  data: string;
  models: string;
  out: string;
  runs: string;
  cache: string;
  workers: number;
  batchSize: number;
  limit: number;
  /** At most this many faces of a source (by name), spread over its rows; other sources whole. */
  sourceLimits: Record<string, number>;
  synthesize: boolean;
  incorrectPerFace: 1 | 2;
  /** Drawn masks per bare face: all placements, or one of them (see samples.ts). */
  drawn: 'all' | 'one';
  /** Extra weight on real photos of wrongly worn masks (the class the product exists for, and rare). */
  realIncorrectWeight: number;
  /** Input size in pixels per backbone name, where it differs from the default (e.g. faceres 160: half the compute). */
  inputSizes: Record<string, number>;
  /** Per head, the largest share of real validation faces the "not sure" rule may leave unsure. */
  maxUnsure: Record<'mask' | 'gender' | 'age', number>;
  valFraction: number;
  seed: number;
  epochs: number;
  hidden: number;
  learningRate: number;
  dropout: number;
  trainBatch: number;
  sheetSize: number;
  /** Train heads for these members only (and those they borrow from); empty = every member. */
  members: string[];
}

export const DEFAULT_CONFIG: TrainConfig = {
  data: '../shared/data',
  models: 'models',
  out: 'models',
  runs: 'runs',
  cache: 'cache',
  // One more process than cores: a shared machine gives each process its share.
  workers: 3,
  batchSize: 16,
  limit: 0,
  // What the committed models were trained with: every face of every source (51,485
  // samples; 81 min on this 2-core machine, most of it feature extraction, resumable).
  // Cut it for a quick run, e.g. --source-limits utkface=5000,sh0116=0,maskedfacenet=0.
  sourceLimits: {},
  synthesize: true,
  incorrectPerFace: 1,
  drawn: 'all',
  realIncorrectWeight: 3,
  inputSizes: {},
  maxUnsure: { mask: 0.05, gender: 0.05, age: 0.05 },
  valFraction: 0.2,
  seed: 1,
  epochs: 15,
  hidden: 64,
  learningRate: 0.001,
  dropout: 0.3,
  trainBatch: 256,
  sheetSize: 32,
  members: [],
};
