/**
 * The input variants `scripts/measure-inputs.ts` compares, each one change
 * from the baseline (the preprocessing shipped until 2026-12-01: RGB 0..255, crop
 * 1.25x the detector box, no rotation), then the winners together.
 */
import type { BackboneSpec, CropRule } from '../../src/core/ensembleSpec';
import { CAFFE_BGR_MEANS } from '../../src/training/defaults';

export interface InputVariant {
  id: string;
  what: string;
  backbone: Partial<BackboneSpec>;
  crop: CropRule;
}

const base: CropRule = { scale: 1.25, shiftY: 0 };
const bgr: Partial<BackboneSpec> = { channels: 'bgr', mean: CAFFE_BGR_MEANS };

export const INPUT_VARIANTS: InputVariant[] = [
  { id: 'baseline', what: 'RGB 0..255, crop 1.25x, not aligned', backbone: {}, crop: base },
  { id: 'bgr-means', what: 'BGR minus Caffe means', backbone: bgr, crop: base },
  { id: 'aligned', what: 'eyes levelled', backbone: {}, crop: { ...base, align: true } },
  { id: 'crop-1.0', what: 'crop 1.0x (tight)', backbone: {}, crop: { scale: 1.0, shiftY: 0 } },
  { id: 'crop-1.5', what: 'crop 1.5x (wide)', backbone: {}, crop: { scale: 1.5, shiftY: 0 } },
  { id: 'bgr-aligned', what: 'BGR minus means + aligned, crop 1.25x', backbone: bgr, crop: { ...base, align: true } },
];
