/**
 * Where each face's label goes over a photo or video: beside its box (above,
 * below, right or left), never over another label or a face, inside the
 * shown media. Full labels are tried first; where none fits, the label
 * collapses to its symbol; where even that has no free spot, it takes the
 * spot that covers the least (other labels first, then faces). Pure: the
 * overlay measures the labels and hands the sizes in, in display pixels.
 */
export interface Size {
  w: number;
  h: number;
}

export interface Rect extends Size {
  x: number;
  y: number;
}

export interface LabelRequest {
  /** The face's box. */
  face: Rect;
  /** The label with all its words, and collapsed to its symbol. */
  full: Size;
  compact: Size;
}

export type Side = 'above' | 'below' | 'right' | 'left' | 'inside';

export interface LabelPlacement extends Rect {
  compact: boolean;
  side: Side;
}

export function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

const fits = (r: Rect, bounds: Size) => r.x >= 0 && r.y >= 0 && r.x + r.w <= bounds.w && r.y + r.h <= bounds.h;

/** Candidate spots beside `face` for a label of `size`, each moved inside `bounds` along the face's edge. */
function candidates(face: Rect, size: Size, bounds: Size, gap: number): { rect: Rect; side: Side }[] {
  const clampX = (x: number) => Math.max(0, Math.min(bounds.w - size.w, x));
  const clampY = (y: number) => Math.max(0, Math.min(bounds.h - size.h, y));
  const alongX = [face.x, face.x + (face.w - size.w) / 2, face.x + face.w - size.w].map(clampX);
  const alongY = [face.y, face.y + (face.h - size.h) / 2, face.y + face.h - size.h].map(clampY);
  const out: { rect: Rect; side: Side }[] = [];
  for (const x of alongX) out.push({ side: 'above', rect: { x, y: face.y - size.h - gap, ...size } });
  for (const x of alongX) out.push({ side: 'below', rect: { x, y: face.y + face.h + gap, ...size } });
  for (const y of alongY) out.push({ side: 'right', rect: { x: face.x + face.w + gap, y, ...size } });
  for (const y of alongY) out.push({ side: 'left', rect: { x: face.x - size.w - gap, y, ...size } });
  return out;
}

interface Scored {
  p: LabelPlacement;
  /** Area over other labels, then over faces. */
  cost: [number, number];
}

const cheaper = (a: Scored, b: Scored | null) =>
  !b || a.cost[0] < b.cost[0] || (a.cost[0] === b.cost[0] && a.cost[1] < b.cost[1]);

/** Places every label, top faces first (their labels go above them), and returns them in input order. */
export function placeLabels(bounds: Size, labels: readonly LabelRequest[], gap = 2): LabelPlacement[] {
  const faces = labels.map((l) => l.face);
  const order = labels.map((_, i) => i).sort((a, b) => faces[a].y - faces[b].y || faces[a].x - faces[b].x);
  const placed: Rect[] = [];
  const out = new Array<LabelPlacement>(labels.length);
  for (const i of order) {
    const { face, full, compact } = labels[i];
    const score = (rect: Rect, side: Side, isCompact: boolean, ownFace: boolean): Scored | null => {
      if (!fits(rect, bounds)) return null;
      const onLabels = placed.reduce((s, r) => s + overlapArea(rect, r), 0);
      const onFaces = faces.reduce((s, f, j) => s + (ownFace && j === i ? 0 : overlapArea(rect, f)), 0);
      return { p: { ...rect, side, compact: isCompact }, cost: [onLabels, onFaces] };
    };
    const tries: Scored[] = [];
    for (const [size, isCompact] of [
      [full, false],
      [compact, true],
    ] as const) {
      for (const c of candidates(face, size, bounds, gap)) {
        const s = score(c.rect, c.side, isCompact, false);
        if (s) tries.push(s);
      }
    }
    // Last free spot: the symbol in the box's top corner, over its own face only.
    const inside = score({ x: Math.max(0, face.x), y: Math.max(0, face.y), ...compact }, 'inside', true, true);
    if (inside) tries.push(inside);
    let chosen: Scored | null = tries.find((t) => t.cost[0] === 0 && t.cost[1] === 0) ?? null;
    if (!chosen) for (const t of tries) if (cheaper(t, chosen)) chosen = t;
    // Larger than the media itself: the symbol in the top left corner.
    const p = chosen?.p ?? { x: 0, y: 0, ...compact, side: 'inside' as const, compact: true };
    out[i] = p;
    placed.push(p);
  }
  return out;
}
