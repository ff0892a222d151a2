/**
 * Whole-photo detection, single pass (the camera's) against tiled (photo
 * checks), on photos whose every face carries a box: recall per face size,
 * false boxes and time per photo. Run on the large composites and on the
 * real street photos.
 */
import type * as tf from '@tensorflow/tfjs';
import { SIZE_BUCKETS, matchDetections, sizeBucket, type SizeBucket } from '../core/detectionMatch';
import type { Box } from '../core/geometry';
import type { FaceRecord } from '../core/manifest';
import type { FaceDetector } from '../inference/detector';
import { DEFAULT_COMPOSITES, ensureComposites } from './composites';
import { canvasToTensor, decodeImage, imageToCanvas } from '../node/decode';
import type { Progress } from '../node/progress';
import type { DetectionCounts } from './evaluate';

/** Sources whose photos are whole scenes with every face boxed (the others are face crops). */
export const WHOLE_PHOTO_SOURCES = ['kaggle_facemask'];

export interface TruthPhoto {
  path: string;
  faces: { box: Box; mask?: string }[];
}

export type DetectionMode = 'single' | 'tiled';
export const DETECTION_MODES: readonly DetectionMode[] = ['single', 'tiled'];

export interface ModeFigures {
  /** Faces found by size bucket. */
  recall: Record<SizeBucket, DetectionCounts>;
  /** Faces of 48 px and more, all buckets together. */
  recall48: DetectionCounts;
  /** Detections matching no face. */
  falseBoxes: number;
  /** Mean wall time of one `detect` call, ms (decoding not included). */
  msPerPhoto: number;
}

export interface DetectionSet {
  name: string;
  photos: number;
  /** Longest side of the largest photo, px. */
  maxSide: number;
  modes: Record<DetectionMode, ModeFigures>;
}

/** Photos of `sources` in which every face has a box, grouped by file. */
export function wholePhotos(records: readonly FaceRecord[], sources = WHOLE_PHOTO_SOURCES): TruthPhoto[] {
  const byPath = new Map<string, FaceRecord[]>();
  for (const r of records) if (sources.includes(r.source)) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
  return [...byPath].flatMap(([path, faces]) =>
    faces.every((f) => f.box) ? [{ path, faces: faces.map((f) => ({ box: f.box!, mask: f.mask })) }] : [],
  );
}

function emptyFigures(): ModeFigures {
  return {
    recall: Object.fromEntries(SIZE_BUCKETS.map((b) => [b, { found: 0, total: 0 }])) as ModeFigures['recall'],
    recall48: { found: 0, total: 0 },
    falseBoxes: 0,
    msPerPhoto: 0,
  };
}

/**
 * Both modes on `scenes` large composites made from `records` (written to or
 * read from `cacheDir`) and on the whole photos among `records`.
 */
export async function detectionSets(
  records: readonly FaceRecord[],
  detector: FaceDetector,
  scenes: number,
  cacheDir: string,
  progress: Progress,
): Promise<DetectionSet[]> {
  const sets: DetectionSet[] = [];
  const composites = scenes > 0 ? await ensureComposites(records, { ...DEFAULT_COMPOSITES, scenes }, cacheDir) : [];
  if (composites.length > 0) sets.push(await compareDetection('composites', composites, detector, progress));
  const whole = wholePhotos(records);
  if (whole.length > 0) sets.push(await compareDetection(WHOLE_PHOTO_SOURCES.join(', '), whole, detector, progress));
  return sets;
}

/** Runs both modes on every photo (same decoded pixels) and tallies them. */
export async function compareDetection(
  name: string,
  photos: readonly TruthPhoto[],
  detector: FaceDetector,
  progress: Progress,
): Promise<DetectionSet> {
  const modes = { single: emptyFigures(), tiled: emptyFigures() };
  const ms = { single: 0, tiled: 0 };
  let maxSide = 0;
  let warm = false;
  const bar = progress.bar(name.slice(0, 10), photos.length);
  for (const photo of photos) {
    let image: tf.Tensor3D | undefined;
    try {
      image = canvasToTensor(imageToCanvas(await decodeImage(photo.path)));
      maxSide = Math.max(maxSide, ...image.shape.slice(0, 2));
      if (!warm) {
        // First runs build kernels and batch shapes: not part of the time per photo.
        for (const mode of DETECTION_MODES) await detector.detect(image, { tiled: mode === 'tiled' });
        warm = true;
      }
      for (const mode of DETECTION_MODES) {
        const t0 = performance.now();
        const found = await detector.detect(image, { tiled: mode === 'tiled' });
        ms[mode] += performance.now() - t0;
        tally(
          modes[mode],
          photo.faces.map((f) => f.box),
          found.map((d) => d.box),
        );
      }
    } finally {
      image?.dispose();
      bar.increment(1);
    }
  }
  bar.stop();
  for (const mode of DETECTION_MODES) modes[mode].msPerPhoto = photos.length > 0 ? ms[mode] / photos.length : 0;
  return { name, photos: photos.length, maxSide, modes };
}

function tally(f: ModeFigures, truth: readonly Box[], found: readonly Box[]): void {
  const m = matchDetections(truth, found);
  f.falseBoxes += m.unmatched.length;
  truth.forEach((box, i) => {
    const hit = m.truthToDetection[i] >= 0;
    const bucket = sizeBucket(box);
    const c = f.recall[bucket];
    c.total++;
    if (hit) c.found++;
    if (bucket === '48-96' || bucket === '>=96') {
      f.recall48.total++;
      if (hit) f.recall48.found++;
    }
  });
}

const pct = (c: DetectionCounts) =>
  c.total > 0 ? `${((100 * c.found) / c.total).toFixed(1)}% (${c.found}/${c.total})` : '–';

/** The report's section: one row per set and mode. */
export function detectionSection(sets: readonly DetectionSet[]): string[] {
  if (sets.length === 0) return [];
  return [
    '## Detection on whole photos: single pass and tiles',
    '',
    'The camera runs the single pass (whole frame); photo checks add the tile passes (`detector.photo` in',
    'ensemble.json). Faces are matched to detections one to one; a false box matches no face.',
    '',
    '| photos | detection | >= 48 px | 48-96 px | >= 96 px | 24-48 px | < 24 px | false boxes | ms per photo |',
    '|---|---|---|---|---|---|---|---|---|',
    ...sets.flatMap((s) =>
      DETECTION_MODES.map((mode) => {
        const f = s.modes[mode];
        return `| ${s.name} (${s.photos}, up to ${s.maxSide} px) | ${mode} | ${pct(f.recall48)} | ${pct(f.recall['48-96'])} | ${pct(f.recall['>=96'])} | ${pct(f.recall['24-48'])} | ${pct(f.recall['<24'])} | ${f.falseBoxes} | ${f.msPerPhoto.toFixed(0)} |`;
      }),
    ),
    '',
  ];
}
