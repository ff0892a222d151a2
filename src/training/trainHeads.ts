/**
 * Heads, validation and export: trains one head per member on cached
 * features, scores members, the hard vote and faceres' own gender/age on the
 * validation subjects, then writes the ensemble into the output folder.
 */
import * as tf from '@tensorflow/tfjs';
import { AGE_GROUPS, GENDERS, HEADS, HEAD_SIZES, MASK_STATES, ageToGroup, type Head } from '../core/classes';
import { aged10PlusRows, ageBandRows, groupRows, scoreModels, type EvalRow, type HeadLabels } from '../core/evaluation';
import { headInputIds, type MemberSpec } from '../core/ensembleSpec';
import { scores } from '../core/metrics';
import { pickThreshold, type UnsureRule } from '../core/unsure';
import { argmax, hardVote, type HeadProbs } from '../core/vote';
import type { TrainConfig } from './config';
import { exportEnsemble } from './exportEnsemble';
import { FeatureCache, type CacheEntry } from './featureCache';
import { featureLayout, type FeatureLayout } from './featureLayout';
import { saveHead } from './headExport';
import { buildHead } from './headModel';
import { labelRows } from './fineTuneData';
import { fileHandler } from '../node/runtime';
import { withBorrowed } from '../inference/forward';
import type { Progress } from '../node/progress';
import { doorFiguresTable, writeReport } from './report';
import type { RunFolder } from '../node/runFolder';
import type { Sample } from './samples';
import { join } from 'node:path';

export interface TrainContext {
  config: TrainConfig;
  run: RunFolder;
  samples: readonly Sample[];
  entries: Map<string, CacheEntry>;
  cacheDir: string;
  backend: string;
  progress: Progress;
  dataSources: string[];
  /** The members whose features the cache holds, in its layout order (train.ts: the defaults). */
  members: readonly Member[];
}

export interface Dataset {
  samples: Sample[];
  entries: CacheEntry[];
  matrix: Float32Array;
  layout: FeatureLayout;
  labels: Record<Head, Int8Array>;
  weights: Record<Head, Float32Array>;
  validation: boolean[];
  members: readonly Member[];
}

const INDEX: Record<Head, readonly string[]> = { mask: MASK_STATES, gender: GENDERS, age: AGE_GROUPS };

function labelsOf(s: Sample): HeadLabels {
  const l: HeadLabels = {};
  if (s.mask) l.mask = INDEX.mask.indexOf(s.mask);
  if (s.gender) l.gender = INDEX.gender.indexOf(s.gender);
  if (s.ageGroup) l.age = INDEX.age.indexOf(s.ageGroup);
  return l;
}

export function loadDataset(ctx: TrainContext): Dataset {
  const layout = featureLayout(ctx.members);
  const usable = ctx.samples.filter((s) => ctx.entries.get(s.id)?.ok);
  const failed = ctx.samples.filter((s) => ctx.entries.get(s.id)?.ok === false);
  if (failed.length > 0) {
    ctx.run.log(`${failed.length} sample(s) could not be prepared and are left out; first ones:`);
    failed.slice(0, 10).forEach((s) => ctx.run.log(`  ${s.path}: ${ctx.entries.get(s.id)?.error}`));
  }
  const entries = usable.map((s) => ctx.entries.get(s.id)!);
  const how: Record<string, number> = {};
  entries.forEach((e) => (how[e.face ?? '?'] = (how[e.face ?? '?'] ?? 0) + 1));
  ctx.run.log(
    `faces found by: ${Object.entries(how)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  const matrix = new FeatureCache(ctx.cacheDir, layout.length).readMatrix(entries);
  const { labels, weights, validation, classes } = labelRows(
    usable,
    ctx.config.valFraction,
    ctx.config.seed,
    ctx.config.realIncorrectWeight,
  );
  for (const h of HEADS)
    ctx.run.log(
      `${h}: train counts ${classes[h].counts.map((c, i) => `${INDEX[h][i]} ${c}`).join(', ')}; weights ${classes[h].weights.map((w) => w.toFixed(2)).join(', ')}`,
    );
  ctx.run.log(
    `split by subject: ${validation.filter((v) => !v).length} train, ${validation.filter(Boolean).length} validation samples`,
  );
  return { samples: usable, entries, matrix, layout, labels, weights, validation, members: ctx.members };
}

/** A member's head input for `rows`: its own columns, then those of the members it borrows from. */
function memberFeatures(ds: Dataset, id: string, rows: readonly number[]): tf.Tensor2D {
  const member = ds.members.find((m) => m.id === id)!;
  const parts = headInputIds(member).map((p) => ds.layout.members.find((x) => x.id === p)!);
  const width = parts.reduce((n, p) => n + p.size, 0);
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, i) => {
    let o = i * width;
    for (const p of parts) {
      const start = r * ds.layout.length + p.offset;
      out.set(ds.matrix.subarray(start, start + p.size), o);
      o += p.size;
    }
  });
  return tf.tensor2d(out, [rows.length, width]);
}

function targets(
  labels: Record<Head, Int8Array>,
  weights: Record<Head, Float32Array>,
  h: Head,
  rows: readonly number[],
): tf.Tensor2D {
  const k = HEAD_SIZES[h];
  const out = new Float32Array(rows.length * k);
  rows.forEach((r, i) => {
    const v = labels[h][r];
    if (v >= 0) out[i * k + v] = weights[h][r];
  });
  return tf.tensor2d(out, [rows.length, k]);
}

/**
 * The training rows a member's heads are fit on, with their targets. A member
 * trained on real photos only gets its class weights from those rows alone:
 * real wrongly worn masks are far rarer there than among all samples.
 */
export function memberTraining(
  ds: Pick<Dataset, 'samples' | 'labels' | 'weights'>,
  member: Pick<Member, 'trainOn'>,
  trainRows: readonly number[],
  config: Pick<TrainConfig, 'valFraction' | 'seed' | 'realIncorrectWeight'>,
): { rows: number[]; targets: () => tf.Tensor2D[] } {
  if (member.trainOn !== 'real') {
    return { rows: [...trainRows], targets: () => HEADS.map((h) => targets(ds.labels, ds.weights, h, trainRows)) };
  }
  const rows = trainRows.filter((r) => !ds.samples[r].synthetic);
  const own = labelRows(
    rows.map((r) => ds.samples[r]),
    config.valFraction,
    config.seed,
    config.realIncorrectWeight,
  );
  const positions = rows.map((_, i) => i);
  return { rows, targets: () => HEADS.map((h) => targets(own.labels, own.weights, h, positions)) };
}

async function predict(model: tf.LayersModel, x: tf.Tensor2D): Promise<Record<Head, Float32Array>> {
  const out = model.predict(x, { batchSize: 1024 }) as tf.Tensor[];
  const values = await Promise.all(out.map((t) => t.data()));
  out.forEach((t) => t.dispose());
  const r = {} as Record<Head, Float32Array>;
  HEADS.forEach((h, i) => (r[h] = values[i] as Float32Array));
  return r;
}

export async function trainAndExport(ctx: TrainContext): Promise<void> {
  const { config, run } = ctx;
  const ds = loadDataset(ctx);
  const trainRows = ds.validation.flatMap((v, i) => (v ? [] : [i]));
  const valRows = ds.validation.flatMap((v, i) => (v ? [i] : []));
  if (trainRows.length === 0 || valRows.length === 0)
    throw new Error('the split left no training or no validation faces');

  const headsDir = join(config.out, 'heads');
  const memberProbs: Record<string, Record<Head, Float32Array>> = {};
  const written: Record<string, string[]> = {};
  // --members: those, with the members they borrow from (their pooling must ship too).
  const candidates = config.members.length > 0 ? withBorrowed(ds.members, config.members) : ds.members;
  if (candidates.length < ds.members.length)
    run.log(`members trained (--members, with what they borrow): ${candidates.map((m) => m.id).join(', ')}`);
  for (const member of candidates) {
    const t0 = Date.now();
    // Seeded by the member's place in the cache layout, so a --members run repeats the full one's heads.
    const mi = ds.members.indexOf(member);
    const fit = memberTraining(ds, member, trainRows, config);
    if (member.trainOn === 'real')
      run.log(`head ${member.id}: real photos only, ${fit.rows.length} of ${trainRows.length} training samples`);
    if (fit.rows.length === 0) {
      // E.g. a data folder of drawn masks only: nothing to fit, and nothing another member borrows.
      run.log(`head ${member.id}: no training samples it may learn from; left out`);
      continue;
    }
    const x = memberFeatures(ds, member.id, fit.rows);
    const y = fit.targets();
    const model = buildHead({
      inputSize: x.shape[1],
      hidden: config.hidden,
      dropout: config.dropout,
      learningRate: config.learningRate,
      seed: config.seed + mi,
    });
    const bar = ctx.progress.bar(`head ${member.id}`, config.epochs);
    let lastLoss = NaN;
    await model.fit(x, y, {
      epochs: config.epochs,
      batchSize: config.trainBatch,
      shuffle: true,
      verbose: 0,
      callbacks: {
        onEpochEnd: async (_e, logs) => {
          lastLoss = logs?.loss ?? NaN;
          bar.increment(1, { loss: lastLoss.toFixed(4) });
        },
      },
    });
    bar.stop();
    x.dispose();
    y.forEach((t) => t.dispose());
    const files = await saveHead(model, join(headsDir, `${member.id}.json`));
    written[member.id] = files;
    model.dispose();
    // Score the head as shipped: reload it from the files just written.
    const shipped = await tf.loadLayersModel(fileHandler(files[0]));
    const xv = memberFeatures(ds, member.id, valRows);
    memberProbs[member.id] = await predict(shipped, xv);
    xv.dispose();
    shipped.dispose();
    run.log(
      `head ${member.id}: ${fit.rows.length} faces x ${config.epochs} epochs in ${((Date.now() - t0) / 1000).toFixed(0)} s, final loss ${lastLoss.toFixed(4)}`,
    );
  }

  const trained = candidates.filter((m) => memberProbs[m.id]);
  const members = chooseMembers(ds, valRows, memberProbs, run.log, trained);
  const unsure = chooseUnsureRule(ds, valRows, memberProbs, members, config, run.log);
  run.writeJson('unsure.json', unsure);
  const rows = evalRows(ds, valRows, memberProbs, members);
  const groups = { ...groupRows(rows), ...ageBandRows(rows), ...aged10PlusRows(rows) };
  const scored = Object.fromEntries(Object.entries(groups).map(([g, r]) => [g, scoreModels(r)]));
  const summary = writeReport(run, scored, config);
  run.writeJson('metrics.json', summary);
  const door = doorFiguresTable(rows);
  run.log(`door figures (vote, real validation photos):\n${door}`);
  await exportEnsemble({
    config,
    run,
    members,
    unsure: unsure.rule,
    headFiles: members.flatMap((m) => written[m.id]),
    doorFigures: door,
    metrics: summary,
    dataSources: ctx.dataSources,
    backend: ctx.backend,
  });
}

type Member = Omit<MemberSpec, 'head'>;

/** Member m's probabilities for validation row i. */
function probsOf(memberProbs: Record<string, Record<Head, Float32Array>>, id: string, i: number): HeadProbs {
  const p = {} as HeadProbs;
  for (const h of HEADS) p[h] = memberProbs[id][h].subarray(i * HEAD_SIZES[h], (i + 1) * HEAD_SIZES[h]);
  return p;
}

/**
 * The members that ship: all of them, or all but one (never one whose features
 * another borrows), whichever votes best on validation (mask macro F1 on real photos + gender accuracy + age-group macro
 * F1), so a member that only adds noise to the vote is left out.
 */
export function chooseMembers(
  ds: Dataset,
  valRows: readonly number[],
  memberProbs: Record<string, Record<Head, Float32Array>>,
  log: (msg: string) => void,
  candidates: readonly Member[] = ds.members,
): Member[] {
  // A member whose features another borrows cannot go: its pooling must stay in ensemble.json.
  const borrowed = new Set(candidates.flatMap((m) => m.extraFeatures ?? []));
  const droppable = candidates.filter((m) => !borrowed.has(m.id));
  const sets = [candidates, ...(candidates.length > 3 ? droppable.map((d) => candidates.filter((m) => m !== d)) : [])];
  const real = valRows.map((r) => !ds.samples[r].synthetic);
  const score = (set: readonly Member[]) => {
    const truth: Record<Head, number[]> = { mask: [], gender: [], age: [] };
    const pred: Record<Head, number[]> = { mask: [], gender: [], age: [] };
    valRows.forEach((r, i) => {
      const v = hardVote(set.map((m) => probsOf(memberProbs, m.id, i)));
      for (const h of HEADS) {
        const t = ds.labels[h][r];
        if (t < 0 || (h === 'mask' && !real[i])) continue;
        truth[h].push(t);
        pred[h].push(v.heads[h].label);
      }
    });
    const mask = scores(truth.mask, pred.mask, 3).macroF1;
    const gender = scores(truth.gender, pred.gender, 2).accuracy;
    const age = scores(truth.age, pred.age, 3).macroF1;
    return { mask, gender, age, total: mask + gender + age };
  };
  let best = { set: sets[0], s: score(sets[0]) };
  for (const set of sets) {
    const s = score(set);
    const left = candidates.filter((m) => !set.includes(m)).map((m) => m.id);
    log(
      `vote ${left.length ? `without ${left.join(', ')}` : 'of all members'}: real mask F1 ${s.mask.toFixed(4)}, gender ${s.gender.toFixed(4)}, age F1 ${s.age.toFixed(4)} (sum ${s.total.toFixed(4)})`,
    );
    if (s.total > best.s.total + 1e-9) best = { set, s };
  }
  log(`members shipped: ${best.set.map((m) => m.id).join(', ')}`);
  return [...best.set];
}

export interface UnsureChoice {
  rule: UnsureRule;
  /** Per head: validation answers it was picked on, coverage and accuracy on the sure ones, and before. */
  picked: Record<Head, { n: number; coverage: number; accuracy: number; accuracyAll: number }>;
}

/**
 * "Not sure" thresholds per head, picked on the real validation photos: the
 * rule with the best accuracy on sure answers that leaves at most
 * `config.maxUnsure[head]` of them unsure.
 */
export function chooseUnsureRule(
  ds: Dataset,
  valRows: readonly number[],
  memberProbs: Record<string, Record<Head, Float32Array>>,
  members: readonly Member[],
  config: TrainConfig,
  log: (msg: string) => void,
): UnsureChoice {
  const rule = {} as UnsureRule;
  const picked = {} as UnsureChoice['picked'];
  for (const h of HEADS) {
    const answers = valRows.flatMap((r, i) => {
      const t = ds.labels[h][r];
      if (t < 0 || ds.samples[r].synthetic) return [];
      const v = hardVote(members.map((m) => probsOf(memberProbs, m.id, i))).heads[h];
      return [{ votes: v.votes, confidence: v.confidence, correct: v.label === t }];
    });
    const choice = pickThreshold(answers, members.length, config.maxUnsure[h]);
    rule[h] = { minVotes: choice.minVotes, minConfidence: choice.minConfidence };
    const accuracyAll = answers.filter((a) => a.correct).length / Math.max(1, answers.length);
    picked[h] = { n: answers.length, coverage: choice.coverage, accuracy: choice.accuracy, accuracyAll };
    log(
      `unsure ${h}: votes < ${choice.minVotes} or confidence < ${choice.minConfidence} -> ${((1 - choice.coverage) * 100).toFixed(1)}% of ${answers.length} real validation faces unsure, accuracy ${accuracyAll.toFixed(4)} -> ${choice.accuracy.toFixed(4)} on the sure rest`,
    );
  }
  return { rule, picked };
}

/** Validation rows: truth, each member's arg-max, the hard vote, and faceres' own gender and age. */
export function evalRows(
  ds: Dataset,
  valRows: readonly number[],
  memberProbs: Record<string, Record<Head, Float32Array>>,
  members: readonly Member[] = ds.members,
): EvalRow[] {
  return valRows.map((r, i) => {
    const s = ds.samples[r];
    const predictions: Record<string, HeadLabels> = {};
    const probs: HeadProbs[] = [];
    for (const m of members) {
      const p = probsOf(memberProbs, m.id, i);
      probs.push(p);
      predictions[m.id] = { mask: argmax(p.mask), gender: argmax(p.gender), age: argmax(p.age) };
    }
    const vote = hardVote(probs);
    predictions.vote = { mask: vote.heads.mask.label, gender: vote.heads.gender.label, age: vote.heads.age.label };
    const base = r * ds.layout.length;
    const pMale = ds.matrix[base + ds.layout.baseline.gender];
    if (Number.isFinite(pMale)) {
      let age = 0;
      for (let a = 0; a < ds.layout.baseline.ageBins; a++) age += a * ds.matrix[base + ds.layout.baseline.age + a];
      predictions.faceres = { gender: pMale >= 0.5 ? 0 : 1, age: AGE_GROUPS.indexOf(ageToGroup(age)) };
    }
    return { source: s.source, synthetic: s.synthetic, truth: labelsOf(s), ageYears: s.age, predictions };
  });
}
