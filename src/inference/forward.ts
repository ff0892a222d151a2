/**
 * The face forward pass, written once: crop → backbone → pool → each member's
 * own plus borrowed features. The ensemble (app, eval, bench) puts heads on top;
 * the trainer reads the features themselves. Everything here is synchronous
 * tensor code meant to run inside the caller's one `tf.tidy`, so nothing is
 * freed by hand; `readOnce` is the one readback of a step.
 */
import * as tf from '@tensorflow/tfjs';
import { featureKey, headInputIds, type BackboneSpec, type MemberSpec } from '../core/ensembleSpec';
import type { FaceBox } from '../core/geometry';
import { cropFaces, pool, toBackboneInput } from './crop';
import { loadGraph, type ModelSource } from './modelSource';

export interface LoadedBackbone {
  spec: BackboneSpec;
  model: tf.GraphModel;
}

/** What the forward pass needs of a member: no head. */
export type FeatureMember = Pick<MemberSpec, 'id' | 'backbone' | 'crop' | 'pooling'> &
  Partial<Pick<MemberSpec, 'extraFeatures'>>;

/** Faces to look at in one image (pixels 0..255, [h, w, 3]). */
export interface FaceRequest {
  image: tf.Tensor3D;
  faces: readonly FaceBox[];
}

/** Key for activations that several members share (same backbone, same crop). */
export function activationKey(m: Pick<MemberSpec, 'backbone' | 'crop'>): string {
  return `${m.backbone}@${m.crop.scale}/${m.crop.shiftY}${m.crop.align ? '/aligned' : ''}`;
}

/** Loads each backbone graph once; frees the loaded ones if a later file fails. */
export async function loadBackbones(
  specs: Record<string, BackboneSpec>,
  source: ModelSource,
): Promise<Record<string, LoadedBackbone>> {
  const out: Record<string, LoadedBackbone> = {};
  try {
    // The files are fused at build time (scripts/fuse-models.ts): same function, a third of the kernels.
    for (const [name, spec] of Object.entries(specs))
      out[name] = { spec, model: await loadGraph(source, spec.file, spec.inputSize) };
  } catch (e) {
    Object.values(out).forEach((b) => b.model.dispose());
    throw e;
  }
  return out;
}

export interface ForwardResult {
  /** Per member id: its own pooled features, [faces, featureSize], faces in request order. */
  pooled: Map<string, tf.Tensor2D>;
  /** Per backbone named in `extraOutputs`: those outputs, faces in request order. */
  extra: Map<string, tf.Tensor[]>;
}

/**
 * Crops every face of every request once per distinct (backbone, crop) pair,
 * runs each backbone once over all its crops (one graph execution, however
 * many crop rules and images), and pools per member. Call inside `tf.tidy`.
 */
export function forwardFaces(
  requests: readonly FaceRequest[],
  members: readonly FeatureMember[],
  backbones: Record<string, LoadedBackbone>,
  extraOutputs: Record<string, readonly string[]> = {},
): ForwardResult {
  const keysOf = new Map<string, string[]>();
  const ruleOf = new Map<string, FeatureMember>();
  for (const m of members) {
    const key = activationKey(m);
    if (ruleOf.has(key)) continue;
    ruleOf.set(key, m);
    keysOf.set(m.backbone, [...(keysOf.get(m.backbone) ?? []), key]);
  }
  const withFaces = requests.filter((r) => r.faces.length > 0);
  const faceCount = withFaces.reduce((n, r) => n + r.faces.length, 0);
  const activations = new Map<string, tf.Tensor>();
  const extra = new Map<string, tf.Tensor[]>();
  for (const [name, keys] of keysOf) {
    const b = backbones[name];
    if (!b) throw new RangeError(`no backbone "${name}" is loaded`);
    // Crops of one key for every image, then every key: one batch for the backbone.
    const crops = keys.flatMap((k) =>
      withFaces.map((r) => cropFaces(r.image, r.faces, ruleOf.get(k)!.crop, b.spec.inputSize)),
    );
    const batch = crops.length === 1 ? crops[0] : (tf.concat(crops) as tf.Tensor4D);
    const r = b.model.execute(toBackboneInput(batch, b.spec), [b.spec.output, ...(extraOutputs[name] ?? [])]);
    const [features, ...rest] = Array.isArray(r) ? r : [r];
    const parts = keys.length === 1 ? [features] : tf.split(features, keys.length, 0);
    keys.forEach((k, i) => activations.set(k, parts[i]));
    // Extra outputs (faceres' own gender/age) come from the first crop rule of that backbone.
    if (rest.length > 0)
      extra.set(
        name,
        rest.map((t) => t.slice(0, faceCount)),
      );
  }
  // Members with the same features (only their heads differ) pool once.
  const byKey = new Map<string, tf.Tensor2D>();
  const pooled = new Map<string, tf.Tensor2D>();
  for (const m of members) {
    const k = featureKey(m);
    if (!byKey.has(k)) byKey.set(k, pool(activations.get(activationKey(m))!, m.pooling));
    pooled.set(m.id, byKey.get(k)!);
  }
  return { pooled, extra };
}

/** A member's head input: its own features, then those of the members it borrows from. */
export function headInput(m: FeatureMember, pooled: ReadonlyMap<string, tf.Tensor2D>): tf.Tensor2D {
  const parts = headInputIds(m).map((id) => {
    const t = pooled.get(id);
    if (!t) throw new RangeError(`member "${m.id}" needs features of "${id}", which were not computed`);
    return t;
  });
  return parts.length === 1 ? parts[0] : (tf.concat(parts, 1) as tf.Tensor2D);
}

/** Members plus the ones they borrow features from, in spec order. */
export function withBorrowed<M extends FeatureMember>(all: readonly M[], ids: readonly string[]): M[] {
  const needed = new Set<string>();
  for (const id of ids) {
    const m = all.find((x) => x.id === id);
    if (!m) throw new RangeError(`unknown member "${id}"`);
    headInputIds(m).forEach((x) => needed.add(x));
  }
  return all.filter((m) => needed.has(m.id));
}

/**
 * Every tensor's values through one readback (a GPU round trip each otherwise),
 * in order; frees the tensors. `make` runs in a tidy, so its intermediates go too.
 */
export async function readOnce(make: () => tf.Tensor[]): Promise<Float32Array[]> {
  const sizes: number[] = [];
  const all = tf.tidy(() => {
    const ts = make();
    ts.forEach((t) => sizes.push(t.size));
    return tf.concat(ts.map((t) => t.reshape([-1]).toFloat()));
  });
  let data: Float32Array;
  try {
    data = (await all.data()) as Float32Array;
  } finally {
    all.dispose();
  }
  let offset = 0;
  return sizes.map((n) => {
    const part = data.subarray(offset, offset + n);
    offset += n;
    return part;
  });
}
