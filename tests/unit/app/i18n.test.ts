import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_PARAMS, type AppErrorData } from '../../../src/core/appError';
import { LANGS, MESSAGES, detectLang, errorKey, errorText, isLang, translate } from '../../../src/app/i18n';

describe('i18n', () => {
  it('has every message in every language, none empty', () => {
    const keys = Object.keys(MESSAGES.en).sort();
    for (const lang of LANGS) {
      expect(Object.keys(MESSAGES[lang]).sort()).toEqual(keys);
      for (const k of keys) expect(MESSAGES[lang][k as keyof typeof MESSAGES.en].trim()).not.toBe('');
    }
  });

  it('uses the same placeholders in every language', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(MESSAGES.en)) {
      expect(names(MESSAGES.ko[key as keyof typeof MESSAGES.en]), key).toEqual(names(text));
    }
  });

  it.each([
    [
      'en',
      'votesHelp',
      { votes: 4, total: 5, label: 'Mask on', percent: 87 },
      '4 of 5 models say “Mask on”; on average they give it 87%.',
    ],
    [
      'ko',
      'votesHelp',
      { votes: 4, total: 5, label: '마스크 착용', percent: 87 },
      '모델 5개 중 4개가 “마스크 착용”(이)라고 답했고, 평균 확신도는 87%입니다.',
    ],
    ['en', 'secondsPerFrame', { seconds: '2.5' }, '2.5 s per frame'],
    ['en', 'fps', { fps: '2.5' }, '2.5 FPS'],
    ['en', 'fps', {}, '{fps} FPS'],
    ['en', 'photoFaces', { count: 1 }, '1 face'],
    ['en', 'photoFaces', { count: 2 }, '2 faces'],
    ['en', 'photoFaces', { count: 0 }, '0 faces'],
    ['ko', 'photoFaces', { count: 1 }, '얼굴 1개'],
  ] as const)('translate(%s, %s)', (lang, key, params, expected) => {
    expect(translate(lang, key, params)).toBe(expected);
  });

  it.each([
    [['ko-KR', 'en-US'], 'ko'],
    [['en-GB'], 'en'],
    [['fr-FR', 'ko'], 'ko'],
    [['de'], 'en'],
    [[], 'en'],
  ])('detectLang(%j) = %s', (prefs, expected) => {
    expect(detectLang(prefs)).toBe(expected);
  });

  it('recognises only supported languages', () => {
    expect(isLang('ko')).toBe(true);
    expect(isLang('jp')).toBe(false);
    expect(isLang(undefined)).toBe(false);
  });

  it.each(LANGS)('words every error code in %s, mentioning each of its parameters', (lang) => {
    for (const code of ERROR_CODES) {
      const text = MESSAGES[lang][errorKey(code)];
      expect(text?.trim(), code).toBeTruthy();
      for (const param of ERROR_PARAMS[code]) expect(text, `${code} {${param}}`).toContain(`{${param}}`);
    }
  });

  it('has no error message left that no code uses', () => {
    const used = new Set(ERROR_CODES.map(errorKey));
    const unused = Object.keys(MESSAGES.en).filter((k) => k.startsWith('error_') && !used.has(k as never));
    expect(unused).toEqual([]);
  });

  it('fills in the file name, shortens hashes and words a cause in the same language', () => {
    const corrupt: AppErrorData = {
      code: 'model-corrupt',
      params: { file: 'heads/mobileface.bin', expected: 'a'.repeat(64), actual: 'b'.repeat(64) },
    };
    expect(errorText('en', corrupt)).toBe(
      'heads/mobileface.bin is damaged or altered: sha256 bbbbbbbbbbbb… instead of aaaaaaaaaaaa…',
    );
    const ko = errorText('ko', corrupt);
    expect(ko).toContain('heads/mobileface.bin');
    expect(ko).toMatch(/[가-힣]/);
    expect(ko).not.toContain('a'.repeat(13));
    const failed: AppErrorData = {
      code: 'photo-check-failed',
      params: { file: 'group.jpg', cause: { code: 'engine-not-ready', params: {} } },
    };
    expect(errorText('en', failed)).toBe('The check of group.jpg failed: the models are not loaded yet');
    expect(errorText('ko', failed)).toBe('group.jpg 확인에 실패했습니다: 모델을 아직 불러오지 않았습니다');
    expect(errorText('ko', { code: 'photo-empty', params: { file: 'empty.jpg' } })).toBe(
      'empty.jpg 파일이 비어 있습니다(0바이트).',
    );
  });
});
