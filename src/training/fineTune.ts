/**
 * Fine-tuning a backbone's top (from a cut node to its output) together with
 * a scaffold head (mask, gender, age group), on activations fed at the cut.
 * The loss is the heads' weighted cross-entropy, as in head training; missing
 * labels add nothing. Checkpoints (weights, both optimisers, position in the
 * epoch) are written every few steps and at each epoch's end, so a run that
 * is stopped resumes where it was, with the same batch order.
 */
import * as tf from '@tensorflow/tfjs';
import { HEADS, HEAD_SIZES, MASK_STATES, type Head } from '../core/classes';
import { classRates, scores, type Scores } from '../core/metrics';
import type { Pooling } from '../core/ensembleSpec';
import { mulberry32 } from '../core/random';
import { pool } from '../inference/crop';
import { buildHead } from './headModel';
import type { Progress } from '../node/progress';
import { readArrays, writeArrays, type StoredArray } from './tensorFile';
import type { TrainableGraph } from './trainableGraph';

export interface FineTuneData {
  count: number;
  /** One sample's activation at the cut, e.g. [7, 7, 1024] or [112, 112, 3]. */
  inputShape: number[];
  /** The rows' activations, row after row. */
  inputs(rows: readonly number[]): Float32Array;
  /** Class index per row and head, -1 where the row has no label. */
  labels: Record<Head, Int8Array>;
  /** Loss weight per row and head (class balance, trust in the label). */
  weights: Record<Head, Float32Array>;
  validation: readonly boolean[];
  /**
   * Rows whose mask answers are also scored apart (e.g. real photos of the
   * sources the accuracy targets name); validation rows only count.
   */
  maskTarget?: readonly boolean[];
}

export interface FineTuneOptions {
  epochs: number;
  batchSize: number;
  /** Adam learning rate of the head. */
  learningRate: number;
  /** Adam learning rate of the backbone's weights (small: they start trained). */
  backboneLearningRate: number;
  /** Train the scaffold head alone on the frozen top (the baseline fine-tuning must beat). */
  freezeBackbone?: boolean;
  hidden: number;
  dropout: number;
  seed: number;
  pooling: Pooling;
  /** Checkpoint path prefix (`<prefix>.json` + values file). */
  checkpoint: string;
  checkpointEvery: number;
  /** Stop (checkpointed) after this many steps in this call: for time-boxed sessions and tests. */
  stopAfterSteps?: number;
  /** Identifies what is trained; a checkpoint made for something else is refused. */
  signature: string;
  progress?: Progress;
  log?: (msg: string) => void;
}

export interface EpochSummary {
  epoch: number;
  trainLoss: number;
  validationLoss: number;
  validationAccuracy: Partial<Record<Head, number>>;
  validationMacroF1: Partial<Record<Head, number>>;
  /** Mask answers on the validation rows of `FineTuneData.maskTarget`. */
  maskTarget?: MaskTargetScores;
  imagesPerSecond: number;
}

export interface MaskTargetScores {
  n: number;
  macroF1: number;
  /** Recall and precision of "worn wrongly" (undefined where none is in the truth / answered). */
  incorrectRecall?: number;
  incorrectPrecision?: number;
  confusion: number[][];
}

export interface FineTuneResult {
  head: tf.LayersModel;
  finished: boolean;
  epochs: EpochSummary[];
  stepsThisCall: number;
  resumedFrom?: { epoch: number; step: number };
}

interface CheckpointMeta {
  signature: string;
  epoch: number;
  step: number;
  epochLossSum: number;
  epochSeen: number;
  epochSeconds: number;
  epochs: EpochSummary[];
  optimizers: { backbone: OptimizerEntry[]; head: OptimizerEntry[] };
}

interface OptimizerEntry {
  name: string;
  dtype: tf.DataType;
}

/** Features of a batch at the cut: the trained top, then the member's pooling. */
export function features(graph: TrainableGraph, x: tf.Tensor, pooling: Pooling): tf.Tensor2D {
  return tf.tidy(() => pool(graph.apply(x), pooling));
}

/** Weighted cross-entropy summed over heads, averaged over the batch. */
function lossOf(outputs: tf.Tensor[], targets: tf.Tensor2D[]): tf.Scalar {
  return tf.tidy(() => {
    const n = targets[0].shape[0];
    const terms = outputs.map((p, i) => tf.sum(tf.mul(targets[i], tf.log(tf.clipByValue(p, 1e-7, 1)))));
    return tf.div(tf.neg(tf.addN(terms)), n) as tf.Scalar;
  });
}

function targetsOf(data: FineTuneData, rows: readonly number[]): tf.Tensor2D[] {
  return HEADS.map((h) => {
    const k = HEAD_SIZES[h];
    const t = new Float32Array(rows.length * k);
    rows.forEach((r, i) => {
      const v = data.labels[h][r];
      if (v >= 0) t[i * k + v] = data.weights[h][r];
    });
    return tf.tensor2d(t, [rows.length, k]);
  });
}

function batchOf(data: FineTuneData, rows: readonly number[]): tf.Tensor {
  return tf.tensor(data.inputs(rows), [rows.length, ...data.inputShape]);
}

function shuffled(rows: readonly number[], seed: number): number[] {
  const out = [...rows];
  const rand = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function chunks<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** Loss, per-head scores and the mask target's scores on `rows`, forward only. */
export async function evaluate(
  graph: TrainableGraph,
  head: tf.LayersModel,
  data: FineTuneData,
  rows: readonly number[],
  pooling: Pooling,
  batchSize: number,
): Promise<{
  loss: number;
  accuracy: Partial<Record<Head, number>>;
  scores: Partial<Record<Head, Scores>>;
  maskTarget?: MaskTargetScores;
}> {
  let lossSum = 0;
  const truth: Record<Head, number[]> = { mask: [], gender: [], age: [] };
  const pred: Record<Head, number[]> = { mask: [], gender: [], age: [] };
  const target = { truth: [] as number[], pred: [] as number[] };
  for (const batch of chunks(rows, batchSize)) {
    const x = batchOf(data, batch);
    const targets = targetsOf(data, batch);
    const outputs = tf.tidy(() => head.apply(features(graph, x, pooling), { training: false }) as tf.Tensor[]);
    const loss = lossOf(outputs, targets);
    lossSum += (await loss.data())[0] * batch.length;
    const probs = await Promise.all(outputs.map((o) => o.data()));
    HEADS.forEach((h, hi) => {
      const k = HEAD_SIZES[h];
      batch.forEach((r, i) => {
        const v = data.labels[h][r];
        if (v < 0) return;
        const p = Array.from(probs[hi].subarray(i * k, (i + 1) * k));
        const answer = p.indexOf(Math.max(...p));
        truth[h].push(v);
        pred[h].push(answer);
        if (h === 'mask' && data.maskTarget?.[r]) {
          target.truth.push(v);
          target.pred.push(answer);
        }
      });
    });
    tf.dispose([x, ...targets, ...outputs, loss]);
  }
  const accuracy: Partial<Record<Head, number>> = {};
  const byHead: Partial<Record<Head, Scores>> = {};
  for (const h of HEADS) {
    if (truth[h].length === 0) continue;
    byHead[h] = scores(truth[h], pred[h], HEAD_SIZES[h]);
    accuracy[h] = byHead[h].accuracy;
  }
  let maskTarget: MaskTargetScores | undefined;
  if (target.truth.length > 0) {
    const s = scores(target.truth, target.pred, HEAD_SIZES.mask);
    const incorrect = classRates(s.confusion)[MASK_STATES.indexOf('incorrect')];
    maskTarget = {
      n: s.n,
      macroF1: s.macroF1,
      incorrectRecall: incorrect.recall,
      incorrectPrecision: incorrect.precision,
      confusion: s.confusion,
    };
  }
  return { loss: rows.length > 0 ? lossSum / rows.length : Number.NaN, accuracy, scores: byHead, maskTarget };
}

async function optimizerArrays(opt: tf.Optimizer, prefix: string): Promise<[StoredArray[], OptimizerEntry[]]> {
  const weights = await opt.getWeights();
  const arrays = await Promise.all(
    weights.map(async (w, i) => ({
      name: `${prefix}/${i}`,
      shape: w.tensor.shape,
      values: Float32Array.from(await w.tensor.data()),
    })),
  );
  return [arrays, weights.map((w) => ({ name: w.name, dtype: w.tensor.dtype }))];
}

async function restoreOptimizer(
  opt: tf.Optimizer,
  entries: OptimizerEntry[],
  arrays: Map<string, StoredArray>,
  prefix: string,
): Promise<void> {
  if (entries.length === 0) return;
  const named = entries.map((e, i) => {
    const a = arrays.get(`${prefix}/${i}`)!;
    return { name: e.name, tensor: tf.tensor(a.values, a.shape, e.dtype) };
  });
  await opt.setWeights(named);
  named.forEach((n) => n.tensor.dispose());
}

/** Rows whose features set the scaffold head's normalisation before training. */
const NORM_ROWS = 256;

/**
 * The head trained with the backbone: the member head's shape, its
 * normalisation started at the features' own mean and variance (from up to
 * NORM_ROWS training rows), so inference-mode outputs make sense from the first
 * step rather than after the moving averages have caught up.
 */
export async function scaffoldHead(
  graph: TrainableGraph,
  data: FineTuneData,
  trainRows: readonly number[],
  o: Pick<FineTuneOptions, 'hidden' | 'dropout' | 'learningRate' | 'seed' | 'pooling' | 'batchSize'>,
): Promise<tf.LayersModel> {
  const rows = shuffled(trainRows, o.seed).slice(0, NORM_ROWS);
  const parts = chunks(rows, o.batchSize).map((b) => {
    const x = batchOf(data, b);
    const f = features(graph, x, o.pooling);
    x.dispose();
    return f;
  });
  const all = tf.concat(parts);
  const { mean, variance } = tf.moments(all, 0);
  const head = buildHead({
    inputSize: all.shape[1],
    hidden: o.hidden,
    dropout: o.dropout,
    learningRate: o.learningRate,
    seed: o.seed,
  });
  const norm = head.getLayer('norm');
  const [gamma, beta] = norm.getWeights();
  norm.setWeights([gamma, beta, mean, variance]);
  tf.dispose([...parts, all, mean, variance]);
  return head;
}

export async function fineTune(graph: TrainableGraph, data: FineTuneData, o: FineTuneOptions): Promise<FineTuneResult> {
  const log = o.log ?? (() => {});
  const trainRows = data.validation.flatMap((v, i) => (v ? [] : [i]));
  const valRows = data.validation.flatMap((v, i) => (v ? [i] : []));
  if (trainRows.length === 0) throw new Error('fine-tuning: no training rows');

  const saved = readArrays(o.checkpoint);
  const savedSignature = (saved?.meta as CheckpointMeta | undefined)?.signature;
  if (saved && savedSignature !== o.signature)
    throw new Error(
      `checkpoint ${o.checkpoint}.json belongs to another run (${savedSignature}); remove it or pick another`,
    );
  const head = await scaffoldHead(graph, data, trainRows, o);
  const backboneOpt = tf.train.adam(o.backboneLearningRate);
  const headOpt = tf.train.adam(o.learningRate);
  const graphVars = o.freezeBackbone ? [] : graph.trainable;
  const headVars = head.trainableWeights.map((w) => w.read() as tf.Variable);

  let meta: CheckpointMeta = {
    signature: o.signature,
    epoch: 0,
    step: 0,
    epochLossSum: 0,
    epochSeen: 0,
    epochSeconds: 0,
    epochs: [],
    optimizers: { backbone: [], head: [] },
  };
  let resumedFrom: FineTuneResult['resumedFrom'];
  if (saved) {
    const m = saved.meta as CheckpointMeta;
    const arrays = new Map(saved.arrays.map((a) => [a.name, a]));
    const graphValues: Record<string, Float32Array> = {};
    for (const n of graph.variables.keys()) {
      const a = arrays.get(`graph/${n}`);
      if (a) graphValues[n] = a.values;
    }
    graph.assign(graphValues);
    const restored = head.weights.map((w, i) => tf.tensor(arrays.get(`head/${i}`)!.values, w.shape as number[]));
    head.setWeights(restored);
    tf.dispose(restored);
    await restoreOptimizer(backboneOpt, m.optimizers.backbone, arrays, 'opt-backbone');
    await restoreOptimizer(headOpt, m.optimizers.head, arrays, 'opt-head');
    meta = m;
    resumedFrom = { epoch: m.epoch, step: m.step };
    log(`fine-tune: resumed from ${o.checkpoint}.json at epoch ${m.epoch + 1}, step ${m.step}`);
  }

  const checkpoint = async () => {
    const [bArrays, bEntries] = await optimizerArrays(backboneOpt, 'opt-backbone');
    const [hArrays, hEntries] = await optimizerArrays(headOpt, 'opt-head');
    const values = await graph.values();
    const arrays: StoredArray[] = [
      ...[...graph.variables.entries()].map(([n, v]) => ({ name: `graph/${n}`, shape: v.shape, values: values[n] })),
      ...(await Promise.all(
        head.weights.map(async (w, i) => ({
          name: `head/${i}`,
          shape: w.shape as number[],
          values: Float32Array.from(await w.read().data()),
        })),
      )),
      ...bArrays,
      ...hArrays,
    ];
    writeArrays(o.checkpoint, arrays, { ...meta, optimizers: { backbone: bEntries, head: hEntries } });
  };

  const trainStep = (rows: number[]): number => {
    const x = batchOf(data, rows);
    const targets = targetsOf(data, rows);
    try {
      const { value, grads } = tf.variableGrads(() => {
        const outputs = head.apply(features(graph, x, o.pooling), { training: true }) as tf.Tensor[];
        return lossOf(outputs, targets);
      }, [...graphVars, ...headVars]);
      const of = (vars: tf.Variable[]) => vars.map((v) => ({ name: v.name, tensor: grads[v.name] }));
      if (graphVars.length > 0) backboneOpt.applyGradients(of(graphVars));
      headOpt.applyGradients(of(headVars));
      const loss = value.dataSync()[0];
      tf.dispose([value, ...Object.values(grads)]);
      return loss;
    } finally {
      tf.dispose([x, ...targets]);
    }
  };

  let stepsThisCall = 0;
  const stopped = () => {
    log(`fine-tune: stopped after ${stepsThisCall} steps (epoch ${meta.epoch + 1}, step ${meta.step}), checkpointed`);
    return { head, finished: false, epochs: meta.epochs, stepsThisCall, resumedFrom };
  };
  // meta.epoch and meta.step always name the next batch to train on.
  while (meta.epoch < o.epochs) {
    const batches = chunks(shuffled(trainRows, o.seed * 1000 + meta.epoch), o.batchSize);
    const bar = o.progress?.bar(`fine-tune ${meta.epoch + 1}/${o.epochs}`, batches.length);
    bar?.increment(meta.step);
    while (meta.step < batches.length) {
      const rows = batches[meta.step];
      const t0 = Date.now();
      const loss = trainStep(rows);
      meta.epochSeconds += (Date.now() - t0) / 1000;
      meta.epochLossSum += loss * rows.length;
      meta.epochSeen += rows.length;
      meta.step++;
      stepsThisCall++;
      bar?.increment(1, {
        loss: (meta.epochLossSum / meta.epochSeen).toFixed(4),
        'img/s': (meta.epochSeen / Math.max(meta.epochSeconds, 1e-3)).toFixed(1),
      });
      if (meta.step === batches.length) break;
      const stop = stepsThisCall === o.stopAfterSteps;
      if (stop || stepsThisCall % o.checkpointEvery === 0) await checkpoint();
      if (stop) {
        bar?.stop();
        return stopped();
      }
    }
    bar?.stop();
    const v = await evaluate(graph, head, data, valRows, o.pooling, o.batchSize);
    const summary: EpochSummary = {
      epoch: meta.epoch + 1,
      trainLoss: meta.epochLossSum / meta.epochSeen,
      validationLoss: v.loss,
      validationAccuracy: v.accuracy,
      validationMacroF1: Object.fromEntries(Object.entries(v.scores).map(([h, sc]) => [h, sc.macroF1])),
      ...(v.maskTarget ? { maskTarget: v.maskTarget } : {}),
      imagesPerSecond: meta.epochSeen / Math.max(meta.epochSeconds, 1e-3),
    };
    const pct = (x: number | undefined) => (x === undefined ? 'n/a' : `${(x * 100).toFixed(1)}%`);
    const t = v.maskTarget;
    log(
      `fine-tune epoch ${summary.epoch}: train loss ${summary.trainLoss.toFixed(4)}, validation loss ${summary.validationLoss.toFixed(4)} ` +
        `(${Object.entries(v.scores)
          .map(([h, sc]) => `${h} accuracy ${pct(sc.accuracy)} macro F1 ${sc.macroF1.toFixed(3)}`)
          .join(', ')})` +
        (t
          ? `; mask target (${t.n} faces): macro F1 ${t.macroF1.toFixed(3)}, worn wrongly recall ${pct(t.incorrectRecall)} precision ${pct(t.incorrectPrecision)}`
          : '') +
        `; ${summary.imagesPerSecond.toFixed(2)} training images/s`,
    );
    meta = {
      ...meta,
      epochs: [...meta.epochs, summary],
      epoch: meta.epoch + 1,
      step: 0,
      epochLossSum: 0,
      epochSeen: 0,
      epochSeconds: 0,
    };
    await checkpoint();
    if (stepsThisCall === o.stopAfterSteps && meta.epoch < o.epochs) return stopped();
  }
  return { head, finished: true, epochs: meta.epochs, stepsThisCall, resumedFrom };
}
