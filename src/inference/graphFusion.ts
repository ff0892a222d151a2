/**
 * Fusion of a graph model's convolution chains into tfjs' fused kernels,
 * applied once at build time (scripts/fuse-models.ts writes the fused files
 * the app loads). FaceRes (Keras MobileNetV1) runs every convolution as
 * Conv2D, Add, Relu, Minimum, Maximum: on WASM the four elementwise ops cost
 * more than the convolution. Fused, each chain is one kernel that adds the
 * bias and clamps in place. MobileFace's PReLU (max(0,x) + g*min(0,x)) and its
 * zero Pads fold the same way. The fused graph computes the same function
 * (rounding aside: a folded batch-norm scale multiplies the weights instead of
 * the output).
 */
import type * as tf from '@tensorflow/tfjs';
import { WeightTable } from './weightTable';

interface AttrValue {
  s?: string;
  i?: string | number;
  f?: number;
  b?: boolean;
  type?: string;
  list?: { s?: string[]; i?: (string | number)[] };
  tensor?: unknown;
}

export interface NodeDef {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, AttrValue>;
  device?: string;
}

interface GraphDef {
  node: NodeDef[];
  [k: string]: unknown;
}

const CONV_OPS = new Set(['Conv2D', 'DepthwiseConv2dNative']);
const ADD_OPS = new Set(['Add', 'AddV2', 'BiasAdd']);

const b64 = (s: string) => btoa(s);
const unb64 = (s: string | undefined) => (s === undefined ? '' : atob(s));
const baseName = (input: string) => input.replace(/^\^/, '').replace(/:\d+$/, '');

/** What the rewrite did, for logs and tests. */
export interface FusionReport {
  fused: number;
  padsFolded: number;
  removedNodes: number;
}

class Graph {
  readonly nodes = new Map<string, NodeDef>();
  private readonly consumers = new Map<string, NodeDef[]>();
  readonly weights: WeightTable;

  constructor(defs: readonly NodeDef[], weights: WeightTable) {
    this.weights = weights;
    for (const n of defs) this.nodes.set(n.name, n);
    for (const n of defs)
      for (const i of n.input ?? []) {
        const b = baseName(i);
        this.consumers.set(b, [...(this.consumers.get(b) ?? []), n]);
      }
  }

  users(name: string): NodeDef[] {
    return this.consumers.get(name) ?? [];
  }

  /** The one node that consumes `name` (its first output, once), if exactly one does. */
  soleUser(name: string, op?: (o: string) => boolean): NodeDef | undefined {
    const u = this.users(name);
    if (u.length !== 1 || (op && !op(u[0].op))) return undefined;
    const refs = (u[0].input ?? []).filter((i) => baseName(i) === name);
    return refs.length === 1 && (refs[0] === name || refs[0] === `${name}:0`) ? u[0] : undefined;
  }

  /** For a binary node fed by `from`, the other input if it is a Const weight. */
  constOperand(node: NodeDef, from: string): string | undefined {
    const ins = node.input ?? [];
    if (ins.length !== 2) return undefined;
    const other = baseName(ins[0]) === from ? ins[1] : baseName(ins[1]) === from ? ins[0] : undefined;
    if (other === undefined) return undefined;
    const n = this.nodes.get(baseName(other));
    return n?.op === 'Const' && this.weights.has(n.name) ? n.name : undefined;
  }

  scalar(name: string | undefined): number | undefined {
    if (!name) return undefined;
    const v = this.weights.floats(name);
    return v?.length === 1 ? v[0] : undefined;
  }

  /** A per-channel constant: shape [c] (or a scalar broadcast to c). */
  channelVector(name: string | undefined, c: number): Float32Array | undefined {
    if (!name) return undefined;
    const v = this.weights.floats(name);
    const shape = this.weights.shape(name) ?? [];
    if (!v) return undefined;
    if (v.length === 1 && shape.length <= 1) return new Float32Array(c).fill(v[0]);
    return v.length === c && shape.length === 1 ? v : undefined;
  }
}

interface Chain {
  scale?: Float32Array;
  bias?: Float32Array;
  activation: 'linear' | 'relu' | 'relu6' | 'prelu';
  alpha?: Float32Array;
  /** The chain's last node: the fused node takes its name. */
  last: NodeDef;
  removed: NodeDef[];
}

/** Follows conv -> [Mul scale] -> [Add bias] -> [Relu [-> Min 6 -> Max 0] | PReLU]. */
function matchChain(g: Graph, conv: NodeDef, channels: number): Chain | undefined {
  const removed: NodeDef[] = [];
  let cur = conv;
  let scale: Float32Array | undefined;
  let bias: Float32Array | undefined;
  const next = (ops: Set<string> | string) =>
    g.soleUser(cur.name, (o) => (typeof ops === 'string' ? o === ops : ops.has(o)));

  const mul = next('Mul');
  if (mul && (scale = g.channelVector(g.constOperand(mul, cur.name), channels))) {
    removed.push(mul);
    cur = mul;
  }
  const add = next(ADD_OPS);
  if (add && (bias = g.channelVector(g.constOperand(add, cur.name), channels))) {
    removed.push(add);
    cur = add;
  }

  const relu = next('Relu');
  if (relu) {
    removed.push(relu);
    const min = g.soleUser(relu.name, (o) => o === 'Minimum');
    const max = min && g.soleUser(min.name, (o) => o === 'Maximum');
    if (min && max && g.scalar(g.constOperand(min, relu.name)) === 6 && g.scalar(g.constOperand(max, min.name)) === 0) {
      return { scale, bias, activation: 'relu6', last: max, removed: [...removed, min, max] };
    }
    return { scale, bias, activation: 'relu', last: relu, removed };
  }

  const prelu = matchPrelu(g, cur, channels);
  if (prelu) return { scale, bias, ...prelu, removed: [...removed, ...prelu.removed] };
  if (scale || bias) return { scale, bias, activation: 'linear', last: cur, removed };
  return undefined;
}

/** max(0, x) + g * min(0, x), as MXNet exports PReLU; `x` must feed nothing else. */
function matchPrelu(g: Graph, x: NodeDef, channels: number): Omit<Chain, 'scale' | 'bias'> | undefined {
  const users = g.users(x.name);
  if (users.length !== 2) return undefined;
  const max = users.find((u) => u.op === 'Maximum');
  const min = users.find((u) => u.op === 'Minimum');
  if (!max || !min || g.scalar(g.constOperand(max, x.name)) !== 0 || g.scalar(g.constOperand(min, x.name)) !== 0)
    return undefined;
  const mul = g.soleUser(min.name, (o) => o === 'Mul');
  const alpha = mul && g.channelVector(g.constOperand(mul, min.name), channels);
  const add = mul && g.soleUser(mul.name, (o) => ADD_OPS.has(o) && o !== 'BiasAdd');
  if (!alpha || !add || g.soleUser(max.name) !== add) return undefined;
  const ins = (add.input ?? []).map(baseName);
  if (!(ins.includes(max.name) && ins.includes(mul.name))) return undefined;
  return { activation: 'prelu', alpha, last: add, removed: [max, min, mul, add] };
}

function listInts(a: AttrValue | undefined): number[] {
  return (a?.list?.i ?? []).map(Number);
}

/**
 * A zero Pad of height and width only in front of the convolution, when the
 * convolution can take it as its own padding: explicit for Conv2D; for the
 * depthwise kernel (no explicit padding in tfjs' fused op) only where it equals
 * SAME, i.e. stride 1 and (k-1)/2 on every side.
 */
function foldablePad(g: Graph, conv: NodeDef): { input: string; pads: number[] } | undefined {
  const pad = g.nodes.get(baseName(conv.input![0]));
  if (!pad || (pad.op !== 'Pad' && pad.op !== 'PadV2') || g.users(pad.name).length !== 1) return undefined;
  if (unb64(conv.attr?.padding?.s) !== 'VALID') return undefined;
  const ins = pad.input ?? [];
  if (pad.op === 'PadV2' && g.scalar(baseName(ins[2] ?? '')) !== 0) return undefined;
  const pn = g.nodes.get(baseName(ins[1] ?? ''));
  if (pn?.op !== 'Const') return undefined;
  const raw = intWeights(g.weights, pn.name);
  if (!raw || raw.length !== 8 || raw[0] || raw[1] || raw[6] || raw[7]) return undefined;
  if (conv.op.includes('Depthwise')) {
    const k = g.weights.shape(baseName(conv.input![1]));
    const strides = listInts(conv.attr?.strides);
    if (!k || strides.some((s) => s !== 1)) return undefined;
    const [ph, pw] = [(k[0] - 1) / 2, (k[1] - 1) / 2];
    if (raw[2] !== ph || raw[3] !== ph || raw[4] !== pw || raw[5] !== pw) return undefined;
  }
  return { input: ins[0], pads: raw };
}

const PADDED_CONV_OPS = new Set([...CONV_OPS, '_FusedConv2D', 'FusedDepthwiseConv2dNative']);

/** Second pass: zero Pads in front of convolutions become the convolution's own padding (exact). */
function foldPads(nodes: NodeDef[], weights: WeightTable, report: FusionReport): NodeDef[] {
  const g = new Graph(nodes, weights);
  const gone = new Set<string>();
  const out = nodes.map((conv) => {
    if (!PADDED_CONV_OPS.has(conv.op)) return conv;
    const pad = foldablePad(g, conv);
    if (!pad) return conv;
    gone.add(baseName(conv.input![0]));
    report.padsFolded++;
    const attr: Record<string, AttrValue> = { ...conv.attr };
    if (conv.op.includes('Depthwise')) {
      attr.padding = { s: b64('SAME') };
      delete attr.explicit_paddings;
    } else {
      attr.padding = { s: b64('EXPLICIT') };
      attr.explicit_paddings = { list: { i: pad.pads.map(String) } };
    }
    return { ...conv, input: [pad.input, ...conv.input!.slice(1)], attr };
  });
  return out.filter((n) => !gone.has(n.name));
}

function intWeights(w: WeightTable, name: string): number[] | undefined {
  const v = w.ints(name);
  return v ? Array.from(v) : undefined;
}

function constNode(name: string, shape: number[]): NodeDef {
  return {
    name,
    op: 'Const',
    attr: {
      dtype: { type: 'DT_FLOAT' },
      value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: shape.map((d) => ({ size: String(d) })) } } },
    },
  };
}

/** Rewrites the artifacts' graph in place of a copy; returns new artifacts and what changed. */
export function fuseGraph(artifacts: tf.io.ModelArtifacts): { artifacts: tf.io.ModelArtifacts; report: FusionReport } {
  const topology = artifacts.modelTopology as GraphDef | undefined;
  const report: FusionReport = { fused: 0, padsFolded: 0, removedNodes: 0 };
  if (!topology?.node || !artifacts.weightSpecs || !artifacts.weightData) return { artifacts, report };
  const weights = new WeightTable(artifacts.weightSpecs, artifacts.weightData);
  const g = new Graph(topology.node, weights);
  const replaced = new Map<string, NodeDef>();
  const gone = new Set<string>();
  const added: NodeDef[] = [];

  for (const conv of topology.node) {
    if (!CONV_OPS.has(conv.op) || gone.has(conv.name)) continue;
    const filterName = baseName(conv.input?.[1] ?? '');
    const filter = weights.floats(filterName);
    const fshape = weights.shape(filterName);
    if (!filter || fshape?.length !== 4) continue;
    const depthwise = conv.op === 'DepthwiseConv2dNative';
    const channels = depthwise ? fshape[2] * fshape[3] : fshape[3];
    const chain = matchChain(g, conv, channels);
    if (!chain) continue;

    let filterInput = conv.input![1];
    if (chain.scale) {
      // Fold the per-output-channel scale into the weights (the last axis of
      // [kh, kw, in, out] is out; for depthwise, in * multiplier is out).
      const w = new Float32Array(filter.length);
      for (let i = 0; i < w.length; i++) w[i] = filter[i] * chain.scale[i % channels];
      filterInput = `${chain.last.name}/fused_filter`;
      weights.setFloats(filterInput, fshape, w);
      added.push(constNode(filterInput, fshape));
    }
    const biasName = `${chain.last.name}/fused_bias`;
    weights.setFloats(biasName, [channels], chain.bias ?? new Float32Array(channels));
    added.push(constNode(biasName, [channels]));
    const args = [biasName];
    if (chain.alpha) {
      const alphaName = `${chain.last.name}/fused_alpha`;
      weights.setFloats(alphaName, [channels], chain.alpha);
      added.push(constNode(alphaName, [channels]));
      args.push(alphaName);
    }

    const attr: Record<string, AttrValue> = { ...conv.attr };
    const activation = { linear: [], relu: ['Relu'], relu6: ['Relu6'], prelu: ['Prelu'] }[chain.activation];
    attr.fused_ops = { list: { s: ['BiasAdd', ...activation].map(b64) } };
    attr.num_args = { i: String(args.length) };
    replaced.set(chain.last.name, {
      name: chain.last.name,
      op: depthwise ? 'FusedDepthwiseConv2dNative' : '_FusedConv2D',
      input: [conv.input![0], filterInput, ...args],
      attr,
      ...(conv.device ? { device: conv.device } : {}),
    });
    gone.add(conv.name);
    chain.removed.forEach((n) => n !== chain.last && gone.add(n.name));
    report.fused++;
  }
  const fusedNodes = [
    ...topology.node.filter((n) => !gone.has(n.name)).map((n) => replaced.get(n.name) ?? n),
    ...added,
  ];
  const nodes = foldPads(fusedNodes, weights, report);
  if (report.fused === 0 && report.padsFolded === 0) return { artifacts, report };

  // Drop Const nodes (and their weights) that nothing reads any more.
  const read = new Set(nodes.flatMap((n) => (n.input ?? []).map(baseName)));
  const kept = nodes.filter((n) => n.op !== 'Const' || read.has(n.name));
  report.removedNodes = topology.node.length + added.length - kept.length;
  const dropped = new Set(topology.node.filter((n) => n.op === 'Const' && !read.has(n.name)).map((n) => n.name));
  const packed = weights.pack((name) => !dropped.has(name));
  return {
    artifacts: {
      ...artifacts,
      modelTopology: { ...topology, node: kept },
      weightSpecs: packed.specs,
      weightData: packed.data,
    },
    report,
  };
}
