/**
 * A member's trainable head: features → normalisation → hidden layer → one
 * softmax per head (mask 3, gender 2, age 3). Missing labels are all-zero
 * targets, which add nothing to the cross-entropy: partial labels train only
 * the heads they have. Class weights scale the one-hot targets.
 */
import * as tf from '@tensorflow/tfjs';
import { HEADS, HEAD_SIZES } from '../core/classes';

export interface HeadOptions {
  inputSize: number;
  hidden: number;
  dropout: number;
  learningRate: number;
  seed: number;
}

export function buildHead(o: HeadOptions): tf.LayersModel {
  const input = tf.input({ shape: [o.inputSize], name: 'features' });
  const norm = tf.layers.batchNormalization({ name: 'norm' }).apply(input) as tf.SymbolicTensor;
  const hidden = tf.layers
    .dense({
      units: o.hidden,
      activation: 'relu',
      name: 'hidden',
      kernelInitializer: tf.initializers.heNormal({ seed: o.seed }),
    })
    .apply(norm) as tf.SymbolicTensor;
  const drop = tf.layers.dropout({ rate: o.dropout, name: 'dropout' }).apply(hidden) as tf.SymbolicTensor;
  const outputs = HEADS.map(
    (h) =>
      tf.layers
        .dense({
          units: HEAD_SIZES[h],
          activation: 'softmax',
          name: h,
          kernelInitializer: tf.initializers.glorotUniform({ seed: o.seed + 1 }),
        })
        .apply(drop) as tf.SymbolicTensor,
  );
  const model = tf.model({ inputs: input, outputs, name: 'maskcheck_head' });
  model.compile({
    optimizer: tf.train.adam(o.learningRate),
    loss: HEADS.map(() => 'categoricalCrossentropy'),
  });
  return model;
}
