/** Faces too small to label are left out and counted, not guessed at. */
import { describe, expect, it } from 'vitest';
import { MIN_LABEL_PX, splitBySize } from '../../src/core/faceSize';

const face = (w: number, h = w) => ({ detection: { box: { x: 5, y: 5, w, h } }, id: `${w}x${h}` });

describe('splitBySize', () => {
  it(`keeps faces from ${MIN_LABEL_PX} px up (both sides) and counts the rest`, () => {
    const { checked, tooSmall } = splitBySize([face(200), face(14), face(MIN_LABEL_PX), face(19.9), face(40, 16)]);
    expect(checked.map((f) => f.id)).toEqual(['200x200', `${MIN_LABEL_PX}x${MIN_LABEL_PX}`]);
    expect(tooSmall).toBe(3);
  });

  it('is 20 px: above the detector floor (12 px), where tiny faces come back as 13-17 px boxes', () => {
    expect(MIN_LABEL_PX).toBe(20);
    expect(splitBySize([face(17), face(13)]).tooSmall).toBe(2);
    expect(splitBySize([])).toEqual({ checked: [], tooSmall: 0 });
    expect(splitBySize([face(30)], 40).tooSmall).toBe(1);
  });
});
