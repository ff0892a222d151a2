/**
 * The trainer's forward pass (cut, then the trainable top) against the
 * backbone as the app loads it (the fused file), on the same input: they must
 * agree before training starts, or the weights trained would not be the
 * function the app runs.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackboneSpec } from '../core/ensembleSpec';
import { toBackboneInput } from '../inference/crop';
import { loadGraph, type ModelSource } from '../inference/modelSource';
import type { TrainableGraph } from './trainableGraph';

export const PARITY_TOLERANCE = 1e-4;

/** Largest difference relative to the output's scale; throws above `PARITY_TOLERANCE`. */
export async function checkGraphParity(
  graph: TrainableGraph,
  source: ModelSource,
  spec: BackboneSpec,
  seed = 7,
): Promise<number> {
  const app = await loadGraph(source, spec.file, spec.inputSize);
  try {
    const diff = tf.tidy(() => {
      const x = tf.randomUniform([2, spec.inputSize, spec.inputSize, 3], 0, 255, 'float32', seed) as tf.Tensor4D;
      const input = toBackboneInput(x, spec);
      const want = app.execute(input, spec.output) as tf.Tensor;
      const got = graph.apply(graph.cut(input));
      return tf.max(tf.abs(tf.sub(want, got))).dataSync()[0] / Math.max(1, tf.max(tf.abs(want)).dataSync()[0]);
    });
    if (!(diff <= PARITY_TOLERANCE))
      throw new Error(`trainer and app disagree on ${spec.file}: relative difference ${diff} > ${PARITY_TOLERANCE}`);
    return diff;
  } finally {
    app.dispose();
  }
}
