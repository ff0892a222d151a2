/**
 * Browser frames to the ensemble. Pixels are always read from a canvas:
 * `fromPixels` on a <video> goes through an external texture under WebGPU,
 * which fails in Chromium, and a canvas also fixes the frame being analysed.
 */
import * as tf from '@tensorflow/tfjs';
import type { DetectOptions } from './detector';
import type { Ensemble, FaceResult } from './ensemble';

/** Detects and classifies every face on the canvas; no tensor outlives the call. */
export async function analyzeCanvas(
  ensemble: Ensemble,
  canvas: HTMLCanvasElement,
  detection: DetectOptions = {},
): Promise<FaceResult[]> {
  const image = tf.browser.fromPixels(canvas);
  try {
    return await ensemble.analyze(image, detection);
  } finally {
    image.dispose();
  }
}

/** Live tensors and the bytes they hold on the active backend (tf.memory()): the leak checks' numbers. */
export function tensorMemory(): { numTensors: number; numBytes: number } {
  const { numTensors, numBytes } = tf.memory();
  return { numTensors, numBytes };
}
