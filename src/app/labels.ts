/**
 * Plain, serialisable face results for the store and the UI, and how each
 * mask state is shown. Colour is never the only cue: every state also has an
 * icon and words. An answer the ensemble is not sure of (core/unsure.ts) has
 * its own colour, symbol and words, and keeps its best guess for the details.
 */
import {
  AGE_GROUPS,
  GENDERS,
  HEADS,
  MASK_STATES,
  type AgeGroup,
  type Gender,
  type Head,
  type MaskState,
} from '../core/classes';
import type { Box } from '../core/geometry';
import type { Lang, MessageKey } from './i18n';
import { translate } from './i18n';

/** One head's answer for a face, as the UI shows it. */
export interface HeadView {
  /** Members that gave this head's label, out of `FaceView.total`. */
  votes: number;
  /** Mean probability the members gave the label, 0..1. */
  confidence: number;
  /** The ensemble's "not sure" rule holds: the label is only a best guess. */
  unsure: boolean;
}

export interface FaceView {
  /** Stable across frames when a tracker assigns it; else the index in the frame. */
  id: number;
  /** Image pixels of the analysed frame or photo. */
  box: Box;
  /** The voted labels (for an unsure head: the best guess). */
  mask: MaskState;
  gender: Gender;
  age: AgeGroup;
  heads: Record<Head, HeadView>;
  /** Members that voted. */
  total: number;
}

/** What the ensemble returns per face, reduced to the fields the UI reads. */
export interface FaceResultLike {
  detection: { box: Box };
  heads: Record<Head, { label: number; votes: number; confidence: number }>;
  total: number;
  unsure: Record<Head, boolean>;
}

export function headViews(r: Pick<FaceResultLike, 'heads' | 'unsure'>): Record<Head, HeadView> {
  const out = {} as Record<Head, HeadView>;
  for (const h of HEADS) out[h] = { votes: r.heads[h].votes, confidence: r.heads[h].confidence, unsure: r.unsure[h] };
  return out;
}

export function toFaceView(r: FaceResultLike, id: number): FaceView {
  const { x, y, w, h } = r.detection.box;
  return {
    id,
    box: { x, y, w, h },
    mask: MASK_STATES[r.heads.mask.label],
    gender: GENDERS[r.heads.gender.label],
    age: AGE_GROUPS[r.heads.age.label],
    heads: headViews(r),
    total: r.total,
  };
}

export type Tone = 'ok' | 'warn' | 'alert' | 'unsure';

export interface MaskStyle {
  /** CSS colour of the box and badge. */
  color: string;
  /** A symbol, so the state reads without colour. */
  icon: string;
  /** CSS hook. */
  tone: Tone;
}

export const MASK_STYLE: Record<MaskState, MaskStyle> = {
  wear: { color: '#1f9d55', icon: '✓', tone: 'ok' },
  incorrect: { color: '#d98b00', icon: '!', tone: 'warn' },
  not_wear: { color: '#d64545', icon: '✕', tone: 'alert' },
};

/** A mask answer the ensemble is not sure of: neither green nor a warning. */
export const UNSURE_STYLE: MaskStyle = { color: '#7458c9', icon: '?', tone: 'unsure' };

/** How a face's box and label are drawn: its mask state, or "not sure". */
export function faceStyle(face: Pick<FaceView, 'mask' | 'heads'>): MaskStyle {
  return face.heads.mask.unsure ? UNSURE_STYLE : MASK_STYLE[face.mask];
}

export const maskKey = (m: MaskState): MessageKey => `mask_${m}`;
export const genderKey = (g: Gender): MessageKey => `gender_${g}`;
export const ageKey = (a: AgeGroup): MessageKey => `age_${a}`;

export function percent(confidence: number): number {
  return Math.round(Math.max(0, Math.min(1, confidence)) * 100);
}

export interface HeadText {
  /** What the label and the table show: the answer, or "not sure" words. */
  text: string;
  /** The voted label in words, sure or not. */
  guess: string;
  /** e.g. "4/5": members that gave this label, of all members. */
  votes: string;
  /** e.g. "87%". */
  confidence: string;
  /** What the numbers mean, for a tooltip and screen readers. */
  help: string;
  unsure: boolean;
}

function headText(face: FaceView, head: Head, lang: Lang): HeadText {
  const guess =
    head === 'mask'
      ? translate(lang, maskKey(face.mask))
      : head === 'gender'
        ? translate(lang, genderKey(face.gender))
        : translate(lang, ageKey(face.age));
  const v = face.heads[head];
  const pct = percent(v.confidence);
  const unsure = v.unsure;
  const text = !unsure
    ? guess
    : head === 'mask'
      ? translate(lang, 'notSure')
      : translate(lang, 'notSureOf', { label: guess });
  const help = translate(lang, unsure ? 'votesHelpUnsure' : 'votesHelp', {
    votes: v.votes,
    total: face.total,
    label: guess,
    percent: pct,
  });
  return { text, guess, votes: `${v.votes}/${face.total}`, confidence: `${pct}%`, help, unsure };
}

/** The parts of a face's label, translated, per head. */
export function faceLabelParts(face: FaceView, lang: Lang): Record<Head, HeadText> {
  return {
    mask: headText(face, 'mask', lang),
    gender: headText(face, 'gender', lang),
    age: headText(face, 'age', lang),
  };
}

/** One sentence per face for screen readers and the label's tooltip. */
export function faceSentence(face: FaceView, n: number, lang: Lang): string {
  const p = faceLabelParts(face, lang);
  return translate(lang, 'faceLabel', {
    n,
    mask: p.mask.text,
    gender: p.gender.text,
    age: p.age.text,
    votes: p.mask.help,
  });
}

/**
 * What the kiosk sign says about the faces in view: the worst sure mask state;
 * 'checking' when someone's mask answer is not sure and nobody is sure to be
 * without one (the sign never thanks or warns on a guess); `null` when nobody
 * is there.
 */
export function kioskVerdict(faces: readonly Pick<FaceView, 'mask' | 'heads'>[]): MaskState | 'checking' | null {
  if (faces.length === 0) return null;
  const sure = faces.filter((f) => !f.heads.mask.unsure);
  if (sure.some((f) => f.mask === 'not_wear')) return 'not_wear';
  if (sure.some((f) => f.mask === 'incorrect')) return 'incorrect';
  return sure.length < faces.length ? 'checking' : 'wear';
}
