/**
 * Turns imported records into training samples: every real photo as it is,
 * plus masks drawn on each labelled bare face so it yields every mask state.
 */
import type { AgeGroup, Gender, MaskState } from '../core/classes';
import type { Box } from '../core/geometry';
import type { FaceRecord } from '../core/manifest';
import { INCORRECT_PLACEMENTS, PLACEMENT_LABEL, type MaskPlacement } from '../core/maskGeometry';
import { hashString } from '../core/random';

export type Variant = 'original' | MaskPlacement;

export interface Sample {
  /** Stable id: cache key and split key material. */
  id: string;
  path: string;
  source: string;
  subject: string;
  variant: Variant;
  /** Seed for the drawn mask's style. */
  seed: number;
  box?: Box;
  mask?: MaskState;
  gender?: Gender;
  ageGroup?: AgeGroup;
  /** Age in years, where the source gives it (reports only; training uses the group). */
  age?: number;
  /** Mask drawn by us or pasted on by the source set (not a real mask photo). */
  synthetic: boolean;
  /** Gender and age guessed by a face API rather than given by people. */
  demographicsPredicted: boolean;
}

export interface SampleOptions {
  /** Draw masks on bare faces that carry gender or age labels. */
  synthesize: boolean;
  /** Incorrect placements per bare face: 1 picks one of below-nose / on-chin / off-one-ear by seed, 2 draws two. */
  incorrectPerFace: 1 | 2;
  /**
   * 'all': every bare face gets a worn mask and its wrongly worn one(s); 'one':
   * each gets one of them, by seed, half worn and half wrongly worn (a third of
   * the feature extraction, for machines where it is the bottleneck).
   */
  drawn: 'all' | 'one';
}

export function buildSamples(records: readonly FaceRecord[], opts: SampleOptions): Sample[] {
  const out: Sample[] = [];
  for (const r of records) {
    const base = {
      path: r.path,
      source: r.source,
      subject: r.subject,
      box: r.box,
      gender: r.gender,
      ageGroup: r.ageGroup,
      age: r.age,
      demographicsPredicted: /predicted/.test(r.quality),
    };
    const key = `${r.path}#${r.box ? `${r.box.x},${r.box.y},${r.box.w},${r.box.h}` : ''}`;
    const synthetic = /synthetic/.test(r.quality);
    out.push({ ...base, id: `${key}#original`, variant: 'original', seed: 0, mask: r.mask, synthetic });
    const bare = r.mask === 'not_wear' && !r.box && (r.gender !== undefined || r.ageGroup !== undefined);
    if (!opts.synthesize || !bare) continue;
    const seed = hashString(key);
    const n = INCORRECT_PLACEMENTS.length;
    const incorrect = Array.from({ length: opts.incorrectPerFace }, (_, k) => INCORRECT_PLACEMENTS[(seed + k) % n]);
    const placements: MaskPlacement[] =
      opts.drawn === 'all' ? ['wear', ...incorrect] : [hashString(`${key}#drawn`) % 2 === 0 ? 'wear' : incorrect[0]];
    for (const placement of placements) {
      out.push({
        ...base,
        id: `${key}#${placement}`,
        variant: placement,
        seed: hashString(`${key}#${placement}`),
        mask: PLACEMENT_LABEL[placement],
        synthetic: true,
      });
    }
  }
  return out;
}
