/**
 * Overlapping square tiles for detecting small faces in large photos. A
 * detector with a 192-px input sees a 48-px face in a 1280-px photo at 7 px;
 * on a 480-px tile it sees it at 19 px. Pure geometry: no tfjs, no DOM.
 */
import type { Box, Letterbox } from './geometry';

export interface TileLevel {
  /** Tile side in image pixels. */
  side: number;
  /**
   * Least overlap of neighbouring tiles in image pixels. A face box up to
   * `overlap - 2 * edgeMargin * side` lies whole inside some tile, so a box
   * cut by a tile's inner edge can be dropped: the neighbour sees it whole.
   */
  overlap: number;
}

export interface Tile {
  x: number;
  y: number;
  side: number;
  /** Edges with more image beyond them (not the image's own border). */
  inner: { left: boolean; top: boolean; right: boolean; bottom: boolean };
}

/**
 * Tile starts along one axis of `length` px: evenly spread so the first starts
 * at 0 and the last ends at `length`, with at least `overlap` px shared. An axis
 * no longer than `side` gets one tile centred on it (padded black beyond).
 */
export function tileStarts(length: number, side: number, overlap: number): number[] {
  if (!(side > 0)) throw new RangeError(`tile side must be positive, got ${side}`);
  if (!(overlap >= 0 && overlap < side)) throw new RangeError(`tile overlap must be in [0, side), got ${overlap}`);
  if (length <= side) return [Math.floor((length - side) / 2)];
  const n = Math.ceil((length - overlap) / (side - overlap));
  return Array.from({ length: n }, (_, i) => Math.round((i * (length - side)) / (n - 1)));
}

/**
 * The tiles of one level over a width x height image, row by row. None when
 * the image fits in one tile: the whole-frame passes already see it at (at
 * least) that scale.
 */
export function tileGrid(width: number, height: number, level: TileLevel): Tile[] {
  if (!(width > 0 && height > 0)) throw new RangeError(`image size must be positive, got ${width}x${height}`);
  if (Math.max(width, height) <= level.side) return [];
  const xs = tileStarts(width, level.side, level.overlap);
  const ys = tileStarts(height, level.side, level.overlap);
  const tiles: Tile[] = [];
  for (const y of ys)
    for (const x of xs)
      tiles.push({
        x,
        y,
        side: level.side,
        inner: { left: x > 0, top: y > 0, right: x + level.side < width, bottom: y + level.side < height },
      });
  return tiles;
}

/** A tile as the letterbox the detector maps boxes through (negative padding = offset into the image). */
export function tileLetterbox(t: Tile): Letterbox {
  return { side: t.side, padX: -t.x, padY: -t.y };
}

/**
 * True when a box (in 0..1 units of its tile) comes within `edgeMargin` of one
 * of the tile's inner edges: it may be a cut-off part of a face that a
 * neighbouring tile or the whole-frame pass sees whole.
 */
export function touchesInnerEdge(box: Box, tile: Tile, edgeMargin: number): boolean {
  return (
    (tile.inner.left && box.x < edgeMargin) ||
    (tile.inner.top && box.y < edgeMargin) ||
    (tile.inner.right && box.x + box.w > 1 - edgeMargin) ||
    (tile.inner.bottom && box.y + box.h > 1 - edgeMargin)
  );
}
