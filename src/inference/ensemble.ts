/**
 * The one way into the models, for every caller (app, trainer, eval, bench,
 * soak): `loadEnsemble` gives detection, classification and the hard vote;
 * `loadFacePipeline` gives the same detection and features without heads (the
 * trainer's view). Both run the forward pass of forward.ts, so a face is seen
 * the same way in training and in use. One `tf.tidy` and one readback per step.
 */
import * as tf from '@tensorflow/tfjs';
import { HEADS, HEAD_SIZES, decodeClass, type FaceLabel, type Head } from '../core/classes';
import { validateEnsembleSpec, type BackboneSpec, type DetectorSpec, type EnsembleSpec } from '../core/ensembleSpec';
import type { Box, FaceBox } from '../core/geometry';
import { hardVote, type HeadProbs, type VoteResult } from '../core/vote';
import { FaceDetector, faceBoxOf, type DetectOptions, type Detection } from './detector';
import {
  forwardFaces,
  headInput,
  loadBackbones,
  readOnce,
  withBorrowed,
  type FaceRequest,
  type FeatureMember,
  type LoadedBackbone,
} from './forward';
import { loadLayers, type ModelSource } from './modelSource';

export interface MemberPrediction extends HeadProbs {
  member: string;
}

export interface FaceResult extends VoteResult {
  detection: Detection;
  /** The detector's box in image pixels (same as `detection.box`). */
  box: Box;
  /** The box as fractions (0..1) of the image's width and height. */
  relativeBox: Box;
  /** The voted class by name, head by head. */
  labels: FaceLabel;
  members: MemberPrediction[];
}

export interface FeatureOptions {
  /** Only these members (plus the ones they borrow from); default every member. */
  members?: readonly string[];
  /** Further graph outputs per backbone, read back beside the features (faceres' own gender/age). */
  extraOutputs?: Record<string, readonly string[]>;
}

/** Per face (request order): each member's pooled features by id, and the extra outputs by backbone. */
export interface FaceFeatures {
  members: Record<string, Float32Array>;
  extra: Record<string, Float32Array[]>;
}

export interface PipelineParts {
  detector: DetectorSpec;
  backbones: Record<string, BackboneSpec>;
  members: readonly FeatureMember[];
}

/** Detection and member features: the part of the ensemble the trainer uses. */
export class FacePipeline {
  readonly detector: FaceDetector;
  protected readonly backbones: Record<string, LoadedBackbone>;
  protected readonly featureMembers: readonly FeatureMember[];

  protected constructor(
    detector: FaceDetector,
    backbones: Record<string, LoadedBackbone>,
    members: readonly FeatureMember[],
  ) {
    this.detector = detector;
    this.backbones = backbones;
    this.featureMembers = members;
  }

  /** Detects faces in an RGB [h, w, 3] image (0..255); `tiled` adds the photo passes. */
  detect(image: tf.Tensor3D, options: DetectOptions = {}): Promise<Detection[]> {
    return this.detector.detect(image, options);
  }

  /**
   * Pooled member features (and any extra outputs) for faces in one or more
   * images: one batch per backbone, one readback for everything.
   */
  async features(requests: readonly FaceRequest[], options: FeatureOptions = {}): Promise<FaceFeatures[]> {
    const members = options.members ? withBorrowed(this.featureMembers, options.members) : this.featureMembers;
    const n = requests.reduce((s, r) => s + r.faces.length, 0);
    if (n === 0) return [];
    const extraNames: [string, number][] = [];
    const values = await readOnce(() => {
      const { pooled, extra } = forwardFaces(requests, members, this.backbones, options.extraOutputs);
      const ts: tf.Tensor[] = members.map((m) => pooled.get(m.id)!);
      for (const [name, outs] of extra) {
        extraNames.push([name, outs.length]);
        ts.push(...outs);
      }
      return ts;
    });
    const rows = (v: Float32Array, i: number) => {
      const size = v.length / n;
      return v.subarray(i * size, (i + 1) * size);
    };
    return Array.from({ length: n }, (_, i) => {
      const face: FaceFeatures = { members: {}, extra: {} };
      members.forEach((m, mi) => (face.members[m.id] = rows(values[mi], i)));
      let k = members.length;
      for (const [name, count] of extraNames) {
        face.extra[name] = values.slice(k, k + count).map((v) => rows(v, i));
        k += count;
      }
      return face;
    });
  }

  /** Runs every model once on a blank frame, so the first real frame pays no kernel or shader set-up. */
  async warmUp(): Promise<void> {
    const size = 128;
    const image = tf.zeros([size, size, 3]) as tf.Tensor3D;
    try {
      await this.detect(image);
      await this.warmClassify(image, { x: 32, y: 32, w: 64, h: 64, angle: 0.1 });
    } finally {
      image.dispose();
    }
  }

  protected async warmClassify(image: tf.Tensor3D, face: FaceBox): Promise<void> {
    await this.features([{ image, faces: [face] }]);
  }

  dispose(): void {
    this.detector.dispose();
    Object.values(this.backbones).forEach((b) => b.model.dispose());
  }

  /** Loads the detector and backbones; frees what did load when a later file fails. */
  protected static async loadParts(
    parts: Omit<PipelineParts, 'members'>,
    source: ModelSource,
  ): Promise<{ detector: FaceDetector; backbones: Record<string, LoadedBackbone> }> {
    const detector = await FaceDetector.load(parts.detector, source);
    try {
      return { detector, backbones: await loadBackbones(parts.backbones, source) };
    } catch (e) {
      detector.dispose();
      throw e;
    }
  }

  static async load(parts: PipelineParts, source: ModelSource): Promise<FacePipeline> {
    const { detector, backbones } = await FacePipeline.loadParts(parts, source);
    return new FacePipeline(detector, backbones, parts.members);
  }
}

export class Ensemble extends FacePipeline {
  readonly spec: EnsembleSpec;
  private readonly heads: Map<string, tf.LayersModel>;

  private constructor(
    spec: EnsembleSpec,
    detector: FaceDetector,
    backbones: Record<string, LoadedBackbone>,
    heads: Map<string, tf.LayersModel>,
  ) {
    super(detector, backbones, spec.members);
    this.spec = spec;
    this.heads = heads;
  }

  /** Loads every model the (checked) spec names; no warm-up. Most callers want `loadEnsemble`. */
  static override async load(spec: EnsembleSpec, source: ModelSource): Promise<Ensemble> {
    const { detector, backbones } = await FacePipeline.loadParts(spec, source);
    const heads = new Map<string, tf.LayersModel>();
    try {
      for (const m of spec.members) heads.set(m.id, await loadLayers(source, m.head));
    } catch (e) {
      // A later file failed: free what did load, or a retry piles up weights.
      new Ensemble(spec, detector, backbones, heads).dispose();
      throw e;
    }
    return new Ensemble(spec, detector, backbones, heads);
  }

  /**
   * Detects and classifies every face in an RGB [h, w, 3] image (0..255);
   * `detection.tiled` for photo checks (see `DetectOptions`).
   */
  async analyze(image: tf.Tensor3D, detection: DetectOptions = {}): Promise<FaceResult[]> {
    // Cast once: the detector and every crop rule read the same float pixels.
    const pixels = image.dtype === 'float32' ? image : tf.cast(image, 'float32');
    try {
      return await this.classify(pixels, await this.detect(pixels, detection));
    } finally {
      if (pixels !== image) pixels.dispose();
    }
  }

  /**
   * A browser frame (video drawn on a canvas, or a photo): pixels always come
   * from a canvas, since `fromPixels` on a <video> goes through an external
   * texture under WebGPU, which fails in Chromium; a canvas also fixes the frame.
   */
  async analyzeCanvas(
    canvas: Parameters<typeof tf.browser.fromPixels>[0],
    detection: DetectOptions = {},
  ): Promise<FaceResult[]> {
    const image = tf.browser.fromPixels(canvas);
    try {
      return await this.analyze(image, detection);
    } finally {
      image.dispose();
    }
  }

  /** Classifies given detections; one result per detection, same order. */
  async classify(image: tf.Tensor3D, detections: readonly Detection[]): Promise<FaceResult[]> {
    if (detections.length === 0) return [];
    const perMember = await this.memberProbabilities(image, detections.map(faceBoxOf));
    const [height, width] = image.shape;
    return detections.map((detection, i) => {
      const members = perMember.map((p) => p[i]);
      const vote = hardVote(members, this.spec.unsure);
      const { x, y, w, h } = detection.box;
      return {
        ...vote,
        detection,
        box: { x, y, w, h },
        relativeBox: { x: x / width, y: y / height, w: w / width, h: h / height },
        labels: decodeClass(vote.classId),
        members,
      };
    });
  }

  /** For each member (or those named in `only`), one HeadProbs per face: one readback. */
  async memberProbabilities(
    image: tf.Tensor3D,
    faces: readonly FaceBox[],
    only?: readonly string[],
  ): Promise<MemberPrediction[][]> {
    const needed = only ? withBorrowed(this.spec.members, only) : this.spec.members;
    const voters = only ? needed.filter((m) => only.includes(m.id)) : needed;
    const values = await readOnce(() => {
      const { pooled } = forwardFaces([{ image, faces }], needed, this.backbones);
      return voters.flatMap((m) => {
        const r = this.heads.get(m.id)!.predict(headInput(m, pooled));
        return Array.isArray(r) ? r : [r];
      });
    });
    return voters.map((m, mi) =>
      faces.map((_, fi) => {
        const p = { member: m.id } as MemberPrediction;
        HEADS.forEach((h: Head, hi) => {
          const size = HEAD_SIZES[h];
          p[h] = Array.from(values[mi * HEADS.length + hi].subarray(fi * size, (fi + 1) * size));
        });
        return p;
      }),
    );
  }

  protected override async warmClassify(image: tf.Tensor3D, face: FaceBox): Promise<void> {
    await this.memberProbabilities(image, [face]);
  }

  override dispose(): void {
    super.dispose();
    this.heads.forEach((h) => h.dispose());
  }
}

export interface EnsembleSource {
  /** ensemble.json's contents (checked here) or an already checked spec. */
  spec: unknown;
  /** Where the spec's model files load from (a URL base, a verifying fetch, or a folder in Node). */
  files: ModelSource;
}

export interface EnsembleOptions {
  /**
   * Run every model once on a blank frame after loading, so the first real
   * frame is not the slow one (kernel compilation, shader set-up). Default true.
   */
  warmUp?: boolean;
}

/** Checks the spec, loads every model it names, and (by default) warms them up. */
export async function loadEnsemble(source: EnsembleSource, options: EnsembleOptions = {}): Promise<Ensemble> {
  const spec = validateEnsembleSpec(source.spec);
  const ensemble = await Ensemble.load(spec, source.files);
  if (options.warmUp ?? true) {
    try {
      await ensemble.warmUp();
    } catch (e) {
      ensemble.dispose();
      throw e;
    }
  }
  return ensemble;
}

/** The detector and backbones for `members`, without heads: what the trainer extracts features with. */
export function loadFacePipeline(parts: PipelineParts, source: ModelSource): Promise<FacePipeline> {
  return FacePipeline.load(parts, source);
}
