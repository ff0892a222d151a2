/**
 * Browser frames to the ensemble. Pixels are always read from a canvas:
 * `fromPixels` on a <video> goes through an external texture under WebGPU,
 * which fails in Chromium, and a canvas also fixes the frame being analysed.
 */
import * as tf from '@tensorflow/tfjs';
import type { Ensemble, FaceResult } from './ensemble';

/** Detects and classifies every face on the canvas; no tensor outlives the call. */
export async function analyzeCanvas(ensemble: Ensemble, canvas: HTMLCanvasElement): Promise<FaceResult[]> {
  const image = tf.browser.fromPixels(canvas);
  try {
    return await ensemble.analyze(image);
  } finally {
    image.dispose();
  }
}

/** Live tensors on the active backend: the leak check's number. */
export function liveTensors(): number {
  return tf.memory().numTensors;
}
