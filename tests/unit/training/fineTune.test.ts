import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HEADS } from '../../../src/core/classes';
import { validateEnsembleSpec, type EnsembleSpec } from '../../../src/core/ensembleSpec';
import { cropFaces, pool, toBackboneInput } from '../../../src/inference/crop';
import { Ensemble } from '../../../src/inference/ensemble';
import { canvasToTensor, decodeImage, imageToCanvas } from '../../../src/node/decode';
import { sha256File } from '../../../src/training/exportEnsemble';
import {
  evaluate,
  fineTune,
  scaffoldHead,
  type FineTuneData,
  type FineTuneOptions,
} from '../../../src/training/fineTune';
import { labelRows } from '../../../src/training/fineTuneData';
import { writeFineTunedModels } from '../../../src/training/fineTuneExport';
import { fusionMetadata, unfusedModelPath } from '../../../src/training/fuseModelFiles';
import { importDataset } from '../../../src/node/importers';
import { fileModelSource, initNodeBackend } from '../../../src/node/runtime';
import { checkGraphParity } from '../../../src/training/parity';
import { buildSamples } from '../../../src/training/samples';
import { TrainableGraph } from '../../../src/training/trainableGraph';
import { installWasmGradKernels } from '../../../src/node/wasmGradKernels';
import { installFastTransposedMatMul } from '../../../src/node/wasmKernels';
import { DATA_DIR, MODELS_DIR, UTK_FACE } from '../../helpers/data';

const spec = validateEnsembleSpec(JSON.parse(readFileSync(join(MODELS_DIR, 'ensemble.json'), 'utf8')));
const mobileface = spec.backbones.mobileface;
const loadMobileFace = () =>
  TrainableGraph.load(unfusedModelPath(MODELS_DIR, mobileface.file), { output: mobileface.output });

describe('trainable graph', () => {
  beforeAll(async () => {
    await initNodeBackend();
    installWasmGradKernels();
  });

  it('trains the weights above the cut only, and reproduces the app’s fused graph', async () => {
    const top = await TrainableGraph.load(unfusedModelPath(MODELS_DIR, spec.backbones.faceres.file), {
      from: 'conv_pw_11_relu/clip_by_value',
      output: spec.backbones.faceres.output,
    });
    expect([...top.variables.keys()].every((n) => /conv_(dw|pw)_1[23]/.test(n))).toBe(true);
    expect(top.parameterCount).toBe(
      3 * 3 * 512 + 2 * 512 + 512 * 1024 + 1024 + 3 * 3 * 1024 + 2 * 1024 + 1024 * 1024 + 1024,
    );
    expect(await checkGraphParity(top, fileModelSource(MODELS_DIR), spec.backbones.faceres)).toBeLessThan(1e-4);
    top.dispose();
    const whole = await loadMobileFace();
    expect(await checkGraphParity(whole, fileModelSource(MODELS_DIR), mobileface)).toBeLessThan(1e-4);
    whole.dispose();
  });

  it('writes back the same bytes when nothing was trained (float16 weights stay float16)', async () => {
    const original = unfusedModelPath(MODELS_DIR, spec.backbones.faceres.file);
    expect(original).toBe(join(MODELS_DIR, 'original', 'faceres.json'));
    const top = await TrainableGraph.load(original, {
      from: 'conv_pw_12_relu/clip_by_value',
      output: spec.backbones.faceres.output,
    });
    const dir = mkdtempSync(join(tmpdir(), 'mc-ftsave-'));
    const [json, bin] = await top.save(join(dir, 'faceres.json'));
    expect(readFileSync(bin).equals(readFileSync(join(MODELS_DIR, 'original', 'faceres.bin')))).toBe(true);
    expect(JSON.parse(readFileSync(json, 'utf8')).modelTopology).toEqual(
      JSON.parse(readFileSync(original, 'utf8')).modelTopology,
    );
    top.dispose();
  });
});

// A whole-MobileFace fine-tuning run on a few real faces: it lowers the loss,
// an interrupted run resumed from its checkpoint ends where an uninterrupted
// one does, and the written folder loads in the app's Ensemble.
describe('tiny fine-tuning run', () => {
  const root = mkdtempSync(join(tmpdir(), 'mc-finetune-'));
  let data: FineTuneData;
  const options = (checkpoint: string): FineTuneOptions => ({
    epochs: 3,
    batchSize: 4,
    learningRate: 3e-3,
    backboneLearningRate: 3e-4,
    hidden: 16,
    dropout: 0,
    seed: 3,
    pooling: 'none',
    checkpoint: join(root, checkpoint),
    checkpointEvery: 100,
    signature: 'tiny',
  });

  beforeAll(async () => {
    await initNodeBackend();
    installWasmGradKernels();
    installFastTransposedMatMul();
    const records = importDataset(DATA_DIR)
      .records.filter((r) => r.source === 'utkface' && r.gender && r.ageGroup)
      .slice(0, 10);
    const samples = buildSamples(records, { synthesize: false, incorrectPerFace: 1, drawn: 'one' });
    // UTKFace faces fill their 200x200 photos: the whole photo is the crop.
    const crops: Float32Array[] = [];
    for (const s of samples) {
      const image = canvasToTensor(imageToCanvas(await decodeImage(s.path)));
      const crop = tf.tidy(() =>
        toBackboneInput(tf.image.resizeBilinear(image.toFloat(), [112, 112]).expandDims(0) as tf.Tensor4D, mobileface),
      );
      crops.push((await crop.data()) as Float32Array);
      tf.dispose([image, crop]);
    }
    const rows = labelRows(samples, 0, 1);
    // Two validation faces, the rest train.
    rows.validation = samples.map((_, i) => i >= 8);
    data = {
      count: samples.length,
      inputShape: [112, 112, 3],
      inputs: (r) => {
        const out = new Float32Array(r.length * 112 * 112 * 3);
        r.forEach((row, i) => out.set(crops[row], i * crops[row].length));
        return out;
      },
      ...rows,
    };
  }, 120_000);

  it('lowers the loss, resumes from its checkpoint, and writes a model the app loads and runs', async () => {
    const trainRows = [0, 1, 2, 3, 4, 5, 6, 7];

    // Uninterrupted: 3 epochs of 2 steps.
    const a = await loadMobileFace();
    const ra = await fineTune(a, data, options('a'));
    expect(ra.finished).toBe(true);
    expect(ra.epochs).toHaveLength(3);
    expect(ra.epochs[2].trainLoss).toBeLessThan(ra.epochs[0].trainLoss);
    expect(ra.epochs[0].imagesPerSecond).toBeGreaterThan(0);

    // Interrupted after 3 steps (inside epoch 2), then resumed by a fresh graph and head.
    const b1 = await loadMobileFace();
    const rb1 = await fineTune(b1, data, { ...options('b'), stopAfterSteps: 3 });
    expect(rb1.finished).toBe(false);
    expect(existsSync(join(root, 'b.json'))).toBe(true);
    rb1.head.dispose();
    b1.dispose();
    const b = await loadMobileFace();
    const rb = await fineTune(b, data, options('b'));
    expect(rb.resumedFrom).toEqual({ epoch: 1, step: 1 });
    expect(rb.stepsThisCall).toBe(3);
    expect(rb.finished).toBe(true);
    const [va, vb] = [await a.values(), await b.values()];
    for (const name of Object.keys(va)) {
      const diff = va[name].reduce((m, v, i) => Math.max(m, Math.abs(v - vb[name][i])), 0);
      expect(diff, name).toBeLessThan(1e-5);
    }
    rb.epochs.forEach((e, i) => expect(e.trainLoss).toBeCloseTo(ra.epochs[i].trainLoss, 4));
    await expect(fineTune(b, data, { ...options('b'), signature: 'other' })).rejects.toThrow(/another run/);

    // In inference mode too, the training faces' loss went down from where the run started.
    const fresh = await loadMobileFace();
    const initialHead = await scaffoldHead(fresh, data, trainRows, options('b'));
    const before = await evaluate(fresh, initialHead, data, trainRows, 'none', 4);
    const after = await evaluate(b, rb.head, data, trainRows, 'none', 4);
    expect(after.loss).toBeLessThan(before.loss);
    initialHead.dispose();

    // Written as a model folder: same files, new MobileFace weights, hashes that hold.
    const out = join(root, 'models');
    const written: EnsembleSpec = await writeFineTunedModels({
      modelsDir: MODELS_DIR,
      out,
      backbone: 'mobileface',
      graph: b,
      report: { test: true },
    });
    expect(Object.keys(written.sha256).sort()).toEqual(Object.keys(spec.sha256).sort());
    for (const [f, hash] of Object.entries(written.sha256)) expect(sha256File(join(out, f)), f).toBe(hash);
    expect(written.sha256[mobileface.file]).not.toBe(spec.sha256[mobileface.file]);
    // Shipped fused, fused from the trained original written beside it; the other originals copied.
    const meta = fusionMetadata(join(out, mobileface.file))!;
    expect(meta.fusedFrom.file).toBe('original/mobileface.json');
    for (const [f, hash] of Object.entries(meta.fusedFrom.sha256)) expect(sha256File(join(out, f)), f).toBe(hash);
    expect(meta.fusedFrom.sha256).not.toEqual(fusionMetadata(join(MODELS_DIR, mobileface.file))!.fusedFrom.sha256);
    expect(existsSync(join(out, 'original', 'faceres.bin'))).toBe(true);
    // The trainer's landmark model too, so the heads can be retrained on the folder.
    for (const f of ['facemesh.json', 'facemesh.bin'])
      expect(sha256File(join(out, f)), f).toBe(sha256File(join(MODELS_DIR, f)));

    // The app's loader runs the fine-tuned graph: it computes what the trainer computed.
    const source = fileModelSource(out);
    const image = canvasToTensor(imageToCanvas(await decodeImage(UTK_FACE)));
    const box = { x: 0, y: 0, w: image.shape[1], h: image.shape[0] };
    const member = written.members.find((m) => m.backbone === 'mobileface')!;
    const ensemble = await Ensemble.load(written, source);
    const [appFace] = await ensemble.features([{ image, faces: [box] }], { members: [member.id] });
    const app = appFace.members[member.id];
    // The app's own crop, fed to the trainer's graph, pooled as the member pools.
    const crop = tf.tidy(() =>
      toBackboneInput(cropFaces(image, [box], member.crop, mobileface.inputSize), written.backbones.mobileface),
    );
    const trainer = tf.tidy(() => pool(b.apply(crop), member.pooling).dataSync() as Float32Array);
    const original = tf.tidy(() => pool(fresh.applyOriginal(crop), member.pooling).dataSync() as Float32Array);
    const scale = Math.max(...trainer.map(Math.abs));
    expect(Math.max(...app.map((v, i) => Math.abs(v - trainer[i]))) / scale).toBeLessThan(1e-4);
    expect(Math.max(...app.map((v, i) => Math.abs(v - original[i]))) / scale).toBeGreaterThan(1e-3);

    // And the whole ensemble from the folder classifies the photo.
    const faces = await ensemble.analyze(image);
    expect(faces.length).toBeGreaterThanOrEqual(1);
    for (const h of HEADS) expect(faces[0].heads[h].votes).toBeGreaterThan(0);
    ensemble.dispose();
    tf.dispose([image, crop]);
    [a, b, fresh].forEach((g) => g.dispose());
    [ra.head, rb.head].forEach((h) => h.dispose());
  }, 600_000);

  it('with the backbone frozen trains the head alone, and scores the mask target rows apart', async () => {
    const g = await loadMobileFace();
    const before = await g.values();
    const frozen = await fineTune(g, data, {
      ...options('frozen'),
      epochs: 2,
      freezeBackbone: true,
      signature: 'frozen',
    });
    expect(frozen.finished).toBe(true);
    expect(frozen.epochs[1].trainLoss).toBeLessThan(frozen.epochs[0].trainLoss);
    const after = await g.values();
    for (const name of Object.keys(before)) expect(after[name], name).toEqual(before[name]);

    // Rows flagged as the mask target are scored on their own: counts, macro F1, recall of "worn wrongly".
    const flagged = { ...data, maskTarget: data.validation.map((_, i) => i % 2 === 0) };
    const rows = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const v = await evaluate(g, frozen.head, flagged, rows, 'none', 4);
    const withMask = rows.filter((r) => data.labels.mask[r] >= 0);
    expect(v.scores.mask!.n).toBe(withMask.length);
    const target = withMask.filter((r) => r % 2 === 0);
    expect(v.maskTarget!.n).toBe(target.length);
    expect(v.maskTarget!.confusion.flat().reduce((a, b) => a + b, 0)).toBe(target.length);
    // These faces are all bare: nothing is truly worn wrongly, so its recall is undefined.
    expect(v.maskTarget!.incorrectRecall).toBeUndefined();
    expect(v.accuracy.mask).toBe(v.scores.mask!.accuracy);
    frozen.head.dispose();
    g.dispose();
  }, 300_000);
});
