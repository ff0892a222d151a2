/**
 * A backbone runs at an input size other than the one its file fixes
 * (`--input-sizes faceres=160`): the loader re-declares the input, the
 * file's bytes stay as they are, and the trainer refuses sizes the stride
 * does not divide.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { forwardFaces, loadBackbones } from '../../../src/inference/forward';
import { loadGraph, withImageInputSize } from '../../../src/inference/modelSource';
import { backbonesWithSizes, DEFAULT_BACKBONES, DEFAULT_MEMBERS } from '../../../src/training/defaults';
import { models, useWasm } from './helpers';

describe('backbone input size', () => {
  beforeAll(useWasm);

  it('re-declares only the height and width of 4-d inputs', () => {
    const artifacts: tf.io.ModelArtifacts = {
      modelTopology: {
        node: [
          {
            name: 'x',
            op: 'Placeholder',
            attr: { shape: { shape: { dim: [-1, 224, 224, 3].map(String).map((size) => ({ size })) } } },
          },
          { name: 'k', op: 'Placeholder', attr: { shape: { shape: { dim: [{ size: '2' }] } } } },
          { name: 'c', op: 'Const' },
        ],
      },
      signature: { inputs: { x: { tensorShape: { dim: [-1, 224, 224, 3].map(String).map((size) => ({ size })) } } } },
    };
    const out = withImageInputSize(artifacts, 160);
    const nodes = (out.modelTopology as { node: { attr?: { shape?: { shape: { dim: { size: string }[] } } } }[] }).node;
    expect(nodes[0].attr!.shape!.shape.dim.map((d) => d.size)).toEqual(['-1', '160', '160', '3']);
    expect(nodes[1].attr!.shape!.shape.dim.map((d) => d.size)).toEqual(['2']);
    const sig = out.signature as { inputs: { x: { tensorShape: { dim: { size: string }[] } } } };
    expect(sig.inputs.x.tensorShape.dim.map((d) => d.size)).toEqual(['-1', '160', '160', '3']);
    // The caller's artifacts are not changed.
    expect((artifacts.modelTopology as typeof out.modelTopology & { node: unknown[] }).node[0]).not.toBe(nodes[0]);
  });

  it('runs FaceRes at 160 px, which the stored file alone refuses', async () => {
    const x = tf.zeros([1, 160, 160, 3]);
    const plain = await loadGraph(models, DEFAULT_BACKBONES.faceres.file);
    expect(() => plain.execute(x, DEFAULT_BACKBONES.faceres.output)).toThrow(/shape/);
    plain.dispose();

    const resized = await loadGraph(models, DEFAULT_BACKBONES.faceres.file, 160);
    const y = resized.execute(x, DEFAULT_BACKBONES.faceres.output) as tf.Tensor;
    expect(y.shape).toEqual([1, 5, 5, 1024]);
    tf.dispose([x, y]);
    resized.dispose();
  });

  it('gives every member its features through the shared forward pass at 160 px', async () => {
    const specs = backbonesWithSizes({ faceres: 160 });
    expect(specs.faceres.inputSize).toBe(160);
    expect(specs.mobileface).toEqual(DEFAULT_BACKBONES.mobileface);
    const backbones = await loadBackbones(specs, models);
    const image = tf.randomUniform([200, 200, 3], 0, 255, 'int32') as tf.Tensor3D;
    const face = { x: 50, y: 40, w: 100, h: 120, angle: 0.1 };
    const result = forwardFaces([{ image, faces: [face] }], DEFAULT_MEMBERS, backbones);
    for (const m of DEFAULT_MEMBERS) expect(result.pooled.get(m.id)!.shape).toEqual([1, m.featureSize]);
    tf.dispose([image, ...result.pooled.values(), ...[...result.extra.values()].flat()]);
    Object.values(backbones).forEach((b) => b.model.dispose());
  });

  it('refuses unknown backbones and sizes the stride does not divide', () => {
    expect(() => backbonesWithSizes({ facenet: 160 })).toThrow(/no backbone "facenet"/);
    expect(() => backbonesWithSizes({ faceres: 150 })).toThrow(/multiple of 32/);
    expect(() => backbonesWithSizes({ mobileface: 96 })).toThrow(/runs only at 112 px/);
    expect(backbonesWithSizes({ mobileface: 112 }).mobileface.inputSize).toBe(112);
  });
});
