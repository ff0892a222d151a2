/** The bench frames' layout, shared by the page and the photo picker: 640x480, 200-px faces. */
export const FRAME_W = 640;
export const FRAME_H = 480;
export const CELL = 200;

/** Top-left corner of grid cell i (3 columns, 2 rows, centred). */
export function gridCell(i: number): { x: number; y: number } {
  return {
    x: (FRAME_W - 3 * CELL) / 2 + (i % 3) * CELL,
    y: (FRAME_H - 2 * CELL) / 2 + Math.floor(i / 3) * CELL,
  };
}
