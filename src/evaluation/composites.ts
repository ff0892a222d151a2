/**
 * Large synthetic scenes for detector checks: real faces from the labelled
 * crops pasted at known boxes and sizes (40-140 px by default) into
 * 1280-2000-px scenes, the size of the web photos where small faces go
 * missing. Written once per set of options to a git-ignored cache folder with
 * a truth.json; the photos themselves never enter the project.
 */
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MaskState } from '../core/classes';
import type { Box } from '../core/geometry';
import type { FaceRecord } from '../core/manifest';
import { hashString, mulberry32, pick, type Rng } from '../core/random';
import { placePatches } from '../core/scenePlacement';
import { decodeImage } from '../node/decode';

export interface CompositeOptions {
  scenes: number;
  seed: number;
  /** Longer scene side, px: uniform in [min, max]. */
  sceneSide: readonly [number, number];
  /** Shorter side of a pasted face's box, px: uniform in [min, max]. */
  faceSide: readonly [number, number];
  facesPerScene: number;
}

export const DEFAULT_COMPOSITES: CompositeOptions = {
  scenes: 30,
  seed: 1,
  sceneSide: [1280, 2000],
  faceSide: [40, 140],
  facesPerScene: 12,
};

export interface CompositeFace {
  /** Face box in scene pixels. */
  box: Box;
  mask?: MaskState;
  source: string;
  /** The photo the face was cut from (relative to the data folder's manifest paths). */
  from: string;
}

export interface CompositeScene {
  /** Absolute path of the scene's JPEG. */
  path: string;
  width: number;
  height: number;
  faces: CompositeFace[];
}

/** A face that can be pasted: the image and the face box inside it. */
interface Donor {
  record: FaceRecord;
  /** Face box in the donor image's pixels; `undefined` until the image is read (UTKFace: derived). */
  box?: Box;
}

// ilc2021 crops are 2x their face box and may show a neighbour's face: only
// crops from one-face photos are used, cut to 1.6x the box. UTKFace crops are
// aligned faces; their central 80% is taken as the face box.
const ILC_CONTEXT = 1.6;
const UTK_FACE_SHARE = 0.8;

/** The donors among `records`: ilc2021 faces from one-face photos, and UTKFace crops. */
export function compositeDonors(records: readonly FaceRecord[]): Donor[] {
  const perSubject = new Map<string, number>();
  for (const r of records) if (r.source === 'ilc2021') perSubject.set(r.subject, (perSubject.get(r.subject) ?? 0) + 1);
  return records.flatMap((r): Donor[] => {
    if (r.source === 'ilc2021' && r.box && perSubject.get(r.subject) === 1) return [{ record: r, box: r.box }];
    if (r.source === 'utkface') return [{ record: r }];
    return [];
  });
}

/**
 * The scenes for `options`, made from `records` (the caller picks the subjects,
 * e.g. validation only) into `cacheDir/<key>/`, or read back if already there.
 */
export async function ensureComposites(
  records: readonly FaceRecord[],
  options: CompositeOptions,
  cacheDir: string,
): Promise<CompositeScene[]> {
  const donors = compositeDonors(records);
  if (donors.length === 0) return [];
  const key = hashString(JSON.stringify({ options, donors: donors.map((d) => d.record.path) }))
    .toString(16)
    .padStart(8, '0');
  const dir = join(cacheDir, `composites-${key}`);
  const truthFile = join(dir, 'truth.json');
  if (existsSync(truthFile)) {
    return (JSON.parse(readFileSync(truthFile, 'utf8')) as CompositeScene[]).map((s) => ({
      ...s,
      path: join(dir, s.path),
    }));
  }
  mkdirSync(dir, { recursive: true });
  const rng = mulberry32(options.seed);
  // Each source equally often: UTKFace alone has twenty times the donors of ilc2021.
  const groups = new Map<string, Donor[]>();
  for (const d of donors) groups.set(d.record.source, [...(groups.get(d.record.source) ?? []), d]);
  const bySource = [...groups.values()];
  const scenes: CompositeScene[] = [];
  for (let i = 0; i < options.scenes; i++) {
    const file = `scene-${String(i).padStart(3, '0')}.jpg`;
    const scene = await renderScene(rng, bySource, options, join(dir, file));
    scenes.push({ ...scene, path: file });
  }
  writeFileSync(truthFile, JSON.stringify(scenes, null, 1));
  return scenes.map((s) => ({ ...s, path: join(dir, s.path) }));
}

async function renderScene(
  rng: Rng,
  bySource: readonly (readonly Donor[])[],
  o: CompositeOptions,
  out: string,
): Promise<Omit<CompositeScene, 'path'>> {
  const long = Math.round(o.sceneSide[0] + rng() * (o.sceneSide[1] - o.sceneSide[0]));
  const aspect = pick(rng, [4 / 3, 3 / 2, 16 / 9, 3 / 4, 1]);
  const [width, height] = aspect >= 1 ? [long, Math.round(long / aspect)] : [Math.round(long * aspect), long];
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  drawBackground(g, rng, width, height);

  // Each pick: donor, target face side, and the patch (context around the face) at that scale.
  const picks = await Promise.all(
    Array.from({ length: o.facesPerScene }, async () => {
      const donor = pick(rng, pick(rng, bySource));
      const side = o.faceSide[0] + rng() * (o.faceSide[1] - o.faceSide[0]);
      const img = await decodeImage(donor.record.path);
      const box = donor.box ?? {
        x: (img.width * (1 - UTK_FACE_SHARE)) / 2,
        y: (img.height * (1 - UTK_FACE_SHARE)) / 2,
        w: img.width * UTK_FACE_SHARE,
        h: img.height * UTK_FACE_SHARE,
      };
      const src = donor.box ? contextAround(box, img.width, img.height) : { x: 0, y: 0, w: img.width, h: img.height };
      const scale = side / Math.min(box.w, box.h);
      return { donor, img, box, src, scale, w: Math.round(src.w * scale), h: Math.round(src.h * scale) };
    }),
  );
  const spots = placePatches(rng, width, height, picks, 8);
  const faces: CompositeFace[] = [];
  picks.forEach((p, i) => {
    const at = spots[i];
    if (!at) return;
    g.drawImage(p.img, p.src.x, p.src.y, p.src.w, p.src.h, at.x, at.y, at.w, at.h);
    const sx = at.w / p.src.w;
    const sy = at.h / p.src.h;
    faces.push({
      box: {
        x: at.x + (p.box.x - p.src.x) * sx,
        y: at.y + (p.box.y - p.src.y) * sy,
        w: p.box.w * sx,
        h: p.box.h * sy,
      },
      mask: p.donor.record.mask,
      source: p.donor.record.source,
      from: p.donor.record.path,
    });
  });
  writeFileSync(out, await canvas.encode('jpeg', 90));
  return { width, height, faces };
}

/** ILC_CONTEXT times the face box, centred on it, clipped to the image. */
function contextAround(box: Box, width: number, height: number): Box {
  const cx = box.x + box.w / 2;
  const cy = box.y + box.h / 2;
  const x0 = Math.max(0, cx - (box.w * ILC_CONTEXT) / 2);
  const y0 = Math.max(0, cy - (box.h * ILC_CONTEXT) / 2);
  const x1 = Math.min(width, cx + (box.w * ILC_CONTEXT) / 2);
  const y1 = Math.min(height, cy + (box.h * ILC_CONTEXT) / 2);
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** A gradient, soft shapes and grain: clutter without faces in it. */
function drawBackground(g: SKRSContext2D, rng: Rng, width: number, height: number): void {
  const colour = (a = 1) =>
    `rgba(${Math.floor(rng() * 256)}, ${Math.floor(rng() * 256)}, ${Math.floor(rng() * 256)}, ${a})`;
  const grad = g.createLinearGradient(0, 0, rng() * width, height);
  grad.addColorStop(0, colour());
  grad.addColorStop(1, colour());
  g.fillStyle = grad;
  g.fillRect(0, 0, width, height);
  for (let i = 0; i < 40; i++) {
    g.fillStyle = colour(0.2 + rng() * 0.5);
    const w = (0.05 + rng() * 0.3) * width;
    const h = (0.05 + rng() * 0.3) * height;
    if (rng() < 0.5) g.fillRect(rng() * width - w / 2, rng() * height - h / 2, w, h);
    else {
      g.beginPath();
      g.ellipse(rng() * width, rng() * height, w / 2, h / 2, rng() * Math.PI, 0, 2 * Math.PI);
      g.fill();
    }
  }
  const px = g.getImageData(0, 0, width, height);
  for (let i = 0; i < px.data.length; i += 4) {
    const n = (rng() - 0.5) * 24;
    px.data[i] += n;
    px.data[i + 1] += n;
    px.data[i + 2] += n;
  }
  g.putImageData(px, 0, 0);
}
