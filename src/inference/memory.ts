/** Numbers about the live backend for the app's stats, without the app touching tfjs. */
import * as tf from '@tensorflow/tfjs';

/** Live tensors and the bytes they hold on the active backend (tf.memory()): the leak checks' numbers. */
export function tensorMemory(): { numTensors: number; numBytes: number } {
  const { numTensors, numBytes } = tf.memory();
  return { numTensors, numBytes };
}
