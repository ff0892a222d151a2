import { describe, expect, it } from 'vitest';
import type { Box } from '../../src/core/geometry';
import { FaceTracker, TRACKER_DEFAULTS, resolveTrackerOptions, type TrackInput } from '../../src/core/tracker';

const box = (x: number, y = 0, w = 10, h = 10): Box => ({ x, y, w, h });

/** A face at `b` whose heads say (mask, gender, age), each with confidence `c`. */
function face(b: Box, mask = 0, gender = 0, age = 0, c?: number): TrackInput {
  return {
    box: b,
    heads: {
      mask: { label: mask, confidence: c },
      gender: { label: gender, confidence: c },
      age: { label: age, confidence: c },
    },
  };
}

describe('resolveTrackerOptions', () => {
  it('fills defaults and copies', () => {
    expect(resolveTrackerOptions()).toEqual(TRACKER_DEFAULTS);
    const heads = ['mask', 'age'] as const;
    const o = resolveTrackerOptions({ minIou: 0.5, settleHeads: heads, window: undefined });
    expect(o).toEqual({ ...TRACKER_DEFAULTS, minIou: 0.5, settleHeads: ['mask', 'age'] });
    expect(o.settleHeads).not.toBe(heads);
    expect(resolveTrackerOptions({ window: 3 }).settleFrames).toBe(3);
    expect(resolveTrackerOptions({ window: 3, settleFrames: 2 }).settleFrames).toBe(2);
  });

  it.each([
    [{ minIou: 0 }, 'tracker: minIou must be in (0, 1], got 0'],
    [{ minIou: 1.5 }, 'tracker: minIou must be in (0, 1], got 1.5'],
    [{ minIou: Number.NaN }, 'tracker: minIou must be in (0, 1], got null'],
    [{ maxMissed: 0 }, 'tracker: maxMissed must be an integer >= 1, got 0'],
    [{ maxMissed: 2.5 }, 'tracker: maxMissed must be an integer >= 1, got 2.5'],
    [{ window: 0 }, 'tracker: window must be an integer >= 1, got 0'],
    [{ window: 3, settleFrames: 4 }, 'tracker: settleFrames must be an integer in 1..window (3), got 4'],
    [{ settleFrames: 0 }, 'tracker: settleFrames must be an integer in 1..window (7), got 0'],
    [
      { settleHeads: ['mask', 'race'] },
      'tracker: settleHeads must list heads from mask, gender, age, got ["mask","race"]',
    ],
  ])('rejects %o', (options, message) => {
    expect(() => new FaceTracker(options as never)).toThrow(new RangeError(message));
  });
});

describe('FaceTracker: following faces', () => {
  it('keeps ids for faces that move a little, in input order', () => {
    const t = new FaceTracker();
    const first = t.update([face(box(0)), face(box(100))]);
    expect(first.ids).toEqual([1, 2]);
    // Next frame: both moved 2 px, and arrive in the other order.
    const second = t.update([face(box(102)), face(box(2))]);
    expect(second.ids).toEqual([2, 1]);
    expect(second.tracks.map((s) => [s.id, s.box.x, s.frames, s.missed])).toEqual([
      [1, 2, 2, 0],
      [2, 102, 2, 0],
    ]);
    expect(second.ended).toEqual([]);
  });

  it('gives a new person a fresh id', () => {
    const t = new FaceTracker();
    t.update([face(box(0))]);
    const u = t.update([face(box(1)), face(box(50))]);
    expect(u.ids).toEqual([1, 2]);
    expect(u.tracks.map((s) => s.id)).toEqual([1, 2]);
  });

  it('matches only at or above minIou', () => {
    // Moving 6 px: IoU 40/160 = 0.25.
    const loose = new FaceTracker({ minIou: 0.25 });
    loose.update([face(box(0))]);
    expect(loose.update([face(box(6))]).ids).toEqual([1]);
    const strict = new FaceTracker({ minIou: 0.3 });
    strict.update([face(box(0))]);
    const u = strict.update([face(box(6))]);
    expect(u.ids).toEqual([2]);
    expect(u.tracks.map((s) => [s.id, s.missed])).toEqual([
      [1, 1],
      [2, 0],
    ]);
  });

  it('matches greedily, best overlap first, one face per track', () => {
    const t = new FaceTracker({ minIou: 0.1 });
    t.update([face(box(0)), face(box(6))]); // tracks 1 at x=0, 2 at x=6
    // Face A at x=4: IoU 0.43 with track 1, 0.67 with track 2.
    // Face B at x=9: IoU 0.05 with track 1, 0.54 with track 2.
    // Best pair is (track 2, A); B is then left with track 1 at 0.05 < 0.1.
    const u = t.update([face(box(4)), face(box(9))]);
    expect(u.ids).toEqual([2, 3]);
    expect(u.tracks.find((s) => s.id === 1)?.missed).toBe(1);
  });

  it('two faces on one track: the closer keeps it, the other starts a track', () => {
    const t = new FaceTracker();
    t.update([face(box(0))]);
    expect(t.update([face(box(3)), face(box(1))]).ids).toEqual([2, 1]);
  });

  it('a track survives maxMissed - 1 missed frames, then ends and its id is not reused', () => {
    const t = new FaceTracker({ maxMissed: 3 });
    t.update([face(box(0))]);
    expect(t.update([]).tracks.map((s) => [s.id, s.missed])).toEqual([[1, 1]]);
    expect(t.update([]).tracks.map((s) => [s.id, s.missed])).toEqual([[1, 2]]);
    expect(t.update([face(box(1))]).ids).toEqual([1]); // back after 2 missed frames
    t.update([]);
    t.update([]);
    const gone = t.update([]);
    expect(gone.ended).toEqual([1]);
    expect(gone.tracks).toEqual([]);
    expect(t.size).toBe(0);
    expect(t.update([face(box(1))]).ids).toEqual([2]);
  });

  it('a missed track keeps its last box and label', () => {
    const t = new FaceTracker();
    t.update([face(box(5), 2, 1, 2)]);
    const [s] = t.update([]).tracks;
    expect(s.box).toEqual(box(5));
    expect(s.label).toEqual({ mask: 'not_wear', gender: 'female', age: '>=60' });
    expect(s.missed).toBe(1);
  });

  it('reset drops every track; ids keep counting', () => {
    const t = new FaceTracker();
    t.update([face(box(0)), face(box(50))]);
    t.reset();
    expect(t.size).toBe(0);
    expect(t.update([face(box(0))]).ids).toEqual([3]);
  });

  it('returns the last input as given, and snapshots that do not change later', () => {
    const t = new FaceTracker<TrackInput & { name: string }>();
    const a = { ...face(box(0)), name: 'a' };
    const first = t.update([a]);
    expect(first.tracks[0].last).toBe(a);
    t.update([{ ...face(box(1), 2), name: 'b' }]);
    expect(first.tracks[0].box.x).toBe(0);
    expect(first.tracks[0].frames).toBe(1);
    expect(first.tracks[0].heads.mask.label).toBe(0);
  });

  it('rejects a bad label without changing any track', () => {
    const t = new FaceTracker();
    t.update([face(box(0))]);
    expect(() => t.update([face(box(0)), face(box(50), 3)])).toThrow(
      new RangeError('tracker: mask label must be an integer in 0..2, got 3'),
    );
    expect(() => t.update([face(box(0), 0, 2)])).toThrow(/gender label must be an integer in 0\.\.1, got 2/);
    const u = t.update([face(box(0))]);
    expect(u.ids).toEqual([1]);
    expect(u.tracks[0].frames).toBe(2);
  });
});

describe('FaceTracker: steady labels', () => {
  /** Feeds one face at a fixed place with these mask labels; returns the voted mask label after each frame. */
  function maskLabels(t: FaceTracker, masks: number[], conf?: number[]): number[] {
    return masks.map((m, i) => t.update([face(box(0), m, 0, 0, conf?.[i])]).tracks[0].heads.mask.label);
  }

  it('one odd frame does not flip the label', () => {
    const t = new FaceTracker({ window: 5 });
    expect(maskLabels(t, [0, 0, 2, 0, 0, 0])).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('the label changes once the new one holds the window majority', () => {
    const t = new FaceTracker({ window: 5 });
    // Window after each frame: ...[0,0,0,0,0] -> [0,0,0,0,2] -> [0,0,0,2,2] -> [0,0,2,2,2]
    expect(maskLabels(t, [0, 0, 0, 0, 0, 2, 2, 2])).toEqual([0, 0, 0, 0, 0, 0, 0, 2]);
  });

  it('votes over the last `window` frames only', () => {
    const t = new FaceTracker({ window: 3 });
    t.update([face(box(0), 1)]);
    t.update([face(box(0), 1)]);
    t.update([face(box(0), 0)]);
    const s = t.update([face(box(0), 0)]).tracks[0]; // window [1, 0, 0]
    expect(s.heads.mask).toMatchObject({ label: 0, votes: 2, total: 3 });
    expect(s.frames).toBe(4);
  });

  it('a tie in votes goes to the higher summed confidence', () => {
    const t = new FaceTracker({ window: 2 });
    expect(maskLabels(t, [0, 1], [0.6, 0.9])).toEqual([0, 1]);
    const u = new FaceTracker({ window: 2 });
    expect(maskLabels(u, [1, 0], [0.9, 0.6])).toEqual([1, 1]);
  });

  it('a tie in votes and confidence goes to the lower index, whatever the order', () => {
    expect(maskLabels(new FaceTracker({ window: 2 }), [2, 1], [0.7, 0.7])).toEqual([2, 1]);
    expect(maskLabels(new FaceTracker({ window: 2 }), [1, 2], [0.7, 0.7])).toEqual([1, 1]);
    expect(maskLabels(new FaceTracker({ window: 2 }), [2, 1])).toEqual([2, 1]); // no confidence: 1 each
  });

  it('a zero confidence still votes for its own label', () => {
    const t = new FaceTracker({ window: 3 });
    expect(maskLabels(t, [2, 2, 1], [0, 0, 0.9])).toEqual([2, 2, 2]);
  });

  it('votes each head apart and reports the whole class', () => {
    const t = new FaceTracker({ window: 3 });
    t.update([face(box(0), 2, 1, 0)]);
    t.update([face(box(0), 2, 0, 1)]);
    const s = t.update([face(box(0), 0, 1, 1)]).tracks[0];
    expect(s.label).toEqual({ mask: 'not_wear', gender: 'female', age: '30-59' });
    expect(s.classId).toBe(6 * 2 + 3 * 1 + 1);
    expect(s.heads.gender).toMatchObject({ label: 1, votes: 2, total: 3 });
  });

  it('confidence is the summed confidence of the winner over the window size', () => {
    const t = new FaceTracker({ window: 4 });
    maskLabels(t, [0, 0, 1, 0], [0.8, 0.6, 0.9, 1]);
    const s = t.update([face(box(0), 0, 0, 0, 0.2)]).tracks[0]; // window [0.6, (1), 1, 0.2] for label 0
    expect(s.heads.mask.confidence).toBeCloseTo((0.6 + 1 + 0.2) / 4, 12);
  });
});

describe('FaceTracker: settling', () => {
  it('settles once, after settleFrames frames, when the mask head has a strict majority', () => {
    const t = new FaceTracker({ window: 4, settleFrames: 3 });
    const settledAt: number[][] = [];
    for (const m of [0, 1, 0, 0, 0, 1]) settledAt.push(t.update([face(box(0), m)]).settled.map((s) => s.id));
    // Frame 3: window [0, 1, 0] -> 2 of 3 votes, settled; never again after.
    expect(settledAt).toEqual([[], [], [1], [], [], []]);
    expect(t.update([face(box(0), 1)]).tracks[0].settled).toBe(true);
  });

  it('waits while no label holds a strict majority', () => {
    const t = new FaceTracker({ window: 4, settleFrames: 4 });
    const flags = [0, 1, 2, 0, 0, 0].map((m) => t.update([face(box(0), m)]).tracks[0].settled);
    // [0,1,2,0]: 2 of 4, [1,2,0,0]: 2 of 4, [2,0,0,0]: 3 of 4 -> settled on frame 6.
    expect(flags).toEqual([false, false, false, false, false, true]);
  });

  it('settleHeads: every listed head needs its majority', () => {
    const t = new FaceTracker({ window: 3, settleFrames: 3, settleHeads: ['mask', 'age'] });
    t.update([face(box(0), 0, 0, 0)]);
    t.update([face(box(0), 0, 0, 1)]);
    expect(t.update([face(box(0), 0, 0, 2)]).settled).toEqual([]); // age split three ways
    const u = t.update([face(box(0), 0, 0, 2)]); // age window [1, 2, 2]
    expect(u.settled.map((s) => [s.id, s.label.mask, s.label.age])).toEqual([[1, 'wear', '>=60']]);
  });

  it('each of two people settles on their own frame', () => {
    const t = new FaceTracker({ window: 3, settleFrames: 2 });
    expect(t.update([face(box(0), 0)]).settled).toEqual([]);
    const u = t.update([face(box(0), 0), face(box(100), 2)]);
    expect(u.settled.map((s) => s.id)).toEqual([1]);
    const v = t.update([face(box(0), 0), face(box(100), 2)]);
    expect(v.settled.map((s) => [s.id, s.label.mask])).toEqual([[2, 'not_wear']]);
  });
});

describe('FaceTracker: not sure', () => {
  const unsureMask = (b: Box, mask: number, unsure: boolean): TrackInput => {
    const f = face(b, mask);
    return { ...f, heads: { ...f.heads, mask: { ...f.heads.mask, unsure } } };
  };

  it('a head is unsure while at least half of its window was unsure', () => {
    const t = new FaceTracker({ window: 4, settleFrames: 4 });
    const seen = [true, false, false, true, true, false, false].map(
      (u) => t.update([unsureMask(box(0), 0, u)]).tracks[0].unsure,
    );
    // windows: [u] 1/1, [u,s] 1/2, [u,s,s] 1/3, [u,s,s,u] 2/4, [s,s,u,u] 2/4, [s,u,u,s] 2/4, [u,u,s,s] 2/4
    expect(seen.map((u) => u.mask)).toEqual([true, true, false, true, true, true, true]);
    expect(seen.every((u) => !u.gender && !u.age)).toBe(true);
  });

  it('never settles (is never counted) while the mask head is unsure', () => {
    const t = new FaceTracker({ window: 3, settleFrames: 3 });
    const settled = [true, true, true, false, false].map((u) => t.update([unsureMask(box(0), 2, u)]).settled.length);
    // The label is 3/3 'not_wear' from frame 3, but sure only from frame 5 ([u, s, s]).
    expect(settled).toEqual([0, 0, 0, 0, 1]);
  });

  it('without unsure flags nothing is unsure (ensembles without a rule)', () => {
    const t = new FaceTracker({ window: 3 });
    const s = [0, 1, 2].map((m) => t.update([face(box(0), m)]).tracks[0]).at(-1)!;
    expect(s.unsure).toEqual({ mask: false, gender: false, age: false });
  });
});
