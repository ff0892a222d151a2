import { createCanvas, loadImage } from '@napi-rs/canvas';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { matchDetections } from '../../../src/core/detectionMatch';
import { validateEnsembleSpec } from '../../../src/core/ensembleSpec';
import type { Box } from '../../../src/core/geometry';
import { FaceDetector } from '../../../src/inference/detector';
import { rgbaToTensor } from '../../../src/inference/image';
import { DATA_DIR } from '../../helpers/data';
import { REPO, models, useWasm } from './helpers';

// The shipped detector spec (no `photo` part yet: the documented default tiles apply).
const spec = validateEnsembleSpec(JSON.parse(readFileSync(join(REPO, 'models', 'ensemble.json'), 'utf8'))).detector;
const FACE = '37_0_0_20170102233603627.jpg';
const [WIDTH, HEIGHT] = [1600, 1200];
// The UTKFace crop drawn at 64 px: a face of about 55 px, 4% of the scene's side.
const SMALL: Box = { x: 1010, y: 700, w: 64, h: 64 };
// The same photo at 320 px: a face the whole-frame pass finds.
const LARGE: Box = { x: 200, y: 150, w: 320, h: 320 };

let detector: FaceDetector;
let scene: tf.Tensor3D;

/** One composite: a grey, grainy 1600 x 1200 scene with the face pasted small and large. */
async function composite(): Promise<tf.Tensor3D> {
  const img = await loadImage(readFileSync(join(DATA_DIR, 'utkface', FACE)));
  const c = createCanvas(WIDTH, HEIGHT);
  const g = c.getContext('2d');
  g.fillStyle = '#7a8288';
  g.fillRect(0, 0, WIDTH, HEIGHT);
  for (const b of [SMALL, LARGE]) g.drawImage(img, b.x, b.y, b.w, b.h);
  return rgbaToTensor(g.getImageData(0, 0, WIDTH, HEIGHT).data, WIDTH, HEIGHT);
}

const found = (faces: { box: Box }[], truth: Box) =>
  matchDetections(
    [truth],
    faces.map((f) => f.box),
  ).truthToDetection[0] >= 0;

describe('tiled photo detection (WASM)', () => {
  beforeAll(async () => {
    await useWasm();
    detector = await FaceDetector.load(spec, models);
    scene = await composite();
  });
  afterAll(() => {
    detector?.dispose();
    scene?.dispose();
  });

  it('finds a small face in a large scene that the single pass misses, and the large face in both', async () => {
    const single = await detector.detect(scene);
    const tiled = await detector.detect(scene, { tiled: true });
    expect(found(single, SMALL)).toBe(false);
    expect(found(single, LARGE)).toBe(true);
    expect(found(tiled, SMALL)).toBe(true);
    expect(found(tiled, LARGE)).toBe(true);
    // Merged: one box per face, none on the plain background.
    expect(tiled).toHaveLength(2);
    const small = tiled.find((d) => d.box.w < 100)!;
    expect(Math.abs(small.box.x + small.box.w / 2 - (SMALL.x + 32))).toBeLessThan(8);
    expect(Math.abs(small.box.y + small.box.h / 2 - (SMALL.y + 32))).toBeLessThan(8);
    expect(small.keypoints[2].x).toBeGreaterThan(SMALL.x);
    expect(small.keypoints[2].x).toBeLessThan(SMALL.x + SMALL.w);
  });

  it('batches every tile with the whole-frame passes of its model; the camera path runs only the latter; no tensor left', async () => {
    // Warm already (the test above): a lasting tensor would show as a count that grew.
    const before = tf.memory().numTensors;
    const execute = vi.spyOn(tf.GraphModel.prototype, 'execute');
    try {
      await detector.detect(scene);
      const camera = execute.mock.calls.map((c) => (c[0] as tf.Tensor).shape[0]);
      execute.mockClear();
      await detector.detect(scene, { tiled: true });
      const photo = execute.mock.calls.map((c) => (c[0] as tf.Tensor).shape[0]);
      // Whole frame: full-range once, short-range twice (plain and bordered) in one batch.
      expect(camera).toEqual([1, 2]);
      // 384-px tiles sharing 160 px over 1600 x 1200: 7 x 5 of them, in the short-range batch.
      expect(photo).toEqual([1, 2 + 35]);
    } finally {
      execute.mockRestore();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('adds nothing for a photo no larger than a tile', async () => {
    const small = tf.image.resizeBilinear(scene, [288, 384]).toInt() as tf.Tensor3D;
    try {
      expect(await detector.detect(small, { tiled: true })).toEqual(await detector.detect(small));
    } finally {
      small.dispose();
    }
  });
});
