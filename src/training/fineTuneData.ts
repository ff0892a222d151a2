/**
 * Fine-tuning data from the labelled photos: each sample's face prepared as
 * for head training (detect, draw a mask where the sample asks for one), cut
 * by the member's crop rule, run through the frozen bottom of the backbone,
 * and the activation at the cut appended to a cache of its own (append-only
 * and resumable, like the feature cache). Training then reads batches of rows
 * from that cache; nothing of the frozen bottom is run again.
 */
import * as tf from '@tensorflow/tfjs';
import { AGE_GROUPS, GENDERS, HEADS, HEAD_SIZES, MASK_STATES, type Head } from '../core/classes';
import type { EnsembleSpec, MemberSpec } from '../core/ensembleSpec';
import { WRONGLY_WORN_SOURCES } from '../core/evaluation';
import type { Box } from '../core/geometry';
import { hashString } from '../core/random';
import { isValidation } from '../core/recordSelection';
import { cropFaces, toBackboneInput } from '../inference/crop';
import type { ModelSource } from '../inference/modelSource';
import { canvasToTensor } from '../node/decode';
import { FeatureCache, type FaceSource } from './featureCache';
import { FeatureExtractor } from './featureExtractor';
import type { FineTuneData } from './fineTune';
import type { Progress } from '../node/progress';
import type { Sample } from './samples';
import type { TrainableGraph } from './trainableGraph';

export interface ActivationCacheOptions {
  cacheDir: string;
  source: ModelSource;
  spec: EnsembleSpec;
  member: MemberSpec;
  graph: TrainableGraph;
  batchSize: number;
  /** Cache only this share of the samples (by photo, so a photo's variants stay together): [k, n] = the k-th of n. */
  shard?: [number, number];
  progress?: Progress;
  log?: (msg: string) => void;
}

/** The activation shape at the graph's cut for one input image. */
export function cutShape(graph: TrainableGraph, inputSize: number): number[] {
  return tf.tidy(() => graph.cut(tf.zeros([1, inputSize, inputSize, 3])).shape.slice(1));
}

/** Adds every sample (of `o.shard`'s share) not yet in the cache. */
export async function cacheActivations(samples: readonly Sample[], o: ActivationCacheOptions): Promise<void> {
  const backboneSpec = o.spec.backbones[o.member.backbone];
  const shape = cutShape(o.graph, backboneSpec.inputSize);
  const cache = new FeatureCache(
    o.cacheDir,
    shape.reduce((a, b) => a * b, 1),
  );
  const cached = cache.entries();
  const mine = (s: Sample) => !o.shard || hashString(s.path) % o.shard[1] === o.shard[0];
  const todo = samples.filter((s) => !cached.has(s.id) && mine(s));
  o.log?.(
    `fine-tune cache: ${samples.filter((s) => cached.has(s.id)).length} of ${samples.length} samples cached, ${todo.length} to add` +
      (o.shard ? ` (share ${o.shard[0] + 1} of ${o.shard[1]})` : ''),
  );
  if (todo.length === 0) return;
  // Only the detector and the landmarks are used here; the backbone is the trainable graph's.
  const extractor = await FeatureExtractor.load(o.source, o.spec.detector, {}, []);
  const writer = cache.writer(`activations-${process.pid}`);
  const bar = o.progress?.bar('activations', todo.length);
  try {
    for (let i = 0; i < todo.length; i += o.batchSize) {
      const batch = todo.slice(i, i + o.batchSize);
      const faces: { sample: Sample; box: Box; how: FaceSource; crop: tf.Tensor4D }[] = [];
      for (const s of batch) {
        try {
          const p = await extractor.prepare(s);
          const image = canvasToTensor(p.canvas);
          try {
            // The member's crop rule through the app's crop code; the backbone is the trainable graph.
            const crop = cropFaces(image, [{ ...p.box, angle: p.angle }], o.member.crop, backboneSpec.inputSize);
            faces.push({ sample: s, box: p.box, how: p.face, crop });
          } finally {
            image.dispose();
          }
        } catch (e) {
          writer.add({ id: s.id, ok: false, error: e instanceof Error ? e.message : String(e) });
        }
      }
      if (faces.length > 0) {
        const acts = tf.tidy(() =>
          o.graph.cut(toBackboneInput(tf.concat(faces.map((f) => f.crop)) as tf.Tensor4D, backboneSpec)),
        );
        const values = (await acts.data()) as Float32Array;
        acts.dispose();
        const size = values.length / faces.length;
        faces.forEach((f, k) =>
          writer.add({ id: f.sample.id, ok: true, face: f.how, box: f.box }, values.slice(k * size, (k + 1) * size)),
        );
        faces.forEach((f) => f.crop.dispose());
      }
      bar?.increment(batch.length);
    }
  } finally {
    bar?.stop();
    extractor.dispose();
  }
}

const INDEX: Record<Head, readonly string[]> = { mask: MASK_STATES, gender: GENDERS, age: AGE_GROUPS };

function label(s: Sample, h: Head): number {
  const v = h === 'mask' ? s.mask : h === 'gender' ? s.gender : s.ageGroup;
  return v === undefined ? -1 : INDEX[h].indexOf(v);
}

export interface LabelledRows {
  labels: Record<Head, Int8Array>;
  weights: Record<Head, Float32Array>;
  validation: boolean[];
  /** Per head: training-side count and loss weight of each class (for the run log). */
  classes: Record<Head, { counts: number[]; weights: number[] }>;
}

/**
 * Labels, loss weights and the split as head training makes them: validation
 * by subject (the same subjects as `npm run train` with the same seed and
 * fraction, so fine-tuning never sees them), inverse class frequency on the
 * training side clipped to 0.2..5, gender and age guessed by a face API at half weight, real
 * wrongly worn masks times `realIncorrectWeight`. Head training (trainHeads.ts) uses it too.
 */
export function labelRows(
  samples: readonly Sample[],
  valFraction: number,
  seed: number,
  /** Extra weight on real photos of wrongly worn masks (head training's `realIncorrectWeight`). */
  realIncorrectWeight = 1,
): LabelledRows {
  const validation = samples.map((s) => isValidation(s.subject, valFraction, seed));
  const labels = {} as Record<Head, Int8Array>;
  const weights = {} as Record<Head, Float32Array>;
  const classes = {} as LabelledRows['classes'];
  for (const h of HEADS) {
    labels[h] = Int8Array.from(samples, (s) => label(s, h));
    const counts = new Array<number>(HEAD_SIZES[h]).fill(0);
    labels[h].forEach((v, i) => v >= 0 && !validation[i] && counts[v]++);
    const total = counts.reduce((a, b) => a + b, 0);
    const classWeight = counts.map((c) => (c > 0 ? Math.min(5, Math.max(0.2, total / (HEAD_SIZES[h] * c))) : 0));
    weights[h] = Float32Array.from(samples, (s, i) => {
      const v = labels[h][i];
      if (v < 0) return 0;
      const trust = h !== 'mask' && s.demographicsPredicted ? 0.5 : 1;
      const realIncorrect = h === 'mask' && s.mask === 'incorrect' && !s.synthetic ? realIncorrectWeight : 1;
      return classWeight[v] * trust * realIncorrect;
    });
    classes[h] = { counts, weights: classWeight };
  }
  return { labels, weights, validation, classes };
}

/** Fine-tuning rows: the samples whose activation is cached, read from the cache batch by batch. */
export function cachedData(
  cacheDir: string,
  inputShape: number[],
  samples: readonly Sample[],
  valFraction: number,
  seed: number,
): { data: FineTuneData; samples: Sample[] } {
  const cache = new FeatureCache(
    cacheDir,
    inputShape.reduce((a, b) => a * b, 1),
  );
  // Read from disk: every process's share of the cache is there.
  const entries = cache.entries();
  const usable = samples.filter((s) => entries.get(s.id)?.ok);
  const rows = usable.map((s) => entries.get(s.id)!);
  return {
    samples: usable,
    data: {
      count: usable.length,
      inputShape,
      inputs: (r) => cache.readMatrix(r.map((i) => rows[i])),
      ...labelRows(usable, valFraction, seed),
      maskTarget: usable.map((s) => !s.synthetic && WRONGLY_WORN_SOURCES.includes(s.source)),
    },
  };
}
