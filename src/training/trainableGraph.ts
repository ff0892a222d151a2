/**
 * A shipped backbone graph made trainable without rebuilding it: the weights
 * of the part between a cut node and the output become tf.Variables that are
 * fed to the graph in place of its Const nodes, and tfjs' own graph executor
 * runs the forward pass (its ops are differentiable). So training runs the
 * very graph the app loads, and the trained weights go back into a copy of the
 * model files under their own names: same topology, same loader.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { WeightTable } from '../inference/weightTable';
import { toFloat16Bits } from './headExport';
import { fileHandler } from '../node/runtime';

interface GraphNode {
  name: string;
  op: string;
  input?: string[];
}

const baseName = (input: string) => input.replace(/^\^/, '').replace(/:\d+$/, '');

export interface TrainableGraphOptions {
  /** Node whose output is fed in (cached activations); the graph's input placeholder when absent. */
  from?: string;
  /** Node whose output is trained on. */
  output: string;
}

export class TrainableGraph {
  readonly jsonPath: string;
  readonly model: tf.GraphModel;
  /** The graph's input placeholder. */
  readonly input: string;
  /** The node fed with the input tensor. */
  readonly from: string;
  readonly output: string;
  /** Trainable weights by their Const node's name, in graph order. */
  readonly variables: Map<string, tf.Variable>;

  private constructor(
    jsonPath: string,
    model: tf.GraphModel,
    input: string,
    from: string,
    output: string,
    names: string[],
  ) {
    this.jsonPath = jsonPath;
    this.model = model;
    this.input = input;
    this.from = from;
    this.output = output;
    const weights = model.weights;
    this.variables = new Map(names.map((n) => [n, tf.variable(weights[n][0], true)]));
  }

  /** Loads the unfused graph (tfjs' fused kernels have no gradient for relu6 or PReLU). */
  static async load(jsonPath: string, opts: TrainableGraphOptions): Promise<TrainableGraph> {
    const model = await tf.loadGraphModel(fileHandler(jsonPath));
    const topology = JSON.parse(readFileSync(jsonPath, 'utf8')) as { modelTopology: { node: GraphNode[] } };
    const nodes = new Map(topology.modelTopology.node.map((n) => [n.name, n]));
    const input = topology.modelTopology.node.find((n) => n.op === 'Placeholder')?.name;
    if (!input) throw new Error(`${basename(jsonPath)} has no input placeholder`);
    const from = opts.from ?? input;
    if (!nodes.has(from)) throw new Error(`${basename(jsonPath)} has no node "${from}"`);
    if (!nodes.has(opts.output)) throw new Error(`${basename(jsonPath)} has no node "${opts.output}"`);
    const names = weightsBetween(nodes, from, opts.output, model.weights);
    if (names.length === 0) throw new Error(`no trainable weights between "${from}" and "${opts.output}"`);
    return new TrainableGraph(jsonPath, model, input, from, opts.output, names);
  }

  get trainable(): tf.Variable[] {
    return [...this.variables.values()];
  }

  get parameterCount(): number {
    return this.trainable.reduce((n, v) => n + v.size, 0);
  }

  /** The output for `input` fed at the cut, computed with the current variables. */
  apply(input: tf.Tensor): tf.Tensor {
    const feeds: tf.NamedTensorMap = { [this.from]: input };
    for (const [name, v] of this.variables) feeds[name] = v;
    return this.model.execute(feeds, this.output) as tf.Tensor;
  }

  /** What the cut is fed: the frozen bottom of the graph on backbone input (after `toBackboneInput`). */
  cut(images: tf.Tensor): tf.Tensor {
    if (this.from === this.input) return images.clone();
    return this.model.execute({ [this.input]: images }, this.from) as tf.Tensor;
  }

  /** The graph's output from its own (untouched) weights, for checks. */
  applyOriginal(input: tf.Tensor): tf.Tensor {
    return this.model.execute({ [this.from]: input }, this.output) as tf.Tensor;
  }

  /** Current values of the trainable weights (for checkpoints). */
  async values(): Promise<Record<string, Float32Array>> {
    const out: Record<string, Float32Array> = {};
    for (const [name, v] of this.variables) out[name] = (await v.data()) as Float32Array;
    return out;
  }

  assign(values: Record<string, Float32Array>): void {
    for (const [name, v] of this.variables) {
      const data = values[name];
      if (!data || data.length !== v.size) throw new Error(`checkpoint has no or a wrong-sized weight "${name}"`);
      const t = tf.tensor(data, v.shape);
      v.assign(t);
      t.dispose();
    }
  }

  /**
   * Writes the model (its json, topology untouched, and one weight file) with
   * the trained values in place of the originals. A weight stored as float16
   * stays float16 (others are written as float32), and its variable takes the
   * stored, rounded value: from here on the trainer computes what the app
   * loads. Returns the files written.
   */
  async save(outJson: string): Promise<string[]> {
    const json = JSON.parse(readFileSync(this.jsonPath, 'utf8')) as tf.io.ModelJSON;
    const original = await fileHandler(this.jsonPath).load!();
    const src = new Uint8Array(original.weightData as ArrayBuffer);
    const trained = await this.values();
    const parts: Uint8Array[] = [];
    const specs: tf.io.WeightsManifestEntry[] = [];
    let offset = 0;
    for (const spec of original.weightSpecs ?? []) {
      const size = byteSize(spec);
      const values = trained[spec.name];
      if (!values) {
        parts.push(src.subarray(offset, offset + size));
        specs.push(spec);
      } else if (spec.quantization?.dtype === 'float16') {
        parts.push(new Uint8Array(Uint16Array.from(values, toFloat16Bits).buffer));
        specs.push({ name: spec.name, shape: spec.shape, dtype: 'float32', quantization: { dtype: 'float16' } });
      } else {
        parts.push(new Uint8Array(Float32Array.from(values).buffer));
        specs.push({ name: spec.name, shape: spec.shape, dtype: 'float32' });
      }
      offset += size;
    }
    const binName = basename(outJson).replace(/\.json$/, '.bin');
    const bytes = Buffer.concat(parts);
    mkdirSync(dirname(outJson), { recursive: true });
    writeFileSync(join(dirname(outJson), binName), bytes);
    const stored = new WeightTable(specs, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    this.assign(Object.fromEntries([...this.variables.keys()].map((n) => [n, stored.floats(n)!])));
    writeFileSync(outJson, JSON.stringify({ ...json, weightsManifest: [{ paths: [binName], weights: specs }] }));
    return [outJson, join(dirname(outJson), binName)];
  }

  dispose(): void {
    this.variables.forEach((v) => v.dispose());
    this.model.dispose();
  }
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, float16: 2, uint8: 1, uint16: 2 };

function byteSize(spec: tf.io.WeightsManifestEntry): number {
  return spec.shape.reduce((a, b) => a * b, 1) * BYTES[spec.quantization?.dtype ?? spec.dtype];
}

/**
 * The float weights (more than one value: not clip bounds or scalar
 * constants) that the output depends on without going through `from`.
 */
function weightsBetween(
  nodes: Map<string, GraphNode>,
  from: string,
  output: string,
  weights: Record<string, tf.Tensor[]>,
): string[] {
  const seen = new Set<string>();
  const stack = [output];
  const found: string[] = [];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name) || name === from) continue;
    seen.add(name);
    const node = nodes.get(name);
    if (!node) continue;
    if (node.op === 'Const') {
      const t = weights[name]?.[0];
      if (t && t.dtype === 'float32' && t.size > 1) found.push(name);
      continue;
    }
    if (node.op === 'Placeholder')
      throw new Error(`"${output}" depends on the graph input other than through "${from}"`);
    for (const i of node.input ?? []) stack.push(baseName(i));
  }
  const order = [...nodes.keys()];
  return found.sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
