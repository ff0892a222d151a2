import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Point } from '../../../src/core/geometry';
import { LM, contains, maskOutline, type MaskPlacement } from '../../../src/core/maskGeometry';
import { mulberry32 } from '../../../src/core/random';
import { selectFace } from '../../../src/core/faceSelect';
import { FaceDetector } from '../../../src/inference/detector';
import { canvasToTensor, decodeImage, imageToCanvas } from '../../../src/node/decode';
import { DEFAULT_DETECTOR } from '../../../src/training/defaults';
import { FaceMesh } from '../../../src/training/landmarks';
import { drawMask, randomStyle } from '../../../src/training/maskRenderer';
import { fileModelSource, initNodeBackend } from '../../../src/node/runtime';
import { MODELS_DIR, UTK_FACE } from '../../helpers/data';
import type { Canvas } from '@napi-rs/canvas';

describe('masks drawn from facemesh landmarks', () => {
  let photo: Canvas;
  let lm: Point[];

  beforeAll(async () => {
    await initNodeBackend();
    const source = fileModelSource(MODELS_DIR);
    const detector = await FaceDetector.load(DEFAULT_DETECTOR, source);
    const mesh = await FaceMesh.load(source);
    photo = imageToCanvas(await decodeImage(UTK_FACE));
    const image = canvasToTensor(photo);
    const face = selectFace(await detector.detect(image), photo.width, photo.height);
    expect(face.how).toBe('detected');
    lm = (await mesh.landmarks(image, [face.box]))[0].points;
    image.dispose();
    detector.dispose();
    mesh.dispose();
  });

  it('finds landmarks in anatomical order (eyes above nose above mouth above chin)', () => {
    expect(lm[LM.noseBridge].y).toBeLessThan(lm[LM.noseTip].y);
    expect(lm[LM.noseTip].y).toBeLessThan(lm[LM.mouthCentre].y);
    expect(lm[LM.mouthCentre].y).toBeLessThan(lm[LM.chinTip].y);
    expect(lm[LM.rightEyeOuter].x).toBeLessThan(lm[LM.leftEyeOuter].x);
  });

  const covers: Record<MaskPlacement, { in: number[]; out: number[] }> = {
    wear: { in: [LM.noseTip, LM.mouthCentre, LM.chin], out: [LM.rightEyeOuter, LM.leftEyeOuter] },
    below_nose: { in: [LM.mouthCentre, LM.chin], out: [LM.noseTip, LM.noseBridge, LM.rightEyeOuter] },
    on_chin: { in: [LM.chin], out: [LM.noseTip, LM.mouthCentre, LM.upperLip] },
    // Hanging from the subject's left ear (image right): that jaw covered, nose and the other cheek bare.
    off_ear: { in: [288], out: [LM.noseTip, LM.noseBridge, LM.rightEyeOuter, 93] },
  };

  for (const [placement, want] of Object.entries(covers) as [MaskPlacement, { in: number[]; out: number[] }][]) {
    it(`${placement}: outline covers ${want.in.join(', ')} and leaves ${want.out.join(', ')} bare`, () => {
      const outline = maskOutline(lm, placement);
      for (const i of want.in) expect(contains(outline, lm[i]), `landmark ${i} inside`).toBe(true);
      for (const i of want.out) expect(contains(outline, lm[i]), `landmark ${i} outside`).toBe(false);
    });

    it(`${placement}: the drawn mask changes the covered pixels and not the eyes`, () => {
      const out = drawMask(photo, lm, placement, { ...randomStyle(mulberry32(7)), hangSide: 'left', hand: undefined });
      const px = (c: Canvas, p: Point) =>
        Array.from(c.getContext('2d').getImageData(Math.round(p.x), Math.round(p.y), 1, 1).data);
      const diff = (p: Point) => px(out, p).reduce((s, v, k) => s + Math.abs(v - px(photo, p)[k]), 0);
      const probe = placement === 'on_chin' ? lm[LM.chin] : placement === 'off_ear' ? lm[288] : lm[LM.mouthCentre];
      expect(diff(probe)).toBeGreaterThan(20);
      expect(diff(lm[LM.rightEyeOuter])).toBe(0);
      expect(diff(lm[LM.leftEyeOuter])).toBe(0);
    });
  }

  it('off_ear swings the mask down on the side it hangs from the other way round', () => {
    const left = maskOutline(lm, 'off_ear', 0.04, 'left');
    const right = maskOutline(lm, 'off_ear', 0.04, 'right');
    expect(contains(left, lm[288])).toBe(true);
    expect(contains(right, lm[58])).toBe(true);
    // The free side hangs lower than the held side.
    expect(left[0].y).toBeGreaterThan(left[4].y);
    expect(right[4].y).toBeGreaterThan(right[0].y);
  });

  it('a hand drawn at the mask changes pixels below the mask edge, not the eyes', () => {
    const style = { ...randomStyle(mulberry32(3)), hand: 'left' as const };
    const without = drawMask(photo, lm, 'wear', { ...style, hand: undefined });
    const withHand = drawMask(photo, lm, 'wear', style);
    const a = without.getContext('2d').getImageData(0, 0, photo.width, photo.height).data;
    const b = withHand.getContext('2d').getImageData(0, 0, photo.width, photo.height).data;
    let changed = 0;
    for (let i = 0; i < a.length; i += 4) if (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) > 30) changed++;
    expect(changed).toBeGreaterThan(100);
    const eye = lm[LM.leftEyeOuter];
    const at = (Math.round(eye.y) * photo.width + Math.round(eye.x)) * 4;
    expect(b[at]).toBe(a[at]);
  });

  it('rejects a landmark list that is not a full mesh', () => {
    expect(() => maskOutline(lm.slice(0, 10), 'wear')).toThrow(/468 landmarks/);
  });

  it('leaks no tensors', () => {
    expect(tf.memory().numTensors).toBe(0);
  });
});
