/**
 * The Korean font CSS the app ships (src/app/fonts/noto-sans-kr.css), built
 * from @fontsource/noto-sans-kr (SIL OFL 1.1) and the app's Korean text:
 * the subsets those characters fall in, weights 400 and 700.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fontFaceCss, koreanCodePoints, parseFontsourceCss, pickSubsets, type FontFaceBlock } from './koreanSubset';
import { koreanTexts } from './koreanTexts';

const ROOT = resolve(import.meta.dirname, '../..');
export const FONT_PKG = resolve(ROOT, 'node_modules/@fontsource/noto-sans-kr');
export const FONT_CSS = resolve(ROOT, 'src/app/fonts/noto-sans-kr.css');
/** Body text and bold (labels, headings; the kiosk sign's 800 uses 700). */
export const WEIGHTS = [400, 700] as const;

export interface KoreanFont {
  css: string;
  picked: FontFaceBlock[];
  codePoints: number[];
  /** Characters no subset holds (the build script refuses to write then). */
  missing: number[];
}

export function buildKoreanFont(): KoreanFont {
  const codePoints = koreanCodePoints(koreanTexts());
  const blocks = WEIGHTS.flatMap((w) => parseFontsourceCss(readFileSync(resolve(FONT_PKG, `${w}.css`), 'utf8')));
  const { picked, missing } = pickSubsets(blocks, codePoints);
  const { version } = JSON.parse(readFileSync(resolve(FONT_PKG, 'package.json'), 'utf8')) as { version: string };
  const header = `/* Written by scripts/make-korean-font.ts from @fontsource/noto-sans-kr ${version} (SIL OFL 1.1): the
   ${picked.length / WEIGHTS.length} of its subsets that the app's ${codePoints.length} Korean characters need, weights ${WEIGHTS.join(' and ')}. */`;
  return { css: fontFaceCss(picked, '@fontsource/noto-sans-kr/files/', header), picked, codePoints, missing };
}
