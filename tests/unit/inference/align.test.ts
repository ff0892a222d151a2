import { createCanvas, loadImage } from '@napi-rs/canvas';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackboneSpec } from '../../../src/core/ensembleSpec';
import { eyeAngle, rotateAbout, type FaceBox } from '../../../src/core/geometry';
import { cropFaces, toBackboneInput } from '../../../src/inference/crop';
import { FaceDetector, faceBoxOf } from '../../../src/inference/detector';
import { rgbaToTensor } from '../../../src/inference/image';
import { DATA_DIR } from '../../helpers/data';
import { detectorSpec, models, useWasm } from './helpers';

beforeAll(useWasm);

/** Centroid of pixels brighter than 128 (channel 0) in columns [x0, x1) of a [1, s, s, 3] crop. */
function blob(data: Float32Array, s: number, x0: number, x1: number) {
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let y = 0; y < s; y++)
    for (let x = x0; x < x1; x++)
      if (data[(y * s + x) * 3] > 128) {
        sx += x;
        sy += y;
        n++;
      }
  return { x: sx / n, y: sy / n, n };
}

describe('aligned crops', () => {
  it('turn a tilted pair of eyes level, at the crop scale, centred', async () => {
    // Two bright dots 30 px apart, the line between them tilted by 25 degrees.
    const c = { x: 60, y: 50 };
    const tilt = (25 * Math.PI) / 180;
    const re = rotateAbout({ x: c.x - 15, y: c.y }, c, tilt);
    const le = rotateAbout({ x: c.x + 15, y: c.y }, c, tilt);
    const canvas = createCanvas(120, 100);
    const g = canvas.getContext('2d');
    g.fillStyle = '#000';
    g.fillRect(0, 0, 120, 100);
    g.fillStyle = '#fff';
    for (const p of [re, le]) g.fillRect(p.x - 2, p.y - 2, 4, 4);
    const image = rgbaToTensor(g.getImageData(0, 0, 120, 100).data, 120, 100);
    const angle = eyeAngle(re, le);
    expect(angle).toBeCloseTo(tilt, 6);
    const face: FaceBox = { x: c.x - 20, y: c.y - 20, w: 40, h: 40, angle };
    const size = 40;
    const before = tf.memory().numTensors;
    const crop = cropFaces(image, [face], { scale: 1.5, shiftY: 0, align: true }, size);
    expect(tf.memory().numTensors).toBe(before + 1);
    const data = (await crop.data()) as Float32Array;
    crop.dispose();
    image.dispose();
    const left = blob(data, size, 0, size / 2);
    const right = blob(data, size, size / 2, size);
    expect(left.n).toBeGreaterThan(0);
    expect(right.n).toBeGreaterThan(0);
    // Level, 30 px * (40 / 60) = 20 crop pixels apart, about the crop's centre.
    expect(Math.abs(left.y - right.y)).toBeLessThan(0.6);
    expect(right.x - left.x).toBeCloseTo(20, 0);
    expect((left.x + right.x) / 2).toBeCloseTo(size / 2 - 0.5, 0);
    expect((left.y + right.y) / 2).toBeCloseTo(size / 2 - 0.5, 0);
  });

  it('without align, or with angle 0, equals the plain crop', async () => {
    const image = tf.randomUniform([50, 60, 3], 0, 255) as tf.Tensor3D;
    const face = { x: 10, y: 12, w: 20, h: 22 };
    const plain = cropFaces(image, [face], { scale: 1.25, shiftY: 0 }, 16);
    const level = cropFaces(image, [{ ...face, angle: 0 }], { scale: 1.25, shiftY: 0, align: true }, 16);
    expect(Array.from(await level.data())).toEqual(Array.from(await plain.data()));
    tf.dispose([image, plain, level]);
  });
});

describe('aligned crops of a real tilted face', () => {
  let detector: FaceDetector;
  beforeAll(async () => {
    detector = await FaceDetector.load(detectorSpec(), models);
  });
  afterAll(() => detector?.dispose());

  it('the detector sees the eyes tilted in the photo and level in the aligned crop', async () => {
    const img = await loadImage(readFileSync(join(DATA_DIR, 'utkface', '37_0_0_20170102233603627.jpg')));
    const canvas = createCanvas(400, 400);
    const g = canvas.getContext('2d');
    g.fillStyle = '#000';
    g.fillRect(0, 0, 400, 400);
    g.translate(200, 200);
    g.rotate((20 * Math.PI) / 180);
    g.drawImage(img, -100, -100);
    const image = rgbaToTensor(g.getImageData(0, 0, 400, 400).data, 400, 400);
    const [face] = await detector.detect(image);
    const tilted = faceBoxOf(face);
    expect((tilted.angle! * 180) / Math.PI).toBeGreaterThan(14);
    expect((tilted.angle! * 180) / Math.PI).toBeLessThan(26);
    const crop = tf.tidy(() =>
      cropFaces(image, [tilted], { scale: 2.5, shiftY: 0, align: true }, 256).toInt().squeeze([0]),
    ) as tf.Tensor3D;
    const [again] = await detector.detect(crop);
    tf.dispose([image, crop]);
    expect(Math.abs((faceBoxOf(again).angle! * 180) / Math.PI)).toBeLessThan(5);
  });
});

describe('toBackboneInput, Caffe style', () => {
  it('reorders to BGR and subtracts the means', async () => {
    const spec: BackboneSpec = {
      file: 'x.json',
      inputSize: 1,
      inputRange: [0, 255],
      output: 'y',
      channels: 'bgr',
      mean: [103.939, 116.779, 123.68],
    };
    const crops = tf.tensor4d([200, 100, 50], [1, 1, 1, 3]);
    const out = toBackboneInput(crops, spec);
    const v = Array.from(await out.data());
    expect(v[0]).toBeCloseTo(50 - 103.939, 4);
    expect(v[1]).toBeCloseTo(100 - 116.779, 4);
    expect(v[2]).toBeCloseTo(200 - 123.68, 4);
    tf.dispose([crops, out]);
  });
});
