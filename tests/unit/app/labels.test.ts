import { describe, expect, it } from 'vitest';
import {
  MASK_STYLE,
  UNSURE_STYLE,
  faceLabelParts,
  faceSentence,
  faceStyle,
  kioskVerdict,
  percent,
  toFaceView,
  type FaceResultLike,
  type FaceView,
} from '../../../src/app/labels';
import { MASK_STATES } from '../../../src/core/classes';

const result = (mask: number, gender: number, age: number, unsureMask = false): FaceResultLike => ({
  detection: { box: { x: 10, y: 20, w: 30, h: 40 } },
  heads: {
    mask: { label: mask, votes: 4, confidence: 0.874 },
    gender: { label: gender, votes: 5, confidence: 0.95 },
    age: { label: age, votes: 3, confidence: 0.5 },
  },
  total: 5,
  unsure: { mask: unsureMask, gender: false, age: false },
});

describe('labels', () => {
  it('turns head indices into named labels, keeps each head’s votes and copies the box', () => {
    const r = result(1, 1, 2);
    const v = toFaceView(r, 7);
    expect(v).toEqual({
      id: 7,
      box: { x: 10, y: 20, w: 30, h: 40 },
      mask: 'incorrect',
      gender: 'female',
      age: '>=60',
      heads: {
        mask: { votes: 4, confidence: 0.874, unsure: false },
        gender: { votes: 5, confidence: 0.95, unsure: false },
        age: { votes: 3, confidence: 0.5, unsure: false },
      },
      total: 5,
    });
    expect(v.box).not.toBe(r.detection.box);
  });

  it('gives each mask state and "not sure" a distinct icon and colour, not colour alone', () => {
    const styles = [...MASK_STATES.map((m) => MASK_STYLE[m]), UNSURE_STYLE];
    expect(new Set(styles.map((s) => s.icon)).size).toBe(4);
    expect(new Set(styles.map((s) => s.color)).size).toBe(4);
    expect(faceStyle(toFaceView(result(0, 0, 0, true), 0))).toBe(UNSURE_STYLE);
    expect(faceStyle(toFaceView(result(0, 0, 0), 0))).toBe(MASK_STYLE.wear);
  });

  it('words a face in English and Korean, with the mask head’s own agreement', () => {
    const v = toFaceView(result(2, 0, 0), 0);
    expect(faceSentence(v, 1, 'en')).toBe(
      'Face 1: No mask, Male, Under 30. 4 of 5 models say “No mask”; on average they give it 87%.',
    );
    expect(faceSentence(v, 2, 'ko')).toBe(
      '얼굴 2: 마스크 미착용, 남성, 30세 미만. 모델 5개 중 4개가 “마스크 미착용”(이)라고 답했고, 평균 확신도는 87%입니다.',
    );
    const p = faceLabelParts(v, 'en');
    expect([p.mask.votes, p.mask.confidence, p.gender.votes, p.age.votes]).toEqual(['4/5', '87%', '5/5', '3/5']);
  });

  it('says "not sure" in words and keeps the best guess', () => {
    const v: FaceView = toFaceView(result(0, 1, 0, true), 0);
    v.heads.age.unsure = true;
    const p = faceLabelParts(v, 'en');
    expect(p.mask).toMatchObject({ text: 'Not sure', guess: 'Mask on', unsure: true });
    expect(p.mask.help).toBe(
      'Not sure: only 4 of 5 models say “Mask on” (the best guess), and on average they give it 87%.',
    );
    expect(p.age.text).toBe('Under 30?');
    expect(p.gender).toMatchObject({ text: 'Female', unsure: false });
    expect(faceLabelParts(v, 'ko').mask.text).toBe('확실하지 않음');
  });

  it('clamps percentages', () => {
    expect(percent(1.2)).toBe(100);
    expect(percent(-0.1)).toBe(0);
    expect(percent(0.505)).toBe(51);
  });

  const faces = (...specs: string[]) =>
    specs.map((s) => {
      const unsure = s.endsWith('?');
      const mask = s.replace('?', '') as FaceView['mask'];
      return { mask, heads: { mask: { votes: 1, confidence: 0.3, unsure } } } as FaceView;
    });

  it.each([
    [[], null],
    [['wear', 'wear'], 'wear'],
    [['wear', 'incorrect'], 'incorrect'],
    [['incorrect', 'not_wear', 'wear'], 'not_wear'],
    // Never thanks or warns on a guess.
    [['wear?'], 'checking'],
    [['not_wear?'], 'checking'],
    [['wear', 'not_wear?'], 'checking'],
    [['incorrect', 'wear?'], 'incorrect'],
    [['not_wear', 'wear?'], 'not_wear'],
  ] as const)('kiosk verdict for %j is %s', (specs, expected) => {
    expect(kioskVerdict(faces(...specs))).toBe(expected);
  });
});
