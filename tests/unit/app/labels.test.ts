import { describe, expect, it } from 'vitest';
import {
  MASK_STYLE,
  faceLabelParts,
  faceSentence,
  percent,
  toFaceView,
  worstMaskState,
  type FaceResultLike,
} from '../../../src/app/labels';
import { MASK_STATES } from '../../../src/core/classes';

const result = (mask: number, gender: number, age: number): FaceResultLike => ({
  detection: { box: { x: 10, y: 20, w: 30, h: 40 } },
  heads: { mask: { label: mask }, gender: { label: gender }, age: { label: age } },
  agreement: 4,
  total: 5,
  confidence: 0.874,
});

describe('labels', () => {
  it('turns head indices into named labels and copies the box', () => {
    const r = result(1, 1, 2);
    const v = toFaceView(r, 7);
    expect(v).toEqual({
      id: 7,
      box: { x: 10, y: 20, w: 30, h: 40 },
      mask: 'incorrect',
      gender: 'female',
      age: '>=60',
      agreement: 4,
      total: 5,
      confidence: 0.874,
    });
    expect(v.box).not.toBe(r.detection.box);
  });

  it('gives each mask state a distinct icon and colour, not colour alone', () => {
    const icons = MASK_STATES.map((m) => MASK_STYLE[m].icon);
    const colors = MASK_STATES.map((m) => MASK_STYLE[m].color);
    expect(new Set(icons).size).toBe(3);
    expect(new Set(colors).size).toBe(3);
  });

  it('words a face in English and Korean', () => {
    const v = toFaceView(result(2, 0, 0), 0);
    expect(faceSentence(v, 1, 'en')).toBe('Face 1: No mask, Male, Under 30, 4/5 models agree, 87% sure');
    expect(faceSentence(v, 2, 'ko')).toBe('얼굴 2: 마스크 미착용, 남성, 30세 미만, 모델 5개 중 4개 일치, 확신도 87%');
    expect(faceLabelParts(v, 'en').agreementShort).toBe('4/5');
  });

  it('clamps percentages', () => {
    expect(percent(1.2)).toBe(100);
    expect(percent(-0.1)).toBe(0);
    expect(percent(0.505)).toBe(51);
  });

  it.each([
    [[], null],
    [['wear', 'wear'], 'wear'],
    [['wear', 'incorrect'], 'incorrect'],
    [['incorrect', 'not_wear', 'wear'], 'not_wear'],
  ] as const)('worst of %j is %s', (masks, expected) => {
    expect(worstMaskState(masks.map((mask) => ({ mask })))).toBe(expected);
  });
});
