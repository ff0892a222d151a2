/**
 * Scores the shipped ensemble end to end on labelled photos: detection (recall
 * and false boxes by face size and mask state), then every member, the vote
 * and the peer baselines on the faces found, beside a soft vote and a stacked
 * head (what the hard vote costs). Faces that cannot be scored are listed with
 * the reason, never dropped silently.
 */
import type * as tf from '@tensorflow/tfjs';
import { relative } from 'node:path';
import { AGE_GROUPS, GENDERS, HEADS, MASK_STATES, type Head } from '../core/classes';
import { matchDetections, sizeBucket, type SizeBucket } from '../core/detectionMatch';
import type { HeadLabels } from '../core/evaluation';
import { selectFace } from '../core/faceSelect';
import type { Box } from '../core/geometry';
import type { FaceRecord } from '../core/manifest';
import type { ScoredFace } from '../core/scoredFace';
import { softVote } from '../core/softVote';
import { stackedPredictions } from '../core/stacking';
import type { Detection, Ensemble } from '../inference';
import { argmax } from '../core/vote';
import { canvasToTensor, decodeImage, imageToCanvas } from '../node/decode';
import type { Progress } from '../node/progress';
import type { Baseline } from './baselines';

export type ScoredRow = ScoredFace;

export interface Unscored {
  origin: string;
  path: string;
  reason: string;
}

export interface DetectionCounts {
  found: number;
  total: number;
}

export interface EvaluationResult {
  rows: ScoredRow[];
  unscored: Unscored[];
  /** Detector recall by `${size}/${mask}` (mask "unknown" when unlabelled). */
  recall: Record<string, DetectionCounts>;
  /** Detections matching no labelled face, in photos whose faces are all labelled with boxes. */
  falseBoxes: number;
  photosWithBoxes: number;
  photos: number;
}

function truthOf(r: FaceRecord): HeadLabels {
  const l: HeadLabels = {};
  if (r.mask) l.mask = MASK_STATES.indexOf(r.mask);
  if (r.gender) l.gender = GENDERS.indexOf(r.gender);
  if (r.ageGroup) l.age = AGE_GROUPS.indexOf(r.ageGroup);
  return l;
}

export interface EvaluateOptions {
  /** Data folder: files in predictions.csv are written relative to it. */
  dataDir?: string;
}

export async function evaluate(
  records: readonly FaceRecord[],
  ensemble: Ensemble,
  baselines: readonly Baseline[],
  progress: Progress,
  options: EvaluateOptions = {},
): Promise<EvaluationResult> {
  const byPhoto = new Map<string, FaceRecord[]>();
  for (const r of records) byPhoto.set(r.path, [...(byPhoto.get(r.path) ?? []), r]);
  const result: EvaluationResult = {
    rows: [],
    unscored: [],
    recall: {},
    falseBoxes: 0,
    photosWithBoxes: 0,
    photos: byPhoto.size,
  };
  const count = (size: SizeBucket, mask: string, found: boolean) => {
    const key = `${size}/${mask}`;
    const c = (result.recall[key] ??= { found: 0, total: 0 });
    c.total++;
    if (found) c.found++;
  };
  const bar = progress.bar('evaluate', byPhoto.size);
  for (const [path, faces] of byPhoto) {
    let image: tf.Tensor3D | undefined;
    try {
      const canvas = imageToCanvas(await decodeImage(path));
      image = canvasToTensor(canvas);
      const detections = await ensemble.detect(image, { tiled: true });
      // Pair each labelled face with a detection (or none).
      const paired: { record: FaceRecord; detection?: Detection; size: SizeBucket }[] = [];
      if (faces.every((f) => f.box)) {
        result.photosWithBoxes++;
        const m = matchDetections(
          faces.map((f) => f.box as Box),
          detections.map((d) => d.box),
        );
        result.falseBoxes += m.unmatched.length;
        faces.forEach((f, i) =>
          paired.push({ record: f, detection: detections[m.truthToDetection[i]], size: sizeBucket(f.box!) }),
        );
      } else {
        for (const f of faces) {
          const sel = selectFace(detections, canvas.width, canvas.height, f.box);
          const detection = sel.index >= 0 ? detections[sel.index] : undefined;
          paired.push({
            record: f,
            detection,
            size: sizeBucket(f.box ?? { x: 0, y: 0, w: canvas.width, h: canvas.height }),
          });
        }
      }
      for (const p of paired) count(p.size, p.record.mask ?? 'unknown', p.detection !== undefined);
      const found = paired.filter((p) => p.detection);
      for (const p of paired)
        if (!p.detection) result.unscored.push({ origin: p.record.origin, path, reason: 'no face found' });
      if (found.length > 0) {
        const results = await ensemble.classify(
          image,
          found.map((p) => p.detection!),
        );
        const base = await Promise.all(
          baselines.map((b) =>
            b.predict(
              image!,
              found.map((p) => p.detection!.box),
            ),
          ),
        );
        found.forEach((p, i) => {
          const face = results[i];
          const predictions: Record<string, HeadLabels> = {};
          const memberProbs: ScoredFace['memberProbs'] = {};
          for (const m of face.members) {
            predictions[m.member] = { mask: argmax(m.mask), gender: argmax(m.gender), age: argmax(m.age) };
            memberProbs[m.member] = Object.fromEntries(HEADS.map((h) => [h, Array.from(m[h])])) as Record<
              Head,
              number[]
            >;
          }
          const v = face.heads;
          predictions.vote = { mask: v.mask.label, gender: v.gender.label, age: v.age.label };
          const soft = softVote(face.members);
          predictions['soft-vote'] = { mask: soft.mask.label, gender: soft.gender.label, age: soft.age.label };
          baselines.forEach((b, bi) => (predictions[b.name] = base[bi][i]));
          result.rows.push({
            file: options.dataDir ? relative(options.dataDir, path) : path,
            subject: p.record.subject,
            box: p.detection!.box,
            source: p.record.source,
            synthetic: /synthetic/.test(p.record.quality),
            truth: truthOf(p.record),
            ageYears: p.record.age,
            predictions,
            size: p.size,
            vote: {
              heads: face.heads,
              unsure: face.unsure,
              confidence: face.confidence,
              agreement: face.agreement,
              total: face.total,
            },
            memberProbs,
          });
        });
      }
    } catch (e) {
      for (const f of faces)
        result.unscored.push({ origin: f.origin, path, reason: e instanceof Error ? e.message : String(e) });
    } finally {
      image?.dispose();
      bar.increment(1);
    }
  }
  bar.stop();
  // Fit across faces, so only once all are in; the combined models listed together, after the members.
  const order = [
    ...ensemble.spec.members.map((m) => m.id),
    'vote',
    'soft-vote',
    'stacked',
    ...baselines.map((b) => b.name),
  ];
  stackedPredictions(result.rows).forEach((stacked, i) => {
    const p: Record<string, HeadLabels> = { ...result.rows[i].predictions, stacked };
    result.rows[i].predictions = Object.fromEntries(
      order.flatMap((m) => (p[m] && Object.keys(p[m]).length > 0 ? [[m, p[m]]] : [])),
    );
  });
  return result;
}

/** Recall of faces at least 48 px, over all mask states. */
export function recallAtLeast48(recall: Record<string, DetectionCounts>): DetectionCounts {
  const out = { found: 0, total: 0 };
  for (const [k, c] of Object.entries(recall)) {
    if (k.startsWith('48-96/') || k.startsWith('>=96/')) {
      out.found += c.found;
      out.total += c.total;
    }
  }
  return out;
}
