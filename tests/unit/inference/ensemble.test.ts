import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeClass } from '../../../src/core/classes';
import type { EnsembleSpec, MemberSpec } from '../../../src/core/ensembleSpec';
import { Ensemble } from '../../../src/inference/ensemble';
import { ModelLoadError, type ModelSource } from '../../../src/inference/modelSource';
import { detectorSpec, models, photoOnCanvas, useWasm } from './helpers';

/** A small three-head classifier on `features` inputs, as in-memory model artifacts. */
async function headArtifacts(features: number): Promise<tf.io.ModelArtifacts> {
  const input = tf.input({ shape: [features] });
  const hidden = tf.layers.dense({ units: 8, activation: 'relu' }).apply(input) as tf.SymbolicTensor;
  const outs = [3, 2, 3].map(
    (n) => tf.layers.dense({ units: n, activation: 'softmax' }).apply(hidden) as tf.SymbolicTensor,
  );
  const model = tf.model({ inputs: input, outputs: outs });
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  return artifacts!;
}

const member = (id: string, head: string, scale = 1.5): MemberSpec => ({
  id,
  description: id,
  backbone: 'mobileface',
  crop: { scale, shiftY: 0 },
  pooling: 'none',
  featureSize: 256,
  head,
});

function spec(members: MemberSpec[]): EnsembleSpec {
  return {
    format: 'maskcheck-ensemble',
    version: 1,
    createdAt: '2026-11-27T00:00:00Z',
    detector: detectorSpec(),
    backbones: {
      mobileface: { file: 'mobileface.json', inputSize: 112, inputRange: [0, 1], output: 'batchnorm0/add_1:0' },
    },
    members,
    classes: [],
    heads: { mask: [], gender: [], age: [] },
    voting: { rule: 'hard', tie: 'sum' },
    sha256: {},
  };
}

let heads: Record<string, tf.io.ModelArtifacts>;
let source: ModelSource;

beforeAll(async () => {
  await useWasm();
  // 'wide.json' expects 512 features: feeding it mobileface's 256 throws inside predict.
  heads = { 'good.json': await headArtifacts(256), 'wide.json': await headArtifacts(512) };
  source = (file) => (heads[file] ? tf.io.fromMemory(heads[file]) : models(file));
});

describe('Ensemble on a real photo (WASM)', () => {
  let image: tf.Tensor3D;
  beforeAll(async () => {
    image = await photoOnCanvas('37_0_0_20170102233603627.jpg', 50, 50, 300, 300);
  });
  afterAll(() => image?.dispose());

  it('gives one voted result per face with every member, and leaks nothing', async () => {
    const e = await Ensemble.load(spec([member('a', 'good.json'), member('b', 'good.json', 1.2)]), source);
    try {
      await e.analyze(image); // warm-up
      const before = tf.memory().numTensors;
      const results = await e.analyze(image);
      expect(tf.memory().numTensors).toBe(before);
      expect(results).toHaveLength(1);
      const [r] = results;
      expect(r.members.map((m) => m.member)).toEqual(['a', 'b']);
      expect(r.members[0].mask).toHaveLength(3);
      expect(r.members[0].gender).toHaveLength(2);
      expect(r.members[0].age).toHaveLength(3);
      expect(Array.from(r.members[0].mask).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
      expect(r.classId).toBeGreaterThanOrEqual(0);
      expect(r.classId).toBeLessThan(18);
      // Plain results: labels by name, the box in pixels and as fractions of the 300x300 image.
      expect(r.labels).toEqual(decodeClass(r.classId));
      expect(r.box).toEqual(r.detection.box);
      expect(r.relativeBox.x).toBeCloseTo(r.box.x / 300, 9);
      expect(r.relativeBox.w).toBeCloseTo(r.box.w / 300, 9);
      expect(r.total).toBe(2);
    } finally {
      e.dispose();
    }
  });

  it('leaks nothing when a member fails half-way', async () => {
    // Member 'a' computes its outputs before member 'b' throws.
    const e = await Ensemble.load(spec([member('a', 'good.json'), member('b', 'wide.json')]), source);
    try {
      const detections = await e.detector.detect(image);
      expect(detections).toHaveLength(1);
      const before = tf.memory().numTensors;
      await expect(e.classify(image, detections)).rejects.toThrow();
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      e.dispose();
    }
  });
});

describe('Ensemble loading (WASM)', () => {
  it('frees what it loaded when a later file fails', async () => {
    const before = tf.memory().numTensors;
    await expect(Ensemble.load(spec([member('a', 'good.json'), member('b', 'missing.json')]), source)).rejects.toThrow(
      ModelLoadError,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('dispose frees every model', async () => {
    const before = tf.memory().numTensors;
    const e = await Ensemble.load(spec([member('a', 'good.json')]), source);
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    e.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
