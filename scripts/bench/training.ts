/**
 * Training throughput in Node: faces per second for feature extraction
 * (detector, crops, backbones, pooling: the trainer's FeatureExtractor on real
 * photos) and for head training (buildHead fitted on random features of each
 * member's size). Runs on the trainer's own backend choice (initNodeBackend).
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HEADS, HEAD_SIZES } from '../../src/core/classes';
import { validateEnsembleSpec } from '../../src/core/ensembleSpec';
import { DEFAULT_CONFIG } from '../../src/training/config';
import { FeatureExtractor } from '../../src/training/featureExtractor';
import { buildHead } from '../../src/training/headModel';
import { fileModelSource, initNodeBackend } from '../../src/node/runtime';
import type { Sample, Variant } from '../../src/training/samples';

export interface ExtractionFigures {
  variant: Variant;
  faces: number;
  failed: number;
  batchSize: number;
  seconds: number;
  facesPerSecond: number;
}

export interface HeadFigures {
  member: string;
  featureSize: number;
  samples: number;
  epochs: number;
  batchSize: number;
  hidden: number;
  seconds: number;
  facesPerSecond: number;
}

export interface TrainingFigures {
  backend: string;
  extraction: ExtractionFigures[];
  heads: HeadFigures[];
}

export interface TrainingOptions {
  modelsDir: string;
  dataDir: string;
  /** Photos for plain feature extraction. */
  faces: number;
  /** Photos for extraction with a drawn mask (facemesh + drawing + second detection). */
  maskedFaces: number;
  headSamples: number;
  headEpochs: number;
  log?: (msg: string) => void;
}

function utkSamples(dataDir: string, from: number, n: number, variant: Variant): Sample[] {
  const dir = join(dataDir, 'utkface');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jpg'))
    .sort()
    .slice(from, from + n)
    .map((f) => ({
      id: `${f}#${variant}`,
      path: join(dir, f),
      source: 'utkface',
      subject: f,
      variant,
      seed: 1,
      synthetic: variant !== 'original',
      demographicsPredicted: false,
    }));
}

async function extractAll(fx: FeatureExtractor, samples: Sample[], batchSize: number): Promise<number> {
  let failed = 0;
  for (let i = 0; i < samples.length; i += batchSize) {
    const out = await fx.extract(samples.slice(i, i + batchSize));
    failed += out.filter((o) => !o.entry.ok).length;
  }
  return failed;
}

export async function benchTraining(o: TrainingOptions): Promise<TrainingFigures> {
  const log = o.log ?? (() => {});
  const backend = await initNodeBackend(log);
  const spec = validateEnsembleSpec(JSON.parse(readFileSync(join(o.modelsDir, 'ensemble.json'), 'utf8')));
  const fx = await FeatureExtractor.load(fileModelSource(o.modelsDir), spec.detector, spec.backbones, spec.members);
  const batchSize = DEFAULT_CONFIG.batchSize;
  const extraction: ExtractionFigures[] = [];
  try {
    // Warm-up on photos outside the timed set (first-run kernel setup).
    await extractAll(fx, utkSamples(o.dataDir, o.faces + o.maskedFaces, 4, 'wear'), batchSize);
    const runs: [Variant, Sample[]][] = [
      ['original', utkSamples(o.dataDir, 0, o.faces, 'original')],
      ['wear', utkSamples(o.dataDir, o.faces, o.maskedFaces, 'wear')],
    ];
    for (const [variant, samples] of runs) {
      if (samples.length === 0) continue;
      const t = performance.now();
      const failed = await extractAll(fx, samples, batchSize);
      const seconds = (performance.now() - t) / 1000;
      extraction.push({
        variant,
        faces: samples.length,
        failed,
        batchSize,
        seconds,
        facesPerSecond: samples.length / seconds,
      });
      log(`features (${variant}): ${samples.length} faces in ${seconds.toFixed(1)} s`);
    }
  } finally {
    fx.dispose();
  }

  const heads: HeadFigures[] = [];
  for (const [mi, m] of spec.members.entries()) {
    const model = buildHead({
      inputSize: m.featureSize,
      hidden: DEFAULT_CONFIG.hidden,
      dropout: DEFAULT_CONFIG.dropout,
      learningRate: DEFAULT_CONFIG.learningRate,
      seed: mi + 1,
    });
    const x = tf.randomNormal([o.headSamples, m.featureSize], 0, 1, 'float32', mi + 1);
    const y = HEADS.map((h, hi) =>
      tf.tidy(() =>
        tf.oneHot(tf.randomUniform([o.headSamples], 0, HEAD_SIZES[h], 'int32', mi * 10 + hi), HEAD_SIZES[h]).toFloat(),
      ),
    );
    try {
      const t = performance.now();
      await model.fit(x, y, { epochs: o.headEpochs, batchSize: DEFAULT_CONFIG.trainBatch, shuffle: true, verbose: 0 });
      const seconds = (performance.now() - t) / 1000;
      heads.push({
        member: m.id,
        featureSize: m.featureSize,
        samples: o.headSamples,
        epochs: o.headEpochs,
        batchSize: DEFAULT_CONFIG.trainBatch,
        hidden: DEFAULT_CONFIG.hidden,
        seconds,
        facesPerSecond: (o.headSamples * o.headEpochs) / seconds,
      });
      log(`head ${m.id}: ${o.headEpochs} epochs x ${o.headSamples} in ${seconds.toFixed(1)} s`);
    } finally {
      x.dispose();
      y.forEach((t) => t.dispose());
      model.dispose();
    }
  }
  return { backend, extraction, heads };
}
