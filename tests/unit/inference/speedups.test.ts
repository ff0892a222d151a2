/**
 * The frame's speed-ups compute what the plain pipeline computes: fused
 * model files (against their unfused originals), letterboxes cut with one
 * cropAndResize, backbones run on all crop rules and faces in one batch,
 * detector passes batched.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACERES_BASELINE_OUTPUTS, type MemberSpec } from '../../../src/core/ensembleSpec';
import { letterbox } from '../../../src/core/geometry';
import { squareInputs, toSquareInput, withBlackBorder } from '../../../src/inference/detector';
import { forwardFaces, loadBackbones, readOnce, type LoadedBackbone } from '../../../src/inference/forward';
import { fuseGraph } from '../../../src/inference/graphFusion';
import { loadGraph } from '../../../src/inference/modelSource';
import { DEFAULT_BACKBONES, DEFAULT_MEMBERS } from '../../../src/training/defaults';
import { sha256File } from '../../../src/training/exportEnsemble';
import {
  fusionMetadata,
  loadFusedAtRuntime,
  ORIGINALS_DIR,
  writeFusedModel,
} from '../../../src/training/fuseModelFiles';
import { fileHandler } from '../../../src/node/runtime';
import { models, photoOnCanvas, REPO, useWasm } from './helpers';

const FACE = '37_0_0_20170102233603627.jpg';

/** max |a - b|; with `row`, compares only a's row `row` (of its first axis) with b. */
async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor, row?: number): Promise<number> {
  const d = tf.tidy(() => {
    const part = row === undefined ? a : a.slice(row, 1);
    expect(part.shape).toEqual(b.shape);
    return part.sub(b).abs().max();
  });
  const v = (await d.data())[0];
  d.dispose();
  return v;
}

/** A real face crop batch [n, size, size, 3] in 0..255. */
async function faceCrops(size: number, n = 1): Promise<tf.Tensor4D> {
  const image = await photoOnCanvas(FACE, 20, 20, 240, 240);
  const crop = tf.tidy(() => {
    const one = tf.image.resizeBilinear(image.toFloat(), [size, size]).expandDims(0);
    // Later faces: the same crop flipped and darkened, so the batch is not n copies.
    return tf.concat(
      Array.from({ length: n }, (_, i) => (i % 2 ? one.reverse(2) : one).mul(1 - 0.1 * i)),
    ) as tf.Tensor4D;
  });
  image.dispose();
  return crop;
}

beforeAll(useWasm);

describe('fused model files (WASM)', () => {
  const original = (file: string) => join(REPO, 'models', ORIGINALS_DIR, file);

  // Measured by `npm run fuse-models` on 8 UTKFace faces: FaceRes 7.2e-5 (its folded filters
  // are stored float32: float16 moved its features by 0.2), MobileFace and the detector 0.
  it.each([
    ['faceres.json', 224, [DEFAULT_BACKBONES.faceres.output, ...FACERES_BASELINE_OUTPUTS], 27, 0, 1e-4],
    ['mobileface.json', 112, [DEFAULT_BACKBONES.mobileface.output], 13, 9, 0],
  ])(
    '%s (%i px) as shipped gives the original graph’s outputs',
    async (file, size, outputs, fused, pads, tolerance) => {
      const meta = fusionMetadata(join(REPO, 'models', file))!;
      expect(meta.fusion).toMatchObject({ fused, padsFolded: pads });
      expect(meta.fusedFrom.file).toBe(`${ORIGINALS_DIR}/${file}`);
      for (const [f, hash] of Object.entries(meta.fusedFrom.sha256))
        expect(sha256File(join(REPO, 'models', f))).toBe(hash);

      const plain = await tf.loadGraphModel(fileHandler(original(file)));
      const runtime = await loadFusedAtRuntime(original(file));
      const shipped = await loadGraph(models, file);
      const x = await faceCrops(size, 2);
      const a = [plain.execute(x, outputs)].flat();
      const b = [shipped.execute(x, outputs)].flat();
      const c = [runtime.execute(x, outputs)].flat();
      for (let i = 0; i < outputs.length; i++) {
        expect(await maxAbsDiff(a[i], b[i])).toBeLessThanOrEqual(tolerance);
        // The file holds exactly the graph that fusing at load time made.
        expect(await maxAbsDiff(c[i], b[i])).toBe(0);
      }
      [...a, ...b, ...c, x].forEach((t) => t.dispose());
      plain.dispose();
      runtime.dispose();
      const before = tf.memory().numTensors;
      shipped.dispose();
      expect(tf.memory().numTensors).toBeLessThan(before);
    },
  );

  it("has the full-range detector's zero Pads folded into its convolutions: identical output", async () => {
    const file = 'facemesh-detection-full.json';
    expect(fusionMetadata(join(REPO, 'models', file))?.fusion).toMatchObject({ fused: 0, padsFolded: 37 });
    const plain = await tf.loadGraphModel(fileHandler(original(file)));
    const shipped = await loadGraph(models, file);
    const crops = await faceCrops(192, 2);
    const x = tf.tidy(() => crops.div(127.5).sub(1));
    crops.dispose();
    const a = plain.execute(x, 'Identity') as tf.Tensor;
    const b = shipped.execute(x, 'Identity') as tf.Tensor;
    expect(await maxAbsDiff(a, b)).toBe(0);
    [a, b, x].forEach((t) => t.dispose());
    plain.dispose();
    shipped.dispose();
  });

  it('fusing the originals again writes the same bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mc-fuse-'));
    for (const file of ['faceres.json', 'mobileface.json', 'facemesh-detection-full.json']) {
      const storage =
        fusionMetadata(join(REPO, 'models', file))!.fusedWeights === 'float32' ? 'float32' : 'as-original';
      const out = await writeFusedModel(join(REPO, 'models'), original(file), join(dir, file), storage);
      for (const p of out.files) expect(sha256File(p), basename(p)).toBe(sha256File(join(REPO, 'models', basename(p))));
    }
  });

  it('leaves a graph with nothing to fuse as it is', async () => {
    const handler = models('facemesh-detection-short.json') as tf.io.IOHandler;
    const artifacts = await handler.load!();
    const { artifacts: out, report } = fuseGraph(artifacts);
    expect(report.fused).toBe(0);
    expect(out).toBe(artifacts);
    expect(fusionMetadata(join(REPO, 'models', 'facemesh-detection-short.json'))).toBeUndefined();
  });
});

describe('letterbox inputs (WASM)', () => {
  it.each([
    [640, 480, 0, 192],
    [640, 480, 0, 128],
    [640, 480, 0.5, 128],
    [300, 700, 0.5, 128],
    [241, 239, 0, 192],
  ])('%ix%i, margin %f, %i px: squareInputs matches pad + resizeBilinear', async (w, h, margin, size) => {
    const image = await photoOnCanvas(FACE, Math.floor((w - 200) / 2), Math.floor((h - 200) / 2), w, h);
    const lb = letterbox(w, h, margin);
    const bordered = withBlackBorder(image);
    const ref = toSquareInput(image, lb, size);
    const fast = squareInputs(bordered, [lb], size);
    // Not bit-equal: cropAndResize computes its sample points with other float rounding.
    expect(await maxAbsDiff(ref, fast)).toBeLessThan(2e-4);
    // Two letterboxes in one batch: each as alone.
    const other = letterbox(w, h, margin === 0 ? 0.5 : 0);
    const both = squareInputs(bordered, [lb, other], size);
    const second = squareInputs(bordered, [other], size);
    expect(await maxAbsDiff(both, fast, 0)).toBe(0);
    expect(await maxAbsDiff(both, second, 1)).toBe(0);
    [image, bordered, ref, fast, both, second].forEach((t) => t.dispose());
  });

  it('runs the short-range detector on a batch of two as on each alone (within 1e-4)', async () => {
    const graph = await loadGraph(models, 'facemesh-detection-short.json');
    const image = await photoOnCanvas(FACE, 220, 140, 640, 480);
    const bordered = withBlackBorder(image);
    const lbs = [letterbox(640, 480, 0), letterbox(640, 480, 0.5)];
    const batch = graph.execute(squareInputs(bordered, lbs, 128), 'Identity') as tf.Tensor;
    expect(batch.shape[0]).toBe(2);
    for (let i = 0; i < 2; i++) {
      const input = squareInputs(bordered, [lbs[i]], 128);
      const alone = graph.execute(input, 'Identity') as tf.Tensor;
      expect(await maxAbsDiff(batch, alone, i)).toBeLessThan(1e-4);
      input.dispose();
      alone.dispose();
    }
    [image, bordered, batch].forEach((t) => t.dispose());
    graph.dispose();
  });
});

describe('batched backbones (WASM)', () => {
  let backbones: Record<string, LoadedBackbone>;
  const members = DEFAULT_MEMBERS as MemberSpec[];

  beforeAll(async () => {
    backbones = await loadBackbones(DEFAULT_BACKBONES, models);
  });
  afterAll(() => Object.values(backbones ?? {}).forEach((b) => b.model.dispose()));

  it('every crop rule and face in one batch per backbone equals one run per rule and face', async () => {
    const image = await photoOnCanvas(FACE, 60, 40, 640, 480);
    const faces = [
      { x: 120, y: 100, w: 150, h: 150 },
      { x: 300, y: 200, w: 120, h: 110, angle: 0.2 },
    ];
    const extra = { faceres: FACERES_BASELINE_OUTPUTS };
    const faceresId = members.find((x) => x.backbone === 'faceres')!.id;
    // Each member's pooled features, then faceres' own outputs, read back (tf.tidy keeps no Map).
    const run = (fs: typeof faces, ms: typeof members) =>
      readOnce(() => {
        const r = forwardFaces([{ image, faces: fs }], ms, backbones, extra);
        return [...ms.map((m) => r.pooled.get(m.id)!), ...(r.extra.get('faceres') ?? [])];
      });
    /** Row `row` of `all` (rows of equal size, `rows` of them) against `one` (a single row). */
    const rowDiff = (all: Float32Array, rows: number, row: number, one: Float32Array) => {
      const size = all.length / rows;
      expect(one.length).toBe(size);
      return Math.max(...one.map((v, i) => Math.abs(v - all[row * size + i])));
    };
    const before = tf.memory().numTensors;
    const batched = await run(faces, members);
    for (const [mi, m] of members.entries()) {
      for (let f = 0; f < faces.length; f++) {
        const alone = await run([faces[f]], [m]);
        expect(rowDiff(batched[mi], faces.length, f, alone[0])).toBeLessThan(1e-4);
        // faceres' own outputs come from its first crop rule, whichever member asked.
        if (m.id === faceresId)
          for (let o = 1; o < alone.length; o++)
            expect(rowDiff(batched[members.length + o - 1], faces.length, f, alone[o])).toBeLessThan(1e-4);
      }
    }
    expect(tf.memory().numTensors).toBe(before);
    image.dispose();
  });

  it('pools once for members with the same features (only their heads differ)', async () => {
    const image = await photoOnCanvas(FACE, 60, 40, 640, 480);
    const same = tf.tidy(() => {
      const r = forwardFaces([{ image, faces: [{ x: 120, y: 100, w: 150, h: 150 }] }], members, backbones);
      const ids = (a: string, b: string) => r.pooled.get(a) === r.pooled.get(b);
      return [
        ids('faceres-real', 'faceres-mean'),
        ids('mobileface-real', 'mobileface'),
        ids('faceres-mean', 'faceres-bands'),
      ];
    });
    expect(same).toEqual([true, true, false]);
    image.dispose();
  });
});
