import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { labelRows } from '../../../src/training/fineTuneData';
import type { Sample } from '../../../src/training/samples';
import { memberTraining } from '../../../src/training/trainHeads';
import type { MaskState } from '../../../src/core/classes';

function sample(i: number, mask: MaskState, synthetic: boolean): Sample {
  return {
    id: `s${i}`,
    path: `p${i}.jpg`,
    source: synthetic ? 'maskedfacenet' : 'ilc2021',
    subject: `subject-${i}`,
    variant: 'original',
    seed: i,
    mask,
    synthetic,
    demographicsPredicted: false,
  };
}

// 10 real photos (8 bare, 2 worn wrongly) and 20 synthetic (10 worn wrongly, 10 worn).
const samples: Sample[] = [
  ...Array.from({ length: 8 }, (_, i) => sample(i, 'not_wear', false)),
  ...Array.from({ length: 2 }, (_, i) => sample(8 + i, 'incorrect', false)),
  ...Array.from({ length: 10 }, (_, i) => sample(10 + i, 'incorrect', true)),
  ...Array.from({ length: 10 }, (_, i) => sample(20 + i, 'wear', true)),
];
const config = { valFraction: 0, seed: 1, realIncorrectWeight: 3 };
const { labels, weights } = labelRows(samples, config.valFraction, config.seed, config.realIncorrectWeight);
const ds = { samples, labels, weights };
const trainRows = samples.map((_, i) => i);

/** The mask target weight of each row (0 where the row has no mask label). */
async function maskWeights(fit: ReturnType<typeof memberTraining>): Promise<number[]> {
  const ys = fit.targets();
  const sums = ys[0].sum(1);
  const mask = (await sums.data()) as Float32Array;
  [sums, ...ys].forEach((t) => t.dispose());
  return Array.from(mask);
}

describe("a member's training rows", () => {
  it('a default member trains on every training row with the shared weights', async () => {
    const fit = memberTraining(ds, {}, trainRows, config);
    expect(fit.rows).toEqual(trainRows);
    const w = await maskWeights(fit);
    expect(w[8]).toBeCloseTo(weights.mask[8], 5);
  });

  it('a real-photos member leaves out every synthetic row and weighs classes on the real rows alone', async () => {
    const before = tf.memory().numTensors;
    const fit = memberTraining(ds, { trainOn: 'real' }, trainRows, config);
    expect(fit.rows).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(fit.rows.every((r) => !samples[r].synthetic)).toBe(true);
    const w = await maskWeights(fit);
    expect(w).toHaveLength(10);
    // Among real rows a wrongly worn mask is 2 in 10 (class weight 10 / (3 x 2)), times the real-incorrect weight;
    // among all rows it is 12 in 30, so the shared weight is lower.
    expect(w[8]).toBeCloseTo((10 / 6) * 3, 4);
    expect(w[8]).toBeGreaterThan(weights.mask[8]);
    // Bare faces: 8 in 10 real rows.
    expect(w[0]).toBeCloseTo(10 / 24, 4);
    expect(tf.memory().numTensors).toBe(before);
  });
});
