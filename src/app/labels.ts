/**
 * Plain, serialisable face results for the store and the UI, and how each
 * mask state is shown. Colour is never the only cue: every state also has an
 * icon and words.
 */
import { AGE_GROUPS, GENDERS, MASK_STATES, type AgeGroup, type Gender, type MaskState } from '../core/classes';
import type { Box } from '../core/geometry';
import type { Lang, MessageKey } from './i18n';
import { translate } from './i18n';

export interface FaceView {
  /** Stable across frames when a tracker assigns it; else the index in the frame. */
  id: number;
  /** Image pixels of the analysed frame or photo. */
  box: Box;
  mask: MaskState;
  gender: Gender;
  age: AgeGroup;
  /** Members whose whole answer matches the vote, out of `total`. */
  agreement: number;
  total: number;
  /** 0..1 */
  confidence: number;
}

/** What the ensemble returns per face, reduced to the fields the UI reads. */
export interface FaceResultLike {
  detection: { box: Box };
  heads: { mask: { label: number }; gender: { label: number }; age: { label: number } };
  agreement: number;
  total: number;
  confidence: number;
}

export function toFaceView(r: FaceResultLike, id: number): FaceView {
  const { x, y, w, h } = r.detection.box;
  return {
    id,
    box: { x, y, w, h },
    mask: MASK_STATES[r.heads.mask.label],
    gender: GENDERS[r.heads.gender.label],
    age: AGE_GROUPS[r.heads.age.label],
    agreement: r.agreement,
    total: r.total,
    confidence: r.confidence,
  };
}

export interface MaskStyle {
  /** CSS colour of the box and badge. */
  color: string;
  /** A symbol, so the state reads without colour. */
  icon: string;
  /** data-state attribute value and CSS hook. */
  tone: 'ok' | 'warn' | 'alert';
}

export const MASK_STYLE: Record<MaskState, MaskStyle> = {
  wear: { color: '#1f9d55', icon: '✓', tone: 'ok' },
  incorrect: { color: '#d98b00', icon: '!', tone: 'warn' },
  not_wear: { color: '#d64545', icon: '✕', tone: 'alert' },
};

export const maskKey = (m: MaskState): MessageKey => `mask_${m}`;
export const genderKey = (g: Gender): MessageKey => `gender_${g}`;
export const ageKey = (a: AgeGroup): MessageKey => `age_${a}`;

export function percent(confidence: number): number {
  return Math.round(Math.max(0, Math.min(1, confidence)) * 100);
}

/** The parts of a face's label, translated. */
export function faceLabelParts(face: FaceView, lang: Lang) {
  return {
    mask: translate(lang, maskKey(face.mask)),
    gender: translate(lang, genderKey(face.gender)),
    age: translate(lang, ageKey(face.age)),
    agreement: translate(lang, 'agreement', { votes: face.agreement, total: face.total }),
    agreementShort: `${face.agreement}/${face.total}`,
    confidence: translate(lang, 'confidence', { percent: percent(face.confidence) }),
  };
}

/** One sentence per face for screen readers. */
export function faceSentence(face: FaceView, n: number, lang: Lang): string {
  const p = faceLabelParts(face, lang);
  return translate(lang, 'faceLabel', { n, ...p });
}

/** The worst mask state in view decides the kiosk sign; `null` when nobody is there. */
export function worstMaskState(faces: readonly Pick<FaceView, 'mask'>[]): MaskState | null {
  if (faces.length === 0) return null;
  if (faces.some((f) => f.mask === 'not_wear')) return 'not_wear';
  if (faces.some((f) => f.mask === 'incorrect')) return 'incorrect';
  return 'wear';
}
