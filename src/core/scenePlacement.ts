/**
 * Where to paste face patches into a large synthetic scene (the detection
 * composites): random spots that stay inside the scene and keep a gap between
 * patches, so every truth box belongs to exactly one pasted face.
 */
import type { Box } from './geometry';
import type { Rng } from './random';

/** Tries each patch (w x h) up to `attempts` random spots; a patch that finds none is left out (null). */
export function placePatches(
  rng: Rng,
  width: number,
  height: number,
  patches: readonly { w: number; h: number }[],
  gap: number,
  attempts = 50,
): (Box | null)[] {
  const placed: Box[] = [];
  return patches.map(({ w, h }) => {
    if (w > width || h > height) return null;
    for (let a = 0; a < attempts; a++) {
      const b = { x: Math.floor(rng() * (width - w + 1)), y: Math.floor(rng() * (height - h + 1)), w, h };
      const clear = placed.every(
        (p) => b.x >= p.x + p.w + gap || p.x >= b.x + b.w + gap || b.y >= p.y + p.h + gap || p.y >= b.y + b.h + gap,
      );
      if (clear) {
        placed.push(b);
        return b;
      }
    }
    return null;
  });
}
