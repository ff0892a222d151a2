/** Classification metrics on label indices; pure, shared by the trainer and the evaluator. */

export interface Scores {
  n: number;
  accuracy: number;
  /** Mean F1 over the classes that occur in the truth. */
  macroF1: number;
  perClassF1: number[];
  /** confusion[truth][prediction] counts. */
  confusion: number[][];
}

export function confusionMatrix(truth: readonly number[], pred: readonly number[], k: number): number[][] {
  if (truth.length !== pred.length) throw new RangeError(`${truth.length} labels but ${pred.length} predictions`);
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  truth.forEach((t, i) => m[t][pred[i]]++);
  return m;
}

export function scores(truth: readonly number[], pred: readonly number[], k: number): Scores {
  const confusion = confusionMatrix(truth, pred, k);
  const n = truth.length;
  let correct = 0;
  const perClassF1: number[] = [];
  const present: number[] = [];
  for (let c = 0; c < k; c++) {
    correct += confusion[c][c];
    const tp = confusion[c][c];
    const support = confusion[c].reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[c], 0);
    const f1 = support + predicted > 0 ? (2 * tp) / (support + predicted) : 0;
    perClassF1.push(f1);
    if (support > 0) present.push(f1);
  }
  return {
    n,
    accuracy: n > 0 ? correct / n : 0,
    macroF1: present.length > 0 ? present.reduce((a, b) => a + b, 0) / present.length : 0,
    perClassF1,
    confusion,
  };
}

export interface ClassRates {
  /** Faces of this class in the truth (row sum). */
  support: number;
  /** Faces answered with this class (column sum). */
  predicted: number;
  /** Share of this class's faces answered right; undefined when none is in the truth. */
  recall?: number;
  /** Share of this class's answers that are right; undefined when it was never answered. */
  precision?: number;
}

/** Recall and precision of every class of a confusion matrix (rows truth, columns answers). */
export function classRates(confusion: readonly (readonly number[])[]): ClassRates[] {
  return confusion.map((row, c) => {
    const tp = row[c];
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, r) => a + r[c], 0);
    return {
      support,
      predicted,
      recall: support > 0 ? tp / support : undefined,
      precision: predicted > 0 ? tp / predicted : undefined,
    };
  });
}

export interface Share {
  count: number;
  total: number;
  /** count / total; undefined when total is 0. */
  rate?: number;
}

/** Of the faces whose truth is one of `truth`, how many were answered with one of `answers`. */
export function confusionShare(
  confusion: readonly (readonly number[])[],
  truth: readonly number[],
  answers: readonly number[],
): Share {
  let count = 0;
  let total = 0;
  for (const t of truth) {
    for (let p = 0; p < confusion[t].length; p++) {
      total += confusion[t][p];
      if (answers.includes(p)) count += confusion[t][p];
    }
  }
  return { count, total, rate: total > 0 ? count / total : undefined };
}
