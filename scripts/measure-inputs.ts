/**
 * Measures FaceRes input choices (colour order and means, alignment, margin)
 * through the app's own detector and crop code, one change at a time:
 * FaceRes' own gender and age outputs on validation UTKFace faces, and linear
 * probes (softmax regression on its 1024-d features, fit on training-split
 * faces) for mask, gender and age group on validation faces.
 *
 *   npx tsx scripts/measure-inputs.ts --shard 0 --shards 2 &   # one per core
 *   npx tsx scripts/measure-inputs.ts --shard 1 --shards 2; wait
 *   npx tsx scripts/measure-inputs.ts --report                 # merges, probes, prints a table
 */
import * as tf from '@tensorflow/tfjs';
import { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGE_GROUPS, GENDERS, MASK_STATES, ageToGroup } from '../src/core/classes';
import type { BackboneSpec } from '../src/core/ensembleSpec';
import { selectFace } from '../src/core/faceSelect';
import type { FaceRecord } from '../src/core/manifest';
import { scores } from '../src/core/metrics';
import { hashString } from '../src/core/random';
import { isValidation } from '../src/core/recordSelection';
import { cropFaces, toBackboneInput } from '../src/inference/crop';
import { FaceDetector, faceBoxOf } from '../src/inference/detector';
import { loadGraph } from '../src/inference/modelSource';
import { canvasToTensor, decodeImage, imageToCanvas } from '../src/node/decode';
import { DEFAULT_BACKBONES, DEFAULT_DETECTOR } from '../src/training/defaults';
import { positiveWholeNumber, wholeNumber } from '../src/node/cliNumbers';
import { importDataset } from '../src/node/importers';
import { fileModelSource, initNodeBackend } from '../src/node/runtime';
import { INPUT_VARIANTS } from './inputs/variants';

const o = new Command()
  .option('--data <dir>', 'data folder', '../shared/data')
  .option('--models <dir>', 'model folder', 'models')
  .option('--cache <dir>', 'where shard outputs go', '.cache/measure-inputs')
  .option('--per-group <n>', 'faces per group (train/val x demographic/mask)', positiveWholeNumber, 700)
  .option('--shard <k>', 'this process handles faces with index % shards == k', wholeNumber, 0)
  .option('--shards <n>', 'number of processes', positiveWholeNumber, 1)
  .option('--report', 'merge the shards and print the table')
  .parse()
  .opts<{
    data: string;
    models: string;
    cache: string;
    perGroup: number;
    shard: number;
    shards: number;
    report?: boolean;
  }>();

const REAL_MASK_SOURCES = new Set(['ilc2021', 'kaggle_facemask', 'chandrika']);

interface Face {
  record: FaceRecord;
  val: boolean;
  group: 'demo' | 'mask';
}

/** A fixed, spread-out pick: train and validation faces with gender/age (UTKFace) and with real mask labels. */
function pickFaces(records: readonly FaceRecord[], perGroup: number): Face[] {
  const out: Face[] = [];
  const take = (pool: FaceRecord[], val: boolean, group: Face['group']) => {
    const sorted = [...pool].sort(
      (a, b) => hashString(a.path + (a.box?.x ?? '')) - hashString(b.path + (b.box?.x ?? '')),
    );
    // Real wrongly worn masks are rare: all of them first, then the rest.
    const incorrect = sorted.filter((r) => r.mask === 'incorrect');
    const rest = sorted.filter((r) => r.mask !== 'incorrect');
    for (const r of [...incorrect.slice(0, perGroup / 4), ...rest].slice(0, perGroup))
      out.push({ record: r, val, group });
  };
  for (const val of [false, true]) {
    const side = records.filter((r) => isValidation(r.subject, 0.2, 1) === val);
    take(
      side.filter((r) => r.source === 'utkface' && r.gender && r.age !== undefined),
      val,
      'demo',
    );
    take(
      side.filter((r) => r.mask && (val ? REAL_MASK_SOURCES.has(r.source) : r.source !== 'utkface')),
      val,
      'mask',
    );
  }
  return out;
}

const dir = o.cache;
mkdirSync(dir, { recursive: true });
await initNodeBackend();
const { records } = importDataset(o.data);
const faces = pickFaces(records, o.perGroup);

if (!o.report) {
  const source = fileModelSource(o.models);
  const detector = await FaceDetector.load(DEFAULT_DETECTOR, source);
  const graph = await loadGraph(source, DEFAULT_BACKBONES.faceres.file);
  const mine = faces.map((f, i) => ({ f, i })).filter(({ i }) => i % o.shards === o.shard);
  const rows: { i: number; variant: string; gender: number; age: number; features: number[] }[] = [];
  const t0 = Date.now();
  for (const [k, { f, i }] of mine.entries()) {
    const canvas = imageToCanvas(await decodeImage(f.record.path));
    const image = tf.tidy(() => canvasToTensor(canvas).toFloat() as tf.Tensor3D);
    try {
      const dets = await detector.detect(image);
      const sel = selectFace(dets, canvas.width, canvas.height, f.record.box);
      const face = sel.index >= 0 ? faceBoxOf(dets[sel.index]) : sel.box;
      // All variants of a face in one FaceRes batch.
      const out = tf.tidy(() => {
        const inputs = INPUT_VARIANTS.map((v) => {
          const spec: BackboneSpec = { ...DEFAULT_BACKBONES.faceres, channels: 'rgb', mean: undefined, ...v.backbone };
          return toBackboneInput(cropFaces(image, [face], v.crop, spec.inputSize), spec);
        });
        return graph.execute(tf.concat(inputs), [
          'gender_pred/Sigmoid',
          'age_pred/Softmax',
          'global_pooling/Mean',
        ]) as tf.Tensor[];
      });
      const [g, a, feat] = await Promise.all(out.map((t) => t.data()));
      out.forEach((t) => t.dispose());
      INPUT_VARIANTS.forEach((v, j) => {
        const probs = a.subarray(j * 100, (j + 1) * 100);
        const expectedAge = Array.from(probs).reduce((s, p, q) => s + p * q, 0);
        const features = Array.from(feat.subarray(j * 1024, (j + 1) * 1024), (x) => Math.round(x * 1e4) / 1e4);
        rows.push({ i, variant: v.id, gender: g[j], age: expectedAge, features });
      });
    } finally {
      image.dispose();
    }
    if (k % 100 === 0)
      console.log(`shard ${o.shard}: ${k}/${mine.length} faces, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  writeFileSync(join(dir, `shard-${o.shard}.json`), JSON.stringify(rows));
  console.log(`shard ${o.shard}: done, ${mine.length} faces in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
} else {
  type Row = { i: number; variant: string; gender: number; age: number; features: number[] };
  const rows: Row[] = [];
  for (let k = 0; existsSync(join(dir, `shard-${k}.json`)); k++)
    rows.push(...(JSON.parse(readFileSync(join(dir, `shard-${k}.json`), 'utf8')) as Row[]));
  const lines = [
    '| variant | change | FaceRes gender acc | FaceRes age-group acc / F1 | probe mask F1 (real) | probe incorrect recall | probe gender acc | probe age F1 |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const v of INPUT_VARIANTS) {
    const of = rows.filter((r) => r.variant === v.id);
    const demoVal = of.filter((r) => faces[r.i].val && faces[r.i].group === 'demo');
    const gTruth = demoVal.map((r) => GENDERS.indexOf(faces[r.i].record.gender!));
    // FaceRes' sigmoid is P(male); male is index 0.
    const gOwn = scores(
      gTruth,
      demoVal.map((r) => (r.gender >= 0.5 ? 0 : 1)),
      2,
    );
    const aTruth = demoVal.map((r) => AGE_GROUPS.indexOf(faces[r.i].record.ageGroup!));
    const aOwn = scores(
      aTruth,
      demoVal.map((r) => AGE_GROUPS.indexOf(ageToGroup(r.age))),
      3,
    );
    const probe = (label: (f: Face) => number | undefined, k: number, group: Face['group']) => {
      const pick = (val: boolean) =>
        of.filter((r) => faces[r.i].val === val && faces[r.i].group === group && label(faces[r.i]) !== undefined);
      const train = pick(false);
      const test = pick(true);
      const pred = fitSoftmax(
        train.map((r) => r.features),
        train.map((r) => label(faces[r.i])!),
        k,
        test.map((r) => r.features),
      );
      return scores(
        test.map((r) => label(faces[r.i])!),
        pred,
        k,
      );
    };
    const mask = probe((f) => (f.record.mask ? MASK_STATES.indexOf(f.record.mask) : undefined), 3, 'mask');
    const gender = probe((f) => (f.record.gender ? GENDERS.indexOf(f.record.gender) : undefined), 2, 'demo');
    const age = probe((f) => (f.record.ageGroup ? AGE_GROUPS.indexOf(f.record.ageGroup) : undefined), 3, 'demo');
    const incRecall =
      mask.confusion[1][1] /
      Math.max(
        1,
        mask.confusion[1].reduce((a, b) => a + b, 0),
      );
    lines.push(
      `| ${v.id} | ${v.what} | ${gOwn.accuracy.toFixed(3)} | ${aOwn.accuracy.toFixed(3)} / ${aOwn.macroF1.toFixed(3)} | ${mask.macroF1.toFixed(3)} | ${incRecall.toFixed(3)} | ${gender.accuracy.toFixed(3)} | ${age.macroF1.toFixed(3)} |`,
    );
  }
  const demoN = faces.filter((f) => f.val && f.group === 'demo').length;
  const maskN = faces.filter((f) => f.val && f.group === 'mask').length;
  lines.push(
    '',
    `Validation by subject: ${demoN} UTKFace faces (gender/age), ${maskN} real masked/bare faces (ilc2021, kaggle_facemask, chandrika); probes fit on ${faces.length - demoN - maskN} training-split faces.`,
  );
  writeFileSync(join(dir, 'report.md'), lines.join('\n') + '\n');
  console.log(lines.join('\n'));
}

/** Class-weighted softmax regression on standardised features; returns test predictions. */
function fitSoftmax(x: number[][], y: number[], k: number, test: number[][]): number[] {
  return tf.tidy(() => {
    const X = tf.tensor2d(x);
    const { mean, variance } = tf.moments(X, 0);
    const std = variance.sqrt().add(1e-3);
    const Xs = X.sub(mean).div(std);
    const counts = Array.from({ length: k }, (_, c) => y.filter((v) => v === c).length);
    const w = tf.tensor1d(y.map((c) => y.length / (k * Math.max(1, counts[c]))));
    const Y = tf.oneHot(tf.tensor1d(y, 'int32'), k).toFloat();
    const W = tf.variable(tf.zeros([x[0].length, k]));
    const b = tf.variable(tf.zeros([k]));
    const opt = tf.train.adam(0.01);
    for (let e = 0; e < 300; e++) {
      opt.minimize(() => {
        const logits = Xs.matMul(W).add(b);
        const ce = tf.losses.softmaxCrossEntropy(Y, logits, w.expandDims(1).squeeze([1]));
        return ce.add(W.square().sum().mul(1e-3)) as tf.Scalar;
      });
    }
    const T = tf.tensor2d(test).sub(mean).div(std);
    return Array.from(T.matMul(W).add(b).argMax(1).dataSync());
  });
}
