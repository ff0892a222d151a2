/**
 * Draws a face mask onto a photo from facemesh landmarks: several kinds
 * (surgical, KF94-style, cloth in colours and patterns, black ones common as
 * in real street photos), lit by the photo's own shading so the mask is not a
 * flat sticker; sometimes a hand at the mask, as people adjust them (drawn on
 * worn and wrongly worn masks alike, so a hand is no cue for either).
 */
import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { Point } from '../core/geometry';
import { LM, dist, earLoops, maskOutline, type HangSide, type MaskPlacement } from '../core/maskGeometry';
import { pick, type Rng } from '../core/random';

export type MaskKind = 'surgical' | 'kf94' | 'cloth';
export type ClothPattern = 'plain' | 'stripes' | 'dots' | 'check';

export interface MaskStyle {
  kind: MaskKind;
  colour: string;
  pattern: ClothPattern;
  patternColour: string;
  /** Direction of the light across the face, radians. */
  lightAngle: number;
  /** How much of the photo's own shading shows through, 0..1. */
  shading: number;
  /** The ear a mask hangs from when placed `off_ear`. */
  hangSide: HangSide;
  /** A hand at the mask's lower edge, on this side; none when undefined. */
  hand?: HangSide;
}

// Black and white masks dominate real street and web photos (ilc2021): listed twice.
const SURGICAL = ['#a9d3f0', '#8ec5e8', '#e8eef2', '#b7e0d3', '#f3c1cf', '#2b2b2b', '#2b2b2b', '#f4f6f7'];
const KF94 = ['#f4f4f2', '#f4f4f2', '#1d1d1f', '#1d1d1f', '#d9d4cc', '#c9d6e3'];
const CLOTH = [
  '#141414',
  '#141414',
  '#1b2a4a',
  '#7a1f2b',
  '#3c5a3a',
  '#d8b48a',
  '#555555',
  '#e07a5f',
  '#f2cc8f',
  '#81b29a',
];

/** Share of drawn masks with a hand at them. */
const HAND_RATE = 0.2;

export function randomStyle(rng: Rng): MaskStyle {
  const kind = pick(rng, ['surgical', 'surgical', 'kf94', 'cloth'] as const);
  const colour = pick(rng, kind === 'surgical' ? SURGICAL : kind === 'kf94' ? KF94 : CLOTH);
  return {
    kind,
    colour,
    pattern: kind === 'cloth' ? pick(rng, ['plain', 'stripes', 'dots', 'check'] as const) : 'plain',
    patternColour: pick(rng, ['#ffffff', '#111111', '#c0392b', '#f1c40f']),
    lightAngle: rng() * Math.PI * 2,
    shading: 0.3 + rng() * 0.3,
    hangSide: rng() < 0.5 ? 'left' : 'right',
    hand: rng() < HAND_RATE ? (rng() < 0.5 ? 'left' : 'right') : undefined,
  };
}

/** The photo's skin colour: the mean of a few pixels on both cheeks. */
function skinColour(photo: Canvas, landmarks: readonly Point[]): string {
  const ctx = photo.getContext('2d');
  let r = 0;
  let g = 0;
  let b = 0;
  const cheeks = [50, 280, 101, 330]; // MediaPipe cheek landmarks, two a side
  for (const i of cheeks) {
    const p = landmarks[i];
    const x = Math.min(photo.width - 1, Math.max(0, Math.round(p.x)));
    const y = Math.min(photo.height - 1, Math.max(0, Math.round(p.y)));
    const d = ctx.getImageData(x, y, 1, 1).data;
    r += d[0];
    g += d[1];
    b += d[2];
  }
  const n = cheeks.length;
  return `rgb(${Math.round(r / n)},${Math.round(g / n)},${Math.round(b / n)})`;
}

/**
 * A hand at the mask's lower edge: a palm below the jaw and four fingers
 * reaching up over the fabric, in the face's skin colour with soft shading.
 */
function drawHand(
  ctx: SKRSContext2D,
  photo: Canvas,
  landmarks: readonly Point[],
  outline: readonly Point[],
  side: HangSide,
): void {
  const faceWidth = dist(landmarks[LM.rightEar], landmarks[LM.leftEar]);
  const ys = outline.map((p) => p.y);
  const bottom = Math.max(...ys);
  const chin = landmarks[LM.chinTip];
  const ear = landmarks[side === 'left' ? LM.leftEar : LM.rightEar];
  // Between the chin and the holding side's jaw, at the mask's lower edge.
  const cx = chin.x + (ear.x - chin.x) * 0.45;
  const cy = bottom - faceWidth * 0.05;
  const finger = faceWidth * 0.075;
  const length = faceWidth * 0.32;
  const tilt = (side === 'left' ? -1 : 1) * 0.25;
  ctx.save();
  ctx.translate(cx, cy);
  ctx.rotate(tilt);
  ctx.fillStyle = skinColour(photo, landmarks);
  ctx.beginPath();
  ctx.ellipse(0, faceWidth * 0.2, faceWidth * 0.2, faceWidth * 0.17, 0, 0, Math.PI * 2);
  ctx.fill();
  for (let k = 0; k < 4; k++) {
    const x = (k - 1.5) * finger * 1.05;
    const h = length * (k === 0 || k === 3 ? 0.8 : 1);
    ctx.beginPath();
    ctx.roundRect(x - finger / 2, faceWidth * 0.15 - h, finger, h, finger / 2);
    ctx.fill();
  }
  // Shade towards the palm, and thin creases between the fingers.
  const g = ctx.createLinearGradient(0, -length, 0, faceWidth * 0.35);
  g.addColorStop(0, 'rgba(255,255,255,0.12)');
  g.addColorStop(1, 'rgba(0,0,0,0.25)');
  ctx.globalCompositeOperation = 'source-atop';
  ctx.fillStyle = g;
  ctx.fillRect(-faceWidth * 0.3, -length, faceWidth * 0.6, length + faceWidth * 0.4);
  ctx.globalCompositeOperation = 'source-over';
  ctx.strokeStyle = 'rgba(0,0,0,0.2)';
  ctx.lineWidth = Math.max(1, faceWidth * 0.006);
  for (let k = 1; k < 4; k++) {
    const x = (k - 2) * finger * 1.05 + finger * 0.52;
    ctx.beginPath();
    ctx.moveTo(x, faceWidth * 0.12 - length * 0.8);
    ctx.lineTo(x, faceWidth * 0.1);
    ctx.stroke();
  }
  ctx.restore();
}

function tracePath(ctx: SKRSContext2D, pts: readonly Point[]): void {
  // Quadratic curves through edge midpoints give a soft, fabric-like outline.
  ctx.beginPath();
  const mid = (a: Point, b: Point) => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
  const start = mid(pts[pts.length - 1], pts[0]);
  ctx.moveTo(start.x, start.y);
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i];
    const m = mid(p, pts[(i + 1) % pts.length]);
    ctx.quadraticCurveTo(p.x, p.y, m.x, m.y);
  }
  ctx.closePath();
}

function fillPattern(ctx: SKRSContext2D, style: MaskStyle, scale: number): void {
  const s = Math.max(4, Math.round(scale));
  const tile = createCanvas(s, s);
  const t = tile.getContext('2d');
  t.fillStyle = style.colour;
  t.fillRect(0, 0, s, s);
  t.fillStyle = style.patternColour;
  t.strokeStyle = style.patternColour;
  t.globalAlpha = 0.8;
  if (style.pattern === 'stripes') t.fillRect(0, 0, s, s / 4);
  else if (style.pattern === 'dots') {
    t.beginPath();
    t.arc(s / 2, s / 2, s / 6, 0, Math.PI * 2);
    t.fill();
  } else if (style.pattern === 'check') {
    t.fillRect(0, 0, s / 2, s / 2);
    t.fillRect(s / 2, s / 2, s / 2, s / 2);
  }
  const pattern = ctx.createPattern(tile, 'repeat');
  ctx.fillStyle = pattern ?? style.colour;
}

/**
 * Returns a new canvas: `photo` with a mask drawn at `placement`. The photo
 * itself is not changed.
 */
export function drawMask(
  photo: Canvas,
  landmarks: readonly Point[],
  placement: MaskPlacement,
  style: MaskStyle,
): Canvas {
  const out = createCanvas(photo.width, photo.height);
  const ctx = out.getContext('2d');
  ctx.drawImage(photo, 0, 0);
  const outline = maskOutline(landmarks, placement, style.kind === 'kf94' ? 0.06 : 0.04, style.hangSide);
  const faceWidth = dist(landmarks[LM.rightEar], landmarks[LM.leftEar]);
  const xs = outline.map((p) => p.x);
  const ys = outline.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];

  // Ear loops first, so the mask covers their ends.
  ctx.save();
  ctx.strokeStyle = style.kind === 'cloth' ? style.colour : '#f5f5f5';
  ctx.lineWidth = Math.max(1, faceWidth * 0.012);
  ctx.globalAlpha = 0.85;
  for (const [a, b] of earLoops(landmarks, outline, placement, style.hangSide)) {
    ctx.beginPath();
    ctx.moveTo(a.x, a.y);
    ctx.quadraticCurveTo((a.x + b.x) / 2, Math.min(a.y, b.y) - faceWidth * 0.03, b.x, b.y);
    ctx.stroke();
  }
  ctx.restore();

  ctx.save();
  tracePath(ctx, outline);
  ctx.clip();
  fillPattern(ctx, style, faceWidth * 0.12);
  ctx.fillRect(x0, y0, x1 - x0, y1 - y0);

  // Surgical pleats / KF94 centre fold: a few darker lines.
  ctx.strokeStyle = 'rgba(0,0,0,0.18)';
  ctx.lineWidth = Math.max(1, faceWidth * 0.008);
  if (style.kind === 'surgical') {
    for (const f of [0.3, 0.5, 0.7]) {
      ctx.beginPath();
      ctx.moveTo(x0, y0 + (y1 - y0) * f);
      ctx.quadraticCurveTo((x0 + x1) / 2, y0 + (y1 - y0) * (f + 0.06), x1, y0 + (y1 - y0) * f);
      ctx.stroke();
    }
  } else if (style.kind === 'kf94') {
    const nose = landmarks[LM.noseTip];
    ctx.beginPath();
    ctx.moveTo(x0, nose.y);
    ctx.quadraticCurveTo(nose.x, nose.y + faceWidth * 0.05, x1, nose.y);
    ctx.stroke();
  }

  // The photo's own light and shadow, multiplied in.
  ctx.globalCompositeOperation = 'multiply';
  ctx.globalAlpha = style.shading;
  // Blurred hard, so only the light falls through, never the mouth or nose.
  ctx.filter = `grayscale(1) blur(${Math.max(2, faceWidth * 0.08).toFixed(1)}px)`;
  ctx.drawImage(photo, 0, 0);
  ctx.filter = 'none';

  // A soft directional light across the mask.
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const r = Math.max(x1 - x0, y1 - y0) / 2;
  const g = ctx.createLinearGradient(
    cx - Math.cos(style.lightAngle) * r,
    cy - Math.sin(style.lightAngle) * r,
    cx + Math.cos(style.lightAngle) * r,
    cy + Math.sin(style.lightAngle) * r,
  );
  g.addColorStop(0, 'rgba(255,255,255,1)');
  g.addColorStop(1, 'rgba(120,120,120,1)');
  ctx.globalAlpha = 0.35;
  ctx.fillStyle = g;
  ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
  ctx.restore();

  // Edge shadow where the fabric meets the skin.
  ctx.save();
  tracePath(ctx, outline);
  ctx.strokeStyle = 'rgba(0,0,0,0.25)';
  ctx.lineWidth = Math.max(1, faceWidth * 0.01);
  ctx.stroke();
  ctx.restore();
  if (style.hand) drawHand(ctx, photo, landmarks, outline, style.hand);
  return out;
}
