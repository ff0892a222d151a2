/**
 * Steady camera labels: each frame's results go through the core tracker, so
 * a face keeps its id and shows the vote over its recent frames instead of
 * flickering with every frame; "not sure" is steadied the same way. People
 * whose label settles (surely) are reported once, for the kiosk counts.
 */
import { HEADS, type Head, type MaskState } from '../core/classes';
import { clipBox } from '../core/geometry';
import { FaceTracker, type TrackInput, type TrackerOptions } from '../core/tracker';
import { headViews, type FaceResultLike, type FaceView, type HeadView } from './labels';

interface Input extends TrackInput {
  result: FaceResultLike;
}

export interface TrackedFrame {
  faces: FaceView[];
  /** Mask state of each person whose label settled on this frame. */
  settled: MaskState[];
}

/** Per head, the models' votes from the latest frame that gave each label (index = label). */
type VotesByLabel = Record<Head, HeadView[]>;

export class FaceTracking {
  private readonly tracker: FaceTracker<Input>;
  private readonly votes = new Map<number, VotesByLabel>();

  constructor(options: TrackerOptions = {}) {
    this.tracker = new FaceTracker<Input>(options);
  }

  /** `width` and `height`: the frame's size; boxes shown are kept inside it. */
  update(results: readonly FaceResultLike[], width = Infinity, height = Infinity): TrackedFrame {
    const u = this.tracker.update(
      results.map((r) => ({
        box: r.detection.box,
        heads: {
          mask: { ...r.heads.mask, unsure: r.unsure.mask },
          gender: { ...r.heads.gender, unsure: r.unsure.gender },
          age: { ...r.heads.age, unsure: r.unsure.age },
        },
        result: r,
      })),
    );
    for (const id of u.ended) this.votes.delete(id);
    const byId = new Map(u.tracks.map((t) => [t.id, t]));
    const faces = results.map((r, i): FaceView => {
      const track = byId.get(u.ids[i])!;
      const votes = this.remember(track.id, r);
      const frame = headViews(r);
      const heads = {} as Record<Head, HeadView>;
      for (const h of HEADS) {
        // The models' numbers are those of the latest frame that gave the steadied label;
        // "not sure" is the track's, steadied over its window.
        const label = track.heads[h].label;
        heads[h] = { ...(votes[h][label] ?? frame[h]), unsure: track.unsure[h] };
      }
      return {
        id: track.id,
        box: clipBox(r.detection.box, width, height),
        mask: track.label.mask,
        gender: track.label.gender,
        age: track.label.age,
        heads,
        total: r.total,
      };
    });
    return { faces, settled: u.settled.map((t) => t.label.mask) };
  }

  private remember(id: number, r: FaceResultLike): VotesByLabel {
    const votes = this.votes.get(id) ?? { mask: [], gender: [], age: [] };
    const frame = headViews(r);
    for (const h of HEADS) votes[h][r.heads[h].label] = frame[h];
    this.votes.set(id, votes);
    return votes;
  }

  /** A new camera session: forget everyone (ids are still never reused). */
  reset(): void {
    this.tracker.reset();
    this.votes.clear();
  }
}
