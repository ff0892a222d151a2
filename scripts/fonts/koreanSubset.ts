/**
 * Which of @fontsource/noto-sans-kr's unicode-range subsets the app's Korean
 * text needs, and the @font-face CSS for them (woff2 only). Pure: the caller
 * reads the package's CSS and the texts; scripts/make-korean-font.ts writes
 * the result to src/app/fonts/noto-sans-kr.css.
 */
export interface FontFaceBlock {
  /** Subset number as fontsource names it ("[12]"). */
  subset: string;
  weight: number;
  /** woff2 file name inside the package's files/ folder. */
  file: string;
  /** The block's unicode-range, as written. */
  unicodeRange: string;
  ranges: [number, number][];
}

/** `U+ac00-d7a3,U+3131` as inclusive code point ranges. */
export function parseUnicodeRange(text: string): [number, number][] {
  return text.split(',').map((part) => {
    const [a, b] = part.trim().replace(/^U\+/i, '').split('-');
    const lo = parseInt(a, 16);
    return [lo, b === undefined ? lo : parseInt(b, 16)];
  });
}

/** The numbered (CJK) @font-face blocks of a fontsource weight CSS file; latin and the like are left out. */
export function parseFontsourceCss(css: string): FontFaceBlock[] {
  const out: FontFaceBlock[] = [];
  const re = /\/\* noto-sans-kr-\[(\d+)\]-(\d+)-normal \*\/\s*@font-face\s*\{([^}]*)\}/g;
  for (const m of css.matchAll(re)) {
    const body = m[3];
    const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(body)?.[1];
    const unicodeRange = /unicode-range:\s*([^;]+);/.exec(body)?.[1].trim();
    if (!file || !unicodeRange) continue;
    out.push({ subset: m[1], weight: Number(m[2]), file, unicodeRange, ranges: parseUnicodeRange(unicodeRange) });
  }
  return out;
}

export const covers = (ranges: readonly [number, number][], cp: number) => ranges.some(([a, b]) => cp >= a && cp <= b);

/**
 * Whether the Korean font draws this code point: Hangul jamo and syllables,
 * CJK symbols and full-width forms. Latin, punctuation and arrows stay with
 * the system's font, so a line does not mix two designs for "<30" or "…".
 */
export const needsKoreanFont = (cp: number): boolean => cp >= 0x1100 && !(cp >= 0x2000 && cp <= 0x2bff);

/** Code points that need a Korean font, sorted. */
export function koreanCodePoints(texts: readonly string[]): number[] {
  const set = new Set<number>();
  for (const text of texts) for (const ch of text) if (needsKoreanFont(ch.codePointAt(0)!)) set.add(ch.codePointAt(0)!);
  return [...set].sort((a, b) => a - b);
}

/** A unicode-range cut down to the code points the Korean font should draw (see needsKoreanFont). */
export function koreanOnlyRange(ranges: readonly [number, number][]): string {
  const kept: [number, number][] = [];
  for (const [a, b] of ranges) {
    for (const [lo, hi] of [
      [Math.max(a, 0x1100), Math.min(b, 0x1fff)],
      [Math.max(a, 0x2c00), b],
    ]) {
      if (lo <= hi) kept.push([lo, hi]);
    }
  }
  const hex = (n: number) => n.toString(16);
  return kept.map(([lo, hi]) => (lo === hi ? `U+${hex(lo)}` : `U+${hex(lo)}-${hex(hi)}`)).join(',');
}

/** The blocks that hold at least one of `codePoints`, and the code points no block holds. */
export function pickSubsets(
  blocks: readonly FontFaceBlock[],
  codePoints: readonly number[],
): { picked: FontFaceBlock[]; missing: number[] } {
  const picked = blocks.filter((b) => codePoints.some((cp) => covers(b.ranges, cp)));
  const missing = codePoints.filter((cp) => !blocks.some((b) => covers(b.ranges, cp)));
  return { picked, missing };
}

/** @font-face rules for the picked blocks, loading the package's woff2 files through `urlPrefix`. */
export function fontFaceCss(blocks: readonly FontFaceBlock[], urlPrefix: string, header: string): string {
  const rules = blocks.map(
    (b) => `/* noto-sans-kr-[${b.subset}]-${b.weight} */
@font-face {
  font-family: 'Noto Sans KR';
  font-style: normal;
  font-display: swap;
  font-weight: ${b.weight};
  src: url('${urlPrefix}${b.file}') format('woff2');
  unicode-range: ${koreanOnlyRange(b.ranges)};
}
`,
  );
  return `${header}\n${rules.join('\n')}`;
}
