import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FONT_CSS, buildKoreanFont } from '../../../scripts/fonts/koreanFont';
import {
  fontFaceCss,
  koreanCodePoints,
  koreanOnlyRange,
  parseFontsourceCss,
  parseUnicodeRange,
  pickSubsets,
} from '../../../scripts/fonts/koreanSubset';

const SAMPLE = `/* noto-sans-kr-[3]-400-normal */
@font-face {
  font-family: 'Noto Sans KR';
  font-weight: 400;
  src: url(./files/noto-sans-kr-3-400-normal.woff2) format('woff2'), url(./files/noto-sans-kr-3-400-normal.woff) format('woff');
  unicode-range: U+3c-3d,U+2026,U+ac00-ac10,U+b9c8;
}

/* noto-sans-kr-[4]-400-normal */
@font-face {
  font-family: 'Noto Sans KR';
  font-weight: 400;
  src: url(./files/noto-sans-kr-4-400-normal.woff2) format('woff2');
  unicode-range: U+c2a4;
}

/* noto-sans-kr-latin-400-normal */
@font-face {
  font-family: 'Noto Sans KR';
  src: url(./files/noto-sans-kr-latin-400-normal.woff2) format('woff2');
  unicode-range: U+0000-00FF;
}`;

describe('Korean font subset', () => {
  it('reads fontsource’s numbered blocks and leaves latin out', () => {
    const blocks = parseFontsourceCss(SAMPLE);
    expect(blocks.map((b) => [b.subset, b.weight, b.file])).toEqual([
      ['3', 400, 'noto-sans-kr-3-400-normal.woff2'],
      ['4', 400, 'noto-sans-kr-4-400-normal.woff2'],
    ]);
    expect(parseUnicodeRange('U+3c-3d,U+b9c8')).toEqual([
      [0x3c, 0x3d],
      [0xb9c8, 0xb9c8],
    ]);
  });

  it('picks the blocks that hold the text’s Korean characters, and names what none holds', () => {
    const blocks = parseFontsourceCss(SAMPLE);
    const cps = koreanCodePoints(['마 <30 …', '가', '힣']);
    expect(cps.map((c) => String.fromCodePoint(c))).toEqual(['가', '마', '힣']);
    const { picked, missing } = pickSubsets(blocks, cps);
    expect(picked.map((b) => b.subset)).toEqual(['3']);
    expect(missing).toEqual([0xd7a3]);
  });

  it('draws Korean only: Latin and punctuation in a block stay with the system font', () => {
    expect(koreanOnlyRange(parseUnicodeRange('U+3c-3d,U+2026,U+ac00-ac10,U+1000-1200,U+1f00-2c10'))).toBe(
      'U+ac00-ac10,U+1100-1200,U+1f00-1fff,U+2c00-2c10',
    );
    const css = fontFaceCss(parseFontsourceCss(SAMPLE).slice(0, 1), 'pkg/', '/* x */');
    expect(css).toContain("src: url('pkg/noto-sans-kr-3-400-normal.woff2') format('woff2');");
    expect(css).toContain('unicode-range: U+ac00-ac10,U+b9c8;');
  });

  it('the committed CSS is what the script writes now: every Korean character of the app is covered', () => {
    const font = buildKoreanFont();
    expect(font.missing).toEqual([]);
    expect(font.codePoints.length).toBeGreaterThan(100);
    // Stale after new Korean text: run `npx tsx scripts/make-korean-font.ts`.
    expect(readFileSync(FONT_CSS, 'utf8')).toBe(font.css);
  });
});
