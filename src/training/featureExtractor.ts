/**
 * Face preparation and features for training samples, through the same
 * detector, crop and backbone code the app runs: decode, detect, pick the
 * labelled face, draw a mask if the sample asks for one, crop, backbone, pool.
 */
import type { Canvas } from '@napi-rs/canvas';
import { FACERES_BASELINE_OUTPUTS, type BackboneSpec, type DetectorSpec, type MemberSpec } from '../core/ensembleSpec';
import { selectFace } from '../core/faceSelect';
import { iou, type Box } from '../core/geometry';
import { mulberry32 } from '../core/random';
import { faceBoxOf, loadFacePipeline, type FacePipeline } from '../inference';
import type { ModelSource } from '../inference/modelSource';
import { canvasToTensor, decodeImage, imageToCanvas } from '../node/decode';
import type { CacheEntry, FaceSource } from './featureCache';
import { featureLayout, type FeatureLayout } from './featureLayout';
import { FaceMesh } from './landmarks';
import { drawMask, randomStyle } from './maskRenderer';
import type { Sample } from './samples';

type Member = Omit<MemberSpec, 'head'>;

export interface PreparedFace {
  sample: Sample;
  canvas: Canvas;
  box: Box;
  /** Eye-line tilt from the detection (0 when the box was given, not detected). */
  angle: number;
  face: FaceSource;
}

export interface ExtractedFace {
  entry: Omit<CacheEntry, 'offset' | 'file'>;
  vector?: Float32Array;
}

export class FeatureExtractor {
  readonly layout: FeatureLayout;
  private readonly pipeline: FacePipeline;
  private readonly mesh: FaceMesh;
  /** The last photo decoded, with its chosen face: variants of one photo come in a row. */
  private memo?: { path: string; canvas: Canvas; box: Box; angle: number; face: FaceSource };

  private constructor(pipeline: FacePipeline, mesh: FaceMesh, members: readonly Member[]) {
    this.pipeline = pipeline;
    this.mesh = mesh;
    this.layout = featureLayout(members);
  }

  static async load(
    source: ModelSource,
    detector: DetectorSpec,
    backbones: Record<string, BackboneSpec>,
    members: readonly Member[],
  ): Promise<FeatureExtractor> {
    const pipeline = await loadFacePipeline({ detector, backbones, members }, source);
    try {
      return new FeatureExtractor(pipeline, await FaceMesh.load(source), members);
    } catch (e) {
      pipeline.dispose();
      throw e;
    }
  }

  /** Finds (and for drawn variants, masks) the sample's face. Throws with a message on bad input. */
  async prepare(sample: Sample): Promise<PreparedFace> {
    if (this.memo?.path !== sample.path || sample.box) {
      const canvas = imageToCanvas(await decodeImage(sample.path));
      const image = canvasToTensor(canvas);
      try {
        const dets = await this.pipeline.detect(image);
        const sel = selectFace(dets, canvas.width, canvas.height, sample.box);
        const angle = sel.index >= 0 ? (faceBoxOf(dets[sel.index]).angle ?? 0) : 0;
        this.memo = { path: sample.path, canvas, box: sel.box, angle, face: sel.how };
      } finally {
        image.dispose();
      }
    }
    const { canvas, box, angle, face } = this.memo;
    if (sample.variant === 'original') return { sample, canvas, box, angle, face };

    const image = canvasToTensor(canvas);
    let lm;
    try {
      [lm] = await this.mesh.landmarks(image, [box]);
    } finally {
      image.dispose();
    }
    const masked = drawMask(canvas, lm.points, sample.variant, randomStyle(mulberry32(sample.seed)));
    // See the masked face the way the app would: detect again, keep the same face.
    const maskedImage = canvasToTensor(masked);
    try {
      const dets = await this.pipeline.detect(maskedImage);
      let best = -1;
      dets.forEach((d, i) => {
        if (iou(d.box, box) >= 0.4 && (best < 0 || iou(d.box, box) > iou(dets[best].box, box))) best = i;
      });
      return best >= 0
        ? { sample, canvas: masked, box: dets[best].box, angle: faceBoxOf(dets[best]).angle ?? 0, face: 'matched' }
        : { sample, canvas: masked, box, angle, face: 'given' };
    } finally {
      maskedImage.dispose();
    }
  }

  /** Member features and faceres' baseline outputs for a batch of prepared faces: one backbone batch, one readback. */
  async features(faces: readonly PreparedFace[]): Promise<Float32Array[]> {
    if (faces.length === 0) return [];
    const images = faces.map((f) => canvasToTensor(f.canvas));
    let perFace;
    try {
      perFace = await this.pipeline.features(
        faces.map((f, i) => ({ image: images[i], faces: [{ ...f.box, angle: f.angle }] })),
        { extraOutputs: { faceres: FACERES_BASELINE_OUTPUTS } },
      );
    } finally {
      images.forEach((t) => t.dispose());
    }
    const L = this.layout;
    return perFace.map((f) => {
      const v = new Float32Array(L.length).fill(Number.NaN);
      for (const m of L.members) v.set(f.members[m.id], m.offset);
      // faceres' own outputs, in FACERES_BASELINE_OUTPUTS order: P(male), then the age bins.
      const baseline = f.extra.faceres;
      if (baseline) {
        v[L.baseline.gender] = baseline[0][0];
        v.set(baseline[1].subarray(0, L.baseline.ageBins), L.baseline.age);
      }
      return v;
    });
  }

  /**
   * Prepares and extracts a batch; a sample that fails gets an entry with its
   * error. `reuse` may return an earlier vector for the same sample and box.
   */
  async extract(
    samples: readonly Sample[],
    reuse?: (id: string, box: Box) => Float32Array | undefined,
  ): Promise<ExtractedFace[]> {
    const prepared: (PreparedFace | string)[] = [];
    for (const s of samples) {
      try {
        prepared.push(await this.prepare(s));
      } catch (e) {
        prepared.push(e instanceof Error ? e.message : String(e));
      }
    }
    const reused = prepared.map((p) => (typeof p === 'string' ? undefined : reuse?.(p.sample.id, p.box)));
    const todo = prepared.filter((p, i): p is PreparedFace => typeof p !== 'string' && !reused[i]);
    const vectors = await this.features(todo);
    let k = 0;
    return prepared.map((p, i) => {
      if (typeof p === 'string') return { entry: { id: samples[i].id, ok: false, error: p } };
      return { entry: { id: p.sample.id, ok: true, face: p.face, box: p.box }, vector: reused[i] ?? vectors[k++] };
    });
  }

  dispose(): void {
    this.pipeline.dispose();
    this.mesh.dispose();
  }
}
