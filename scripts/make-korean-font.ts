/**
 * Writes src/app/fonts/noto-sans-kr.css: @font-face rules for the subsets of
 * @fontsource/noto-sans-kr that the app's Korean text uses (see
 * scripts/fonts/koreanFont.ts), so a machine without Korean fonts (a minimal
 * Linux kiosk) shows real glyphs, not boxes. Vite copies only the woff2 files
 * these rules name into the build; the service worker precaches them. Run it
 * again after adding Korean text (tests/unit/app/koreanFont.test.ts fails
 * until then):
 *   npx tsx scripts/make-korean-font.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FONT_CSS, FONT_PKG, buildKoreanFont } from './fonts/koreanFont';

const font = buildKoreanFont();
if (font.missing.length > 0) {
  console.error(`no subset holds: ${font.missing.map((cp) => String.fromCodePoint(cp)).join('')}`);
  process.exit(1);
}
writeFileSync(FONT_CSS, font.css);
const bytes = font.picked.reduce((s, b) => s + readFileSync(resolve(FONT_PKG, 'files', b.file)).length, 0);
console.log(`wrote ${FONT_CSS}: ${font.picked.length} woff2 files, ${(bytes / 1024).toFixed(0)} KB`);
