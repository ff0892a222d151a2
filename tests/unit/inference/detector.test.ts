import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { center } from '../../../src/core/geometry';
import { FaceDetector, type Detection } from '../../../src/inference/detector';
import { ModelLoadError } from '../../../src/inference/modelSource';
import { detectorSpec, models, photoOnCanvas, useWasm } from './helpers';

// Two UTKFace photos whose detections were checked by eye (box drawn on the photo).
const FRONTAL_MAN = '37_0_0_20170102233603627.jpg';
const BABY = '1_1_1_20170109194611993.jpg';
const PHOTO = 200;

let detector: FaceDetector;

beforeAll(async () => {
  await useWasm();
  detector = await FaceDetector.load(detectorSpec(), models);
});

afterAll(() => detector?.dispose());

async function detectOn(file: string, left: number, top: number, width: number, height: number) {
  const image = await photoOnCanvas(file, left, top, width, height);
  try {
    return await detector.detect(image);
  } finally {
    image.dispose();
  }
}

describe('FaceDetector on real photos (WASM)', () => {
  it.each([FRONTAL_MAN, BABY])('finds one face near the centre of %s padded by 50 px', async (file) => {
    const faces = await detectOn(file, 50, 50, PHOTO + 100, PHOTO + 100);
    expect(faces).toHaveLength(1);
    const [face] = faces;
    expect(face.score).toBeGreaterThan(0.75);
    const c = center(face.box);
    expect(Math.abs(c.x - 150)).toBeLessThan(20);
    expect(Math.abs(c.y - 150)).toBeLessThan(20);
    expect(face.box.w).toBeGreaterThan(0.6 * PHOTO);
    expect(face.box.w).toBeLessThan(1.1 * PHOTO);
    // Keypoints: the subject's right eye is on the image's left; eyes above nose above mouth.
    const [rightEye, leftEye, nose, mouth] = face.keypoints;
    expect(rightEye.x).toBeLessThan(nose.x);
    expect(leftEye.x).toBeGreaterThan(nose.x);
    expect(Math.max(rightEye.y, leftEye.y)).toBeLessThan(nose.y);
    expect(nose.y).toBeLessThan(mouth.y);
  });

  it('matches the hand-checked box of the frontal photo within 8 px', async () => {
    // Checked by drawing it: top of the eyebrows to the chin, ear to ear.
    const [face] = await detectOn(FRONTAL_MAN, 50, 50, 300, 300);
    expect(Math.abs(face.box.x - 60)).toBeLessThan(8);
    expect(Math.abs(face.box.y - 62)).toBeLessThan(8);
    expect(Math.abs(face.box.w - 183)).toBeLessThan(8);
    expect(Math.abs(face.keypoints[2].x - 153)).toBeLessThan(8); // nose
    expect(Math.abs(face.keypoints[2].y - 155)).toBeLessThan(8);
  });

  describe.each([FRONTAL_MAN, BABY])('letterboxing %s', (file) => {
    let base: Detection;
    beforeAll(async () => {
      [base] = await detectOn(file, 50, 50, 300, 300);
    });

    // Wide and tall frames, the face at either end: the letterbox pads the
    // short side, and the box must come back in the frame's own pixels. The
    // face is seen at a lower resolution in the larger frame, so the box
    // wobbles a little; a letterbox mistake would be off by 100 px or more.
    it.each([
      [0, 50, 700, 300],
      [500, 50, 700, 300],
      [250, 50, 700, 300],
      [50, 0, 300, 700],
      [50, 500, 300, 700],
    ])('photo at (%i, %i) in a %ix%i frame: the box moves by that offset', async (left, top, width, height) => {
      const faces = await detectOn(file, left, top, width, height);
      expect(faces).toHaveLength(1);
      const [face] = faces;
      const c0 = center(base.box);
      const c1 = center(face.box);
      expect(Math.abs(c1.x - (c0.x - 50 + left))).toBeLessThan(25);
      expect(Math.abs(c1.y - (c0.y - 50 + top))).toBeLessThan(25);
      expect(face.box.w / base.box.w).toBeGreaterThan(0.8);
      expect(face.box.w / base.box.w).toBeLessThan(1.25);
      const nose0 = base.keypoints[2];
      const nose1 = face.keypoints[2];
      expect(Math.abs(nose1.x - (nose0.x - 50 + left))).toBeLessThan(20);
      expect(Math.abs(nose1.y - (nose0.y - 50 + top))).toBeLessThan(20);
    });
  });

  it('leaves no tensor behind after detect', async () => {
    const image = await photoOnCanvas(FRONTAL_MAN, 50, 50, 300, 300);
    try {
      await detector.detect(image); // warm-up: the first run may create lasting state
      const before = tf.memory().numTensors;
      const faces = await detector.detect(image);
      expect(faces).toHaveLength(1);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      image.dispose();
    }
  });
});

describe('FaceDetector without photos (WASM)', () => {
  it('finds nothing in a black frame and leaks nothing', async () => {
    const image = tf.zeros([240, 320, 3], 'int32') as tf.Tensor3D;
    const before = tf.memory().numTensors;
    expect(await detector.detect(image)).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
    image.dispose();
  });

  it.each<[string, () => tf.Tensor, RegExp]>([
    ['an empty image', () => tf.zeros([0, 0, 3], 'int32'), /image size must be positive/],
    ['a zero-width image', () => tf.zeros([10, 0, 3], 'int32'), /image size must be positive/],
    ['RGBA channels', () => tf.zeros([20, 20, 4], 'int32'), /expected an RGB image .*got \[20, 20, 4\]/],
    ['a rank-2 image', () => tf.zeros([20, 20], 'int32'), /expected an RGB image .*got \[20, 20\]/],
  ])('rejects %s without leaking tensors', async (_, make, message) => {
    const image = make();
    const before = tf.memory().numTensors;
    await expect(detector.detect(image as tf.Tensor3D)).rejects.toThrow(message);
    expect(tf.memory().numTensors).toBe(before);
    image.dispose();
  });

  it('dispose releases the model weights', async () => {
    const before = tf.memory().numTensors;
    const d = await FaceDetector.load(detectorSpec(), models);
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    d.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('frees the models that loaded when another fails to load', async () => {
    const spec = detectorSpec();
    spec.models[1] = { ...spec.models[1], file: 'missing.json' };
    const before = tf.memory().numTensors;
    await expect(FaceDetector.load(spec, models)).rejects.toThrow(ModelLoadError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects an unknown anchor layout', async () => {
    const spec = detectorSpec();
    spec.models[0] = { ...spec.models[0], layout: 'huge' as never };
    await expect(FaceDetector.load(spec, models)).rejects.toThrow(/unknown detector layout "huge"/);
  });
});
