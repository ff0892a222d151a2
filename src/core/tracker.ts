/**
 * Follows faces across video frames and steadies their labels.
 *
 * Each frame's faces are matched to the live tracks by box overlap (IoU),
 * greedily: the best-overlapping pair first, then the next best among what is
 * left. A face that matches no track starts a new one with a fresh id (ids are
 * never reused). A track that goes unmatched for `maxMissed` frames in a row
 * is dropped.
 *
 * Each track keeps its last `window` frame results and votes over them head by
 * head with `voteHead` from vote.ts: every frame casts one vote per head (the
 * label that frame gave), the label with most votes wins; a tie goes to the
 * label with the higher summed confidence, then to the lower index. So a
 * single odd frame does not flip the label shown.
 *
 * "Not sure" is smoothed the same way: a head is unsure for the track while
 * at least half of the frames in its window were unsure for it (see
 * core/unsure.ts), and a label never settles (is never counted) while one of
 * the settle heads is unsure.
 *
 * Pure logic (no tfjs, no DOM): one `FaceTracker` per video stream.
 *
 * @example
 * const tracker = new FaceTracker();
 * // per frame, with the ensemble's results:
 * const u = tracker.update(results.map((r) => ({ box: r.detection.box, heads: r.heads })));
 * // u.ids[i] is the track of results[i]; u.tracks[k].label is the steadied label;
 * // u.settled lists each person once, on the frame their label settles (for counting).
 */
import { HEADS, HEAD_SIZES, decodeClass, encodeIndices, type FaceLabel, type Head } from './classes';
import { iou, type Box } from './geometry';
import { voteHead, type HeadVote } from './vote';

/** One head's answer for a face in one frame (a `HeadVote` from the ensemble fits). */
export interface FrameHeadLabel {
  /** Index into the head's labels (MASK_STATES, GENDERS, AGE_GROUPS). */
  label: number;
  /** 0..1, used only to break ties between labels with equal votes. Default 1. */
  confidence?: number;
  /** The ensemble was not sure of this head in this frame. Default false. */
  unsure?: boolean;
}

/** One face in one frame: where it is and what the ensemble said about it. */
export interface TrackInput {
  box: Box;
  heads: Record<Head, FrameHeadLabel>;
}

export interface TrackerOptions {
  /** Minimum IoU between a track's last box and a face for them to match. Default 0.3. */
  minIou?: number;
  /** A track unmatched for this many frames in a row is dropped. Default 10. */
  maxMissed?: number;
  /** Frame results each track votes over (its most recent ones). Default 7. */
  window?: number;
  /** Frames a track needs in its window before its label can settle, at most `window`. Default 5, or `window` if less. */
  settleFrames?: number;
  /** Heads that must hold a strict majority of the window, and be sure, for the label to settle. Default ['mask']. */
  settleHeads?: readonly Head[];
}

export type ResolvedTrackerOptions = Required<TrackerOptions>;

export const TRACKER_DEFAULTS: ResolvedTrackerOptions = {
  minIou: 0.3,
  maxMissed: 10,
  window: 7,
  settleFrames: 5,
  settleHeads: ['mask'],
};

/** A live track as plain data; a new object on every update. */
export interface TrackState<T extends TrackInput = TrackInput> {
  id: number;
  /** Box of the last face matched to this track (image pixels). */
  box: Box;
  /** The last input matched to this track, as given. */
  last: T;
  /** The vote over the window, per head. */
  heads: Record<Head, HeadVote>;
  /** Per head: at least half of the window's frames were unsure of it. */
  unsure: Record<Head, boolean>;
  /** The voted 18-class id and its label. */
  classId: number;
  label: FaceLabel;
  /** Frames matched since the track started. */
  frames: number;
  /** Frames in a row without a match; 0 when seen in this frame. */
  missed: number;
  /** True once the label has settled; stays true for the rest of the track's life. */
  settled: boolean;
}

export interface TrackUpdate<T extends TrackInput = TrackInput> {
  /** The track id of each input face, in input order. */
  ids: number[];
  /** Every live track (seen now, or missed fewer than `maxMissed` frames), oldest first. */
  tracks: TrackState<T>[];
  /** Tracks whose label settled on this frame. Each track appears here once in its life. */
  settled: TrackState<T>[];
  /** Ids of the tracks dropped on this frame. */
  ended: number[];
}

/** Copies the options, fills defaults and checks them; errors quote the bad value. */
export function resolveTrackerOptions(options: TrackerOptions = {}): ResolvedTrackerOptions {
  const given = stripUndefined(options);
  const o: ResolvedTrackerOptions = { ...TRACKER_DEFAULTS, ...given };
  if (given.settleFrames === undefined) o.settleFrames = Math.min(TRACKER_DEFAULTS.settleFrames, o.window);
  const bad = (what: string, v: unknown) => new RangeError(`tracker: ${what}, got ${JSON.stringify(v)}`);
  if (!(o.minIou > 0 && o.minIou <= 1)) throw bad('minIou must be in (0, 1]', o.minIou);
  if (!(Number.isInteger(o.maxMissed) && o.maxMissed >= 1)) throw bad('maxMissed must be an integer >= 1', o.maxMissed);
  if (!(Number.isInteger(o.window) && o.window >= 1)) throw bad('window must be an integer >= 1', o.window);
  if (!(Number.isInteger(o.settleFrames) && o.settleFrames >= 1 && o.settleFrames <= o.window)) {
    throw bad(`settleFrames must be an integer in 1..window (${o.window})`, o.settleFrames);
  }
  if (!Array.isArray(o.settleHeads) || o.settleHeads.some((h) => !HEADS.includes(h))) {
    throw bad(`settleHeads must list heads from ${HEADS.join(', ')}`, o.settleHeads);
  }
  return { ...o, settleHeads: [...o.settleHeads] };
}

interface Track<T extends TrackInput> {
  id: number;
  last: T;
  /** One-hot (confidence-weighted) vote per head, for the last `window` frames. */
  history: Record<Head, number[]>[];
  /** Per frame in `history`: the heads the ensemble was unsure of. */
  unsureHistory: Record<Head, boolean>[];
  frames: number;
  missed: number;
  settled: boolean;
  heads: Record<Head, HeadVote>;
  unsure: Record<Head, boolean>;
}

export class FaceTracker<T extends TrackInput = TrackInput> {
  readonly options: ResolvedTrackerOptions;
  private tracks: Track<T>[] = [];
  private nextId = 1;

  constructor(options: TrackerOptions = {}) {
    this.options = resolveTrackerOptions(options);
  }

  /** Feeds one frame's faces (possibly none) and returns where every face went. */
  update(faces: readonly T[]): TrackUpdate<T> {
    const { minIou, maxMissed } = this.options;
    const votes = faces.map(frameVote); // checks labels before any state changes

    // Greedy matching: every overlapping (track, face) pair, best IoU first;
    // ties go to the older track, then the earlier face.
    const pairs: { t: number; f: number; v: number }[] = [];
    this.tracks.forEach((track, t) => {
      faces.forEach((face, f) => {
        const v = iou(track.last.box, face.box);
        if (v > 0 && v >= minIou) pairs.push({ t, f, v });
      });
    });
    pairs.sort((a, b) => b.v - a.v || a.t - b.t || a.f - b.f);
    const trackOf = new Array<number>(faces.length).fill(-1);
    const matched = new Set<number>();
    for (const { t, f } of pairs) {
      if (trackOf[f] !== -1 || matched.has(t)) continue;
      trackOf[f] = t;
      matched.add(t);
    }

    const settled: Track<T>[] = [];
    const ended: number[] = [];
    const live: Track<T>[] = [];
    this.tracks.forEach((track, t) => {
      if (matched.has(t)) return live.push(track);
      track.missed++;
      if (track.missed >= maxMissed) ended.push(track.id);
      else live.push(track);
    });
    const ids = faces.map((face, f) => {
      let track: Track<T>;
      if (trackOf[f] === -1) {
        track = {
          id: this.nextId++,
          last: face,
          history: [],
          unsureHistory: [],
          frames: 0,
          missed: 0,
          settled: false,
          heads: {} as never,
          unsure: { mask: false, gender: false, age: false },
        };
        live.push(track);
      } else {
        track = this.tracks[trackOf[f]];
      }
      if (this.observe(track, face, votes[f])) settled.push(track);
      return track.id;
    });
    this.tracks = live;
    return { ids, tracks: live.map(snapshot), settled: settled.map(snapshot), ended };
  }

  /** Drops every track (a new scene, the camera restarted). Ids are still never reused. */
  reset(): void {
    this.tracks = [];
  }

  /** Live tracks now, as in the last update. */
  get size(): number {
    return this.tracks.length;
  }

  /** Adds a frame result to a track; true when this makes its label settle. */
  private observe(track: Track<T>, face: T, vote: Record<Head, number[]>): boolean {
    const { window, settleFrames, settleHeads } = this.options;
    track.last = face;
    track.frames++;
    track.missed = 0;
    track.history.push(vote);
    track.unsureHistory.push(frameUnsure(face));
    if (track.history.length > window) {
      track.history.shift();
      track.unsureHistory.shift();
    }
    for (const h of HEADS) {
      track.heads[h] = voteHead(
        track.history.map((v) => v[h]),
        HEAD_SIZES[h],
      );
      const unsureFrames = track.unsureHistory.filter((u) => u[h]).length;
      track.unsure[h] = 2 * unsureFrames >= track.unsureHistory.length;
    }
    if (track.settled || track.history.length < settleFrames) return false;
    track.settled = settleHeads.every((h) => 2 * track.heads[h].votes > track.heads[h].total && !track.unsure[h]);
    return track.settled;
  }
}

/** A frame's labels as confidence-weighted one-hot rows, so `voteHead`'s arg-max is the frame's label. */
function frameVote(face: TrackInput): Record<Head, number[]> {
  const out = {} as Record<Head, number[]>;
  for (const h of HEADS) {
    const { label, confidence } = face.heads?.[h] ?? ({} as FrameHeadLabel);
    if (!(Number.isInteger(label) && label >= 0 && label < HEAD_SIZES[h])) {
      throw new RangeError(`tracker: ${h} label must be an integer in 0..${HEAD_SIZES[h] - 1}, got ${label}`);
    }
    const row = new Array<number>(HEAD_SIZES[h]).fill(0);
    // A zero or missing-but-given confidence still has to win its own arg-max.
    row[label] = confidence === undefined ? 1 : confidence > 0 ? confidence : Number.MIN_VALUE;
    out[h] = row;
  }
  return out;
}

function frameUnsure(face: TrackInput): Record<Head, boolean> {
  return {
    mask: face.heads.mask.unsure === true,
    gender: face.heads.gender.unsure === true,
    age: face.heads.age.unsure === true,
  };
}

function snapshot<T extends TrackInput>(t: Track<T>): TrackState<T> {
  const heads = { mask: { ...t.heads.mask }, gender: { ...t.heads.gender }, age: { ...t.heads.age } };
  const classId = encodeIndices({ mask: heads.mask.label, gender: heads.gender.label, age: heads.age.label });
  const { x, y, w, h } = t.last.box;
  return {
    id: t.id,
    box: { x, y, w, h },
    last: t.last,
    heads,
    unsure: { ...t.unsure },
    classId,
    label: decodeClass(classId),
    frames: t.frames,
    missed: t.missed,
    settled: t.settled,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
