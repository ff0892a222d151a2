import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HEADS } from '../../../src/core/classes';
import { validateEnsembleSpec, type EnsembleSpec } from '../../../src/core/ensembleSpec';
import { selectFace } from '../../../src/core/faceSelect';
import { faceBoxOf } from '../../../src/inference/detector';
import { Ensemble } from '../../../src/inference/ensemble';
import { DEFAULT_CONFIG } from '../../../src/training/config';
import { canvasToTensor, decodeImage, imageToCanvas } from '../../../src/node/decode';
import { sha256File } from '../../../src/training/exportEnsemble';
import { FeatureExtractor } from '../../../src/training/featureExtractor';
import { fileHandler, fileModelSource, initNodeBackend } from '../../../src/node/runtime';
import type { Sample } from '../../../src/training/samples';
import { train } from '../../../src/training/train';
import { DATA_DIR, MODELS_DIR, UTK_FACE } from '../../helpers/data';

// A whole training run on ~50 faces, then the exported ensemble is loaded by
// the same Ensemble class the browser uses and run on a photo.
describe('training smoke run', () => {
  const root = mkdtempSync(join(tmpdir(), 'mc-smoke-'));
  const out = join(root, 'out');
  let spec: EnsembleSpec;
  let runDir: string;

  beforeAll(async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(out, { recursive: true });
    const run = await train({
      ...DEFAULT_CONFIG,
      data: DATA_DIR,
      models: MODELS_DIR,
      out,
      runs: join(root, 'runs'),
      cache: join(root, 'cache'),
      workers: 1,
      limit: 50,
      epochs: 3,
      sheetSize: 4,
    });
    runDir = run.dir;
    spec = validateEnsembleSpec(JSON.parse(readFileSync(join(out, 'ensemble.json'), 'utf8')));
  }, 600_000);

  it('writes the run folder: config, log, metrics, pictures, contact sheet', () => {
    for (const f of [
      'config.json',
      'log.txt',
      'metrics.json',
      'metrics.md',
      'targets.json',
      'confusion-vote.png',
      'macro-f1.png',
      'synthetic-masks.png',
    ]) {
      expect(existsSync(join(runDir, f)), f).toBe(true);
    }
    expect(readFileSync(join(runDir, 'log.txt'), 'utf8')).toMatch(/backend: (wasm|tensorflow)/);
  });

  it('exports at least 3 members, a model card, and a sha256 for every file that matches it', () => {
    expect(spec.members.length).toBeGreaterThanOrEqual(3);
    // Members differ in what they see (backbone, crop, pooling) or in what their heads learnt from.
    const differs = (m: (typeof spec.members)[number]) =>
      `${m.backbone}/${m.crop.scale}/${m.crop.shiftY}/${m.pooling}/${m.trainOn ?? 'all'}`;
    expect(new Set(spec.members.map(differs)).size).toBe(spec.members.length);
    expect(existsSync(join(out, 'MODEL_CARD.md'))).toBe(true);
    for (const [file, hash] of Object.entries(spec.sha256)) expect(sha256File(join(out, file)), file).toBe(hash);
    for (const m of spec.members) expect(spec.sha256[m.head]).toBeDefined();
  });

  it('loads in the app’s Ensemble and classifies a photo without leaking tensors', async () => {
    await initNodeBackend();
    const ensemble = await Ensemble.load(spec, fileModelSource(out));
    const image = canvasToTensor(imageToCanvas(await decodeImage(UTK_FACE)));
    const before = tf.memory().numTensors;
    const faces = await ensemble.analyze(image);
    expect(tf.memory().numTensors).toBe(before);
    expect(faces.length).toBeGreaterThanOrEqual(1);
    const f = faces[0];
    expect(f.classId).toBeGreaterThanOrEqual(0);
    expect(f.classId).toBeLessThan(18);
    expect(f.total).toBe(spec.members.length);
    expect(f.members).toHaveLength(spec.members.length);
    for (const h of HEADS) expect(f.heads[h].votes).toBeLessThanOrEqual(spec.members.length);
    image.dispose();
    ensemble.dispose();
  });

  it('sees a face the same way in training and in the app: same box, same head outputs', async () => {
    await initNodeBackend();
    const source = fileModelSource(out);
    // The trainer's own landmark model is not shipped; everything else comes from the export.
    const trainerSource = (file: string) =>
      file === 'facemesh.json' ? fileHandler(join(MODELS_DIR, file)) : source(file);
    const extractor = await FeatureExtractor.load(trainerSource, spec.detector, spec.backbones, spec.members);
    const ensemble = await Ensemble.load(spec, source);
    const sample: Sample = {
      id: 'eq',
      path: UTK_FACE,
      source: 'utkface',
      subject: 'eq',
      variant: 'original',
      seed: 0,
      synthetic: false,
      demographicsPredicted: false,
    };
    const prepared = await extractor.prepare(sample);
    const [vector] = await extractor.features([prepared]);
    const canvas = imageToCanvas(await decodeImage(UTK_FACE));
    const image = canvasToTensor(canvas);
    const detections = await ensemble.detector.detect(image);
    const chosen = selectFace(detections, canvas.width, canvas.height);
    expect(chosen.box).toEqual(prepared.box);
    // The app's own path: classify the detection (its box and eye-line angle for aligned crops).
    const [result] = await ensemble.classify(image, [detections[chosen.index]]);
    expect(prepared.angle).toBe(faceBoxOf(detections[chosen.index]).angle);
    for (const [mi, m] of spec.members.entries()) {
      // The trainer's layout: each member's own columns, then the members it borrows from.
      const parts = [m.id, ...(m.extraFeatures ?? [])].map((id) => extractor.layout.members.find((l) => l.id === id)!);
      const input = parts.flatMap((p) => Array.from(vector.slice(p.offset, p.offset + p.size)));
      const head = await tf.loadLayersModel(fileHandler(join(out, m.head)));
      const x = tf.tensor2d(input, [1, input.length]);
      const outs = head.predict(x) as tf.Tensor[];
      for (const [hi, h] of HEADS.entries()) {
        const fromTraining = Array.from(await outs[hi].data());
        const fromApp = Array.from(result.members[mi][h]);
        fromTraining.forEach((v, k) => expect(Math.abs(v - fromApp[k]), `${m.id} ${h}`).toBeLessThan(1e-4));
      }
      outs.forEach((t) => t.dispose());
      x.dispose();
      head.dispose();
    }
    image.dispose();
    ensemble.dispose();
    extractor.dispose();
  });
});
