/**
 * The shape of `models/ensemble.json`: everything the app and the trainer need
 * to see a face the same way (detector, crop rule, input range) and to vote.
 */
import { AppError } from './appError';
import type { Head } from './classes';
import type { TileLevel } from './photoTiles';
import { unsureRuleProblem, type UnsureRule } from './unsure';

export type AnchorLayoutName = 'short' | 'full';

export interface DetectorModelSpec {
  file: string;
  layout: AnchorLayoutName;
  /** Graph output that holds the [N, anchors, 17] rows. */
  output: string;
  /** Minimum sigmoid score for a candidate from this model. */
  minScore: number;
  /** Black border added on every edge before detection, as a fraction of the longer side. */
  margin: number;
}

export interface DetectorSpec {
  models: DetectorModelSpec[];
  /** Boxes overlapping more than this (IoU) are merged by NMS. */
  iouThreshold: number;
  /** A box lying more than this share inside a stronger box is dropped (same face, other framing). */
  maxContainment: number;
  maxFaces: number;
  /** Faces whose box side is under this many image pixels are ignored. */
  minFacePx: number;
  /** Extra passes for photo checks (never the camera); absent: `DEFAULT_PHOTO_DETECTION`. */
  photo?: PhotoDetectionSpec;
}

/**
 * Photo checks also run detectors on overlapping tiles of a large photo, so
 * small faces reach the detector at a size it finds; the tiles' boxes join the
 * whole-frame ones in the same NMS and containment rules.
 */
export interface PhotoDetectionSpec {
  /** Tile sizes; a photo no larger than a level's tile side gets no tiles from it. */
  levels: TileLevel[];
  /** Passes run on every tile (`margin` must be 0: a tile is cut from the photo). */
  models: DetectorModelSpec[];
  /** Tile boxes within this share of a tile's side from an inner edge are dropped (cut-off faces). */
  edgeMargin: number;
}

/**
 * Used when ensemble.json has no `detector.photo` (files written before it
 * existed). The short-range model on 384-px tiles sharing 160 px: a 48-px face
 * reaches its 128-px input at 16 px, and faces up to ~140 px lie whole in one
 * tile. Chosen on the detection composites (validation subjects, 30 scenes of
 * 1280-2000 px): faces >= 48 px found 99.4% (single pass 50.6%), 8 false boxes
 * (single pass 2); the full-range model on 480-px tiles found 95.6% with 28
 * false boxes at score 0.3 and 91.8% at 0.5.
 */
export const DEFAULT_PHOTO_DETECTION: PhotoDetectionSpec = {
  levels: [{ side: 384, overlap: 160 }],
  models: [{ file: 'facemesh-detection-short.json', layout: 'short', output: 'Identity', minScore: 0.5, margin: 0 }],
  edgeMargin: 0.02,
};

/** Value range the backbone expects: pixels are mapped linearly from 0..255. */
export type InputRange = readonly [number, number];

export interface BackboneSpec {
  file: string;
  inputSize: number;
  inputRange: InputRange;
  /** Channel order the backbone was trained on. Default 'rgb'. */
  channels?: 'rgb' | 'bgr';
  /** Per-channel means (in `channels` order, on the 0..255 scale) subtracted before `inputRange` applies. */
  mean?: readonly [number, number, number];
  /** Graph node whose activations are the features. */
  output: string;
}

/**
 * FaceRes' own gender and age outputs (graph node names), run beside its
 * features so training and evaluation can report FaceRes as a baseline.
 */
export const FACERES_BASELINE_OUTPUTS = ['gender_pred/Sigmoid', 'age_pred/Softmax'];

/**
 * How a face crop is cut from the frame: a square `scale` times the larger side
 * of the detector's box, centre moved down by `shiftY` times the square's side.
 */
export interface CropRule {
  scale: number;
  shiftY: number;
  /** Turn the crop so the eyes are level (from the detector's eye keypoints). Default false. */
  align?: boolean;
}

/** How backbone activations become a feature vector. */
export type Pooling = 'none' | 'mean' | 'bands';

export interface MemberSpec {
  id: string;
  description: string;
  backbone: string;
  crop: CropRule;
  pooling: Pooling;
  /** Length of this member's own pooled feature vector. */
  featureSize: number;
  /**
   * Ids of other members whose pooled features are appended to this member's
   * own before its head (a weak backbone leaning on a strong one). Default none.
   */
  extraFeatures?: string[];
  /**
   * Which training samples its heads were fit on: every one (default) or
   * only real photos as taken (no drawn or synthetic masks). Training only.
   */
  trainOn?: 'all' | 'real';
  head: string;
}

export interface EnsembleSpec {
  format: 'maskcheck-ensemble';
  version: 1;
  createdAt: string;
  detector: DetectorSpec;
  backbones: Record<string, BackboneSpec>;
  members: MemberSpec[];
  classes: string[];
  heads: Record<Head, readonly string[]>;
  voting: { rule: string; tie: string };
  /** "Not sure" thresholds per head, picked on validation; absent: never unsure. */
  unsure?: UnsureRule;
  /** sha256 (hex) of every weight and topology file, by file name. */
  sha256: Record<string, string>;
  metrics?: Record<string, unknown>;
  dataSources?: string[];
}

/** `spec-invalid`: what is wrong, and the bad value as JSON. */
export class EnsembleSpecError extends AppError<'spec-invalid'> {
  override name = 'EnsembleSpecError';

  constructor(problem: string, value: unknown) {
    const quoted = JSON.stringify(value) ?? String(value);
    super('spec-invalid', { problem, value: quoted }, `ensemble.json: ${problem} (got ${quoted})`);
  }
}

/** Checks the parts the runtime depends on; quotes the bad value. */
export function validateEnsembleSpec(value: unknown): EnsembleSpec {
  const s = value as EnsembleSpec;
  const fail = (what: string, v: unknown): never => {
    throw new EnsembleSpecError(what, v);
  };
  if (!s || typeof s !== 'object') fail('not an object', s);
  if (s.format !== 'maskcheck-ensemble') fail('format must be "maskcheck-ensemble"', s.format);
  if (s.version !== 1) fail('unsupported version', s.version);
  if (!Array.isArray(s.detector?.models) || s.detector.models.length === 0) {
    fail('detector.models is empty', s.detector);
  }
  if (s.detector.photo !== undefined) {
    const problem = photoDetectionProblem(s.detector.photo);
    if (problem) fail(`detector.photo: ${problem}`, s.detector.photo);
  }
  if (!Array.isArray(s.members) || s.members.length === 0) fail('members is empty', s.members);
  for (const m of s.members) {
    if (!m || typeof m !== 'object') fail('members holds a non-object', m);
    if (!s.backbones?.[m.backbone]) fail(`member ${m.id} names an unknown backbone`, m.backbone);
    if (!(m.crop?.scale > 0)) fail(`member ${m.id} has a bad crop scale`, m.crop);
    if (!s.sha256?.[m.head]) fail(`member ${m.id} head has no sha256`, m.head);
    for (const id of m.extraFeatures ?? []) {
      if (!s.members.some((o) => o.id === id)) fail(`member ${m.id} borrows features of an unknown member`, id);
    }
  }
  if (s.unsure !== undefined) {
    const problem = unsureRuleProblem(s.unsure);
    if (problem) fail(problem, s.unsure);
  }
  return s;
}

/** What is wrong with a photo detection spec, or undefined if nothing. */
export function photoDetectionProblem(p: PhotoDetectionSpec): string | undefined {
  if (!p || typeof p !== 'object') return 'not an object';
  if (!Array.isArray(p.levels) || p.levels.length === 0) return 'levels is empty';
  for (const l of p.levels) {
    if (!(l?.side > 0)) return 'a level has a bad tile side';
    if (!(l.overlap >= 0 && l.overlap < l.side)) return "a level's overlap is not in [0, side)";
  }
  if (!Array.isArray(p.models) || p.models.length === 0) return 'models is empty';
  if (p.models.some((m) => !m?.file || m.margin !== 0)) return 'a tile model has no file or a margin other than 0';
  if (!(p.edgeMargin >= 0 && p.edgeMargin < 0.5)) return 'edgeMargin is not in [0, 0.5)';
  return undefined;
}

/** All files the ensemble needs, topology first then weights, for precaching and checks. */
export function ensembleFiles(s: EnsembleSpec): string[] {
  return Object.keys(s.sha256).sort();
}

/**
 * Members with the same key have the same pooled features by construction
 * (same backbone, crop and pooling; they differ in their heads or in what
 * those were fit on): computed once per frame and cached once in training.
 */
export function featureKey(m: Pick<MemberSpec, 'backbone' | 'crop' | 'pooling'>): string {
  return `${m.backbone}@${m.crop.scale}/${m.crop.shiftY}${m.crop.align ? '/aligned' : ''}#${m.pooling}`;
}

/** The members whose pooled features make up `m`'s head input, in order: itself, then those it borrows from. */
export function headInputIds(m: Pick<MemberSpec, 'id' | 'extraFeatures'>): string[] {
  return [m.id, ...(m.extraFeatures ?? [])];
}
