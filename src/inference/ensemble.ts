/**
 * The shipped ensemble: detector, shared backbones, one trained head per
 * member, and the hard vote. Used as-is by the app and by the trainer's
 * evaluation, so a face is seen the same way in both.
 */
import * as tf from '@tensorflow/tfjs';
import { HEADS, type Head } from '../core/classes';
import type { BackboneSpec, CropRule, EnsembleSpec, MemberSpec } from '../core/ensembleSpec';
import type { FaceBox } from '../core/geometry';
import { hardVote, type HeadProbs, type VoteResult } from '../core/vote';
import { cropFaces, pool, toBackboneInput } from './crop';
import { FaceDetector, faceBoxOf, type DetectOptions, type Detection } from './detector';
import { loadGraph, loadLayers, type ModelSource } from './modelSource';

export interface MemberPrediction extends HeadProbs {
  member: string;
}

export interface FaceResult extends VoteResult {
  detection: Detection;
  members: MemberPrediction[];
}

export interface LoadedBackbone {
  spec: BackboneSpec;
  model: tf.GraphModel;
}

/** Key for activations that several members share (same backbone, same crop). */
export function activationKey(m: Pick<MemberSpec, 'backbone' | 'crop'>): string {
  return `${m.backbone}@${m.crop.scale}/${m.crop.shiftY}${m.crop.align ? '/aligned' : ''}`;
}

type MemberInput = Pick<MemberSpec, 'backbone' | 'crop'>;

/** One batch of 0..255 crops per distinct (backbone, crop) pair. Callers own the tensors. */
export function cropsForMembers(
  image: tf.Tensor3D,
  faces: readonly FaceBox[],
  members: readonly MemberInput[],
  backbones: Record<string, LoadedBackbone>,
): Map<string, tf.Tensor4D> {
  const out = new Map<string, tf.Tensor4D>();
  try {
    for (const m of members) {
      const key = activationKey(m);
      if (out.has(key)) continue;
      out.set(key, cropFaces(image, faces, m.crop as CropRule, backbones[m.backbone].spec.inputSize));
    }
  } catch (e) {
    out.forEach((t) => t.dispose());
    throw e;
  }
  return out;
}

/**
 * Runs each backbone over its crops; returns its feature output followed by
 * any `extraOutputs` for that backbone, by key. All crops of one backbone
 * (e.g. MobileFace's three crop rules, for every face) go through in one batch:
 * one graph execution instead of one per crop rule. Callers own the tensors.
 */
export function executeBackbones(
  crops: Map<string, tf.Tensor4D>,
  members: readonly MemberInput[],
  backbones: Record<string, LoadedBackbone>,
  extraOutputs: Record<string, string[]> = {},
): Map<string, tf.Tensor[]> {
  const keysOf = new Map<string, string[]>();
  for (const m of members) {
    const key = activationKey(m);
    const keys = keysOf.get(m.backbone) ?? [];
    if (crops.has(key) && !keys.includes(key)) keysOf.set(m.backbone, [...keys, key]);
  }
  const out = new Map<string, tf.Tensor[]>();
  try {
    for (const [name, keys] of keysOf) {
      const b = backbones[name];
      const outputs = [b.spec.output, ...(extraOutputs[name] ?? [])];
      const sizes = keys.map((k) => crops.get(k)!.shape[0]);
      const parts = tf.tidy(() => {
        const batch = keys.length === 1 ? crops.get(keys[0])! : tf.concat(keys.map((k) => crops.get(k)!));
        const r = b.model.execute(toBackboneInput(batch as tf.Tensor4D, b.spec), outputs);
        const results = Array.isArray(r) ? r : [r];
        // Back into one list of outputs per crop key.
        return keys.length === 1 ? [results] : transpose(results.map((t) => tf.split(t, sizes, 0)));
      });
      keys.forEach((k, i) => out.set(k, parts[i]));
    }
  } catch (e) {
    // A later backbone failed: free the earlier ones' outputs, which the caller never sees.
    out.forEach((ts) => ts.forEach((t) => t.dispose()));
    throw e;
  }
  return out;
}

/** Every output's values through one readback (a GPU round trip each otherwise). */
async function readAll(outputs: readonly tf.Tensor[][]): Promise<Float32Array[][]> {
  const flat = outputs.flat();
  const all = tf.tidy(() => tf.concat(flat.map((t) => t.reshape([-1]))));
  let data: Float32Array;
  try {
    data = (await all.data()) as Float32Array;
  } finally {
    all.dispose();
  }
  let offset = 0;
  return outputs.map((o) =>
    o.map((t) => {
      const part = data.subarray(offset, offset + t.size);
      offset += t.size;
      return part;
    }),
  );
}

function transpose<T>(rows: T[][]): T[][] {
  return rows[0].map((_, j) => rows.map((r) => r[j]));
}

/** Crops and runs the backbones in one go. Callers own the returned tensors. */
export function runBackbones(
  image: tf.Tensor3D,
  faces: readonly FaceBox[],
  members: readonly MemberInput[],
  backbones: Record<string, LoadedBackbone>,
  extraOutputs: Record<string, string[]> = {},
): Map<string, tf.Tensor[]> {
  const crops = cropsForMembers(image, faces, members, backbones);
  try {
    return executeBackbones(crops, members, backbones, extraOutputs);
  } finally {
    crops.forEach((t) => t.dispose());
  }
}

/** Loads each backbone graph once. */
export async function loadBackbones(
  specs: Record<string, BackboneSpec>,
  source: ModelSource,
): Promise<Record<string, LoadedBackbone>> {
  const out: Record<string, LoadedBackbone> = {};
  try {
    // The files are fused at build time (scripts/fuse-models.ts): same function, a third of the kernels.
    for (const [name, spec] of Object.entries(specs)) out[name] = { spec, model: await loadGraph(source, spec.file) };
  } catch (e) {
    Object.values(out).forEach((b) => b.model.dispose());
    throw e;
  }
  return out;
}

export class Ensemble {
  readonly spec: EnsembleSpec;
  readonly detector: FaceDetector;
  private readonly backbones: Record<string, LoadedBackbone>;
  private readonly heads: Map<string, tf.LayersModel>;

  private constructor(
    spec: EnsembleSpec,
    detector: FaceDetector,
    backbones: Record<string, LoadedBackbone>,
    heads: Map<string, tf.LayersModel>,
  ) {
    this.spec = spec;
    this.detector = detector;
    this.backbones = backbones;
    this.heads = heads;
  }

  static async load(spec: EnsembleSpec, source: ModelSource): Promise<Ensemble> {
    const detector = await FaceDetector.load(spec.detector, source);
    let backbones: Record<string, LoadedBackbone> = {};
    const heads = new Map<string, tf.LayersModel>();
    try {
      backbones = await loadBackbones(spec.backbones, source);
      for (const m of spec.members) heads.set(m.id, await loadLayers(source, m.head));
    } catch (e) {
      // A later file failed: free what did load, or a retry piles up weights.
      new Ensemble(spec, detector, backbones, heads).dispose();
      throw e;
    }
    return new Ensemble(spec, detector, backbones, heads);
  }

  /** A loaded backbone, for tools that need its other outputs (the evaluator's faceres baseline). */
  backbone(name: string): LoadedBackbone | undefined {
    return this.backbones[name];
  }

  /**
   * Detects and classifies every face in an RGB [h, w, 3] image (0..255);
   * `detection.tiled` for photo checks (see `DetectOptions`).
   */
  async analyze(image: tf.Tensor3D, detection: DetectOptions = {}): Promise<FaceResult[]> {
    // Cast once: the detector and every crop rule read the same float pixels.
    const pixels = image.dtype === 'float32' ? image : tf.cast(image, 'float32');
    try {
      const detections = await this.detector.detect(pixels, detection);
      return await this.classify(pixels, detections);
    } finally {
      if (pixels !== image) pixels.dispose();
    }
  }

  /** Classifies given detections; one result per detection, same order. */
  async classify(image: tf.Tensor3D, detections: readonly Detection[]): Promise<FaceResult[]> {
    if (detections.length === 0) return [];
    const perMember = await this.memberProbabilities(image, detections.map(faceBoxOf));
    return detections.map((detection, i) => {
      const members = perMember.map((p) => p[i]);
      return { ...hardVote(members, this.spec.unsure), detection, members };
    });
  }

  /** For each member, one HeadProbs per face. */
  async memberProbabilities(image: tf.Tensor3D, faces: readonly FaceBox[]): Promise<MemberPrediction[][]> {
    const activations = runBackbones(image, faces, this.spec.members, this.backbones);
    try {
      // Filled one member at a time, so a member that throws still lets the
      // earlier members' outputs be freed below.
      const outputs: tf.Tensor[][] = [];
      try {
        const pooled = new Map<string, tf.Tensor2D>();
        const featuresOf = (id: string) => {
          const m = this.spec.members.find((x) => x.id === id)!;
          if (!pooled.has(id)) pooled.set(id, tf.keep(pool(activations.get(activationKey(m))![0], m.pooling)));
          return pooled.get(id)!;
        };
        try {
          for (const m of this.spec.members) {
            outputs.push(
              tf.tidy(() => {
                const own = featuresOf(m.id);
                const extra = (m.extraFeatures ?? []).map(featuresOf);
                const input = extra.length > 0 ? tf.concat([own, ...extra], 1) : own;
                const r = this.heads.get(m.id)!.predict(input);
                return Array.isArray(r) ? r : [r];
              }),
            );
          }
        } finally {
          pooled.forEach((t) => t.dispose());
        }
        const values = await readAll(outputs);
        return this.spec.members.map((m, mi) =>
          faces.map((_, fi) => {
            const p = { member: m.id } as MemberPrediction;
            HEADS.forEach((h: Head, hi) => {
              const size = values[mi][hi].length / faces.length;
              p[h] = Array.from(values[mi][hi].slice(fi * size, (fi + 1) * size));
            });
            return p;
          }),
        );
      } finally {
        outputs.flat().forEach((t) => t.dispose());
      }
    } finally {
      for (const ts of activations.values()) ts.forEach((t) => t.dispose());
    }
  }

  dispose(): void {
    this.detector.dispose();
    Object.values(this.backbones).forEach((b) => b.model.dispose());
    this.heads.forEach((h) => h.dispose());
  }
}
