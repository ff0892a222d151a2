/**
 * Steady camera labels: each frame's results go through the core tracker, so
 * a face keeps its id and shows the vote over its recent frames instead of
 * flickering with every frame. People whose label settles are reported once,
 * for the kiosk counts.
 */
import type { MaskState } from '../core/classes';
import { clipBox } from '../core/geometry';
import { FaceTracker, type TrackInput, type TrackerOptions } from '../core/tracker';
import type { FaceResultLike, FaceView } from './labels';

interface Input extends TrackInput {
  result: FaceResultLike;
}

export interface TrackedFrame {
  faces: FaceView[];
  /** Mask state of each person whose label settled on this frame. */
  settled: MaskState[];
}

export class FaceTracking {
  private readonly tracker: FaceTracker<Input>;

  constructor(options: TrackerOptions = {}) {
    this.tracker = new FaceTracker<Input>(options);
  }

  /** `width` and `height`: the frame's size; boxes shown are kept inside it. */
  update(results: readonly FaceResultLike[], width = Infinity, height = Infinity): TrackedFrame {
    const u = this.tracker.update(results.map((r) => ({ box: r.detection.box, heads: r.heads, result: r })));
    const byId = new Map(u.tracks.map((t) => [t.id, t]));
    const faces = results.map((r, i): FaceView => {
      const track = byId.get(u.ids[i])!;
      return {
        id: track.id,
        box: clipBox(r.detection.box, width, height),
        // The steadied label; agreement and confidence are this frame's vote.
        mask: track.label.mask,
        gender: track.label.gender,
        age: track.label.age,
        agreement: r.agreement,
        total: r.total,
        confidence: r.confidence,
      };
    });
    return { faces, settled: u.settled.map((t) => t.label.mask) };
  }

  /** A new camera session: forget everyone (ids are still never reused). */
  reset(): void {
    this.tracker.reset();
  }
}
