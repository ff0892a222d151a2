/**
 * A stacked head: multinomial logistic regression on the members'
 * probabilities, per head. It is fit on evaluation faces, so every face gets
 * its answer from a model fit on the other fold (split by subject): no face is
 * scored by a fit that saw it. Reported beside the hard vote, never shipped.
 */
import { HEADS, HEAD_SIZES } from './classes';
import type { HeadLabels } from './evaluation';
import { hashString } from './random';
import type { ScoredFace } from './scoredFace';
import { argmax } from './vote';

export interface Logistic {
  /** weights[class][feature] */
  weights: number[][];
  bias: number[];
}

export interface FitOptions {
  iterations: number;
  learningRate: number;
  /** L2 penalty on the weights. */
  l2: number;
}

const DEFAULT_FIT: FitOptions = { iterations: 400, learningRate: 2, l2: 1e-3 };

export function logisticProbs(m: Logistic, x: readonly number[]): number[] {
  const z = m.weights.map((w, c) => {
    let v = m.bias[c];
    for (let i = 0; i < w.length; i++) v += w[i] * x[i];
    return v;
  });
  const top = Math.max(...z);
  const e = z.map((v) => Math.exp(v - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/**
 * Full-batch gradient descent on the class-weighted cross-entropy. Classes
 * are weighted by inverse frequency, as the member heads were trained, so a
 * rare class (a mask worn wrongly) is not traded away for accuracy. Plain
 * loops over flat arrays (8,000 faces, three heads, two folds: ~20 s on this
 * shared 2-core machine, ~8x faster than the same with array methods).
 */
export function fitLogistic(
  x: readonly (readonly number[])[],
  y: readonly number[],
  k: number,
  options: Partial<FitOptions> = {},
): Logistic {
  const o = { ...DEFAULT_FIT, ...options };
  const n = x.length;
  const d = x[0]?.length ?? 0;
  const flat = new Float64Array(n * d);
  x.forEach((xi, r) => flat.set(xi, r * d));
  const counts = new Array<number>(k).fill(0);
  y.forEach((c) => counts[c]++);
  const present = counts.filter((c) => c > 0).length;
  const classWeight = counts.map((c) => (c > 0 ? n / (present * c) : 0));
  const totalWeight = y.reduce((a, c) => a + classWeight[c], 0);
  // w[c * (d + 1) + i]: weights, the bias last in each class's row.
  const w = new Float64Array(k * (d + 1));
  const grad = new Float64Array(k * (d + 1));
  const z = new Float64Array(k);
  for (let it = 0; it < o.iterations; it++) {
    grad.fill(0);
    for (let r = 0; r < n; r++) {
      const off = r * d;
      let top = -Infinity;
      for (let c = 0; c < k; c++) {
        const row = c * (d + 1);
        let v = w[row + d];
        for (let i = 0; i < d; i++) v += w[row + i] * flat[off + i];
        z[c] = v;
        if (v > top) top = v;
      }
      let sum = 0;
      for (let c = 0; c < k; c++) sum += z[c] = Math.exp(z[c] - top);
      const scale = classWeight[y[r]] / totalWeight;
      for (let c = 0; c < k; c++) {
        const g = scale * (z[c] / sum - (c === y[r] ? 1 : 0));
        const row = c * (d + 1);
        for (let i = 0; i < d; i++) grad[row + i] += g * flat[off + i];
        grad[row + d] += g;
      }
    }
    for (let c = 0; c < k; c++) {
      const row = c * (d + 1);
      for (let i = 0; i < d; i++) w[row + i] -= o.learningRate * (grad[row + i] + o.l2 * w[row + i]);
      w[row + d] -= o.learningRate * grad[row + d];
    }
  }
  return {
    weights: Array.from({ length: k }, (_, c) => Array.from(w.subarray(c * (d + 1), c * (d + 1) + d))),
    bias: Array.from({ length: k }, (_, c) => w[c * (d + 1) + d]),
  };
}

export interface StackItem {
  fold: number;
  features: readonly number[];
  label?: number;
}

/**
 * Answers for every item from a fit on the other folds' labelled items;
 * undefined where those hold fewer than two classes (nothing to learn).
 */
export function crossFitted(
  items: readonly StackItem[],
  k: number,
  folds = 2,
  options: Partial<FitOptions> = {},
): (number | undefined)[] {
  const out: (number | undefined)[] = new Array<number | undefined>(items.length).fill(undefined);
  for (let f = 0; f < folds; f++) {
    const train = items.filter((it) => it.fold !== f && it.label !== undefined);
    if (new Set(train.map((it) => it.label)).size < 2) continue;
    const model = fitLogistic(
      train.map((it) => it.features),
      train.map((it) => it.label!),
      k,
      options,
    );
    items.forEach((it, i) => {
      if (it.fold === f) out[i] = argmax(logisticProbs(model, it.features));
    });
  }
  return out;
}

/** Two folds by subject, so faces of one person or one photo stay together. */
export function stackFold(subject: string): number {
  return hashString(`stack:${subject}`) % 2;
}

/** The stacked head's answers per face and head (cross-fitted over two subject folds). */
export function stackedPredictions(rows: readonly ScoredFace[]): HeadLabels[] {
  const out: HeadLabels[] = rows.map(() => ({}));
  if (rows.length === 0) return out;
  const members = Object.keys(rows[0].memberProbs).sort();
  for (const h of HEADS) {
    const items = rows.map((r) => ({
      fold: stackFold(r.subject),
      features: members.flatMap((m) => r.memberProbs[m][h]),
      label: r.truth[h],
    }));
    crossFitted(items, HEAD_SIZES[h]).forEach((label, i) => {
      if (label !== undefined) out[i][h] = label;
    });
  }
  return out;
}
