/**
 * Sections of a generated Markdown file that another command owns, kept
 * between `<!-- name:start -->` and `<!-- name:end -->` markers. The soak run
 * writes its section of docs/BENCHMARKS.md this way, and the bench, which
 * rewrites the rest of that file, carries the section over.
 */

export function sectionMarkers(name: string): { start: string; end: string } {
  return { start: `<!-- ${name}:start -->`, end: `<!-- ${name}:end -->` };
}

/** The section with its markers, or null when the text has none (or only half). */
export function extractSection(text: string, name: string): string | null {
  const { start, end } = sectionMarkers(name);
  const a = text.indexOf(start);
  const b = text.indexOf(end, a + start.length);
  if (a < 0 || b < 0) return null;
  return text.slice(a, b + end.length);
}

/** `text` with the named section's content set to `body`; appended at the end when it has no such section. */
export function replaceSection(text: string, name: string, body: string): string {
  const { start, end } = sectionMarkers(name);
  const block = `${start}\n\n${body.trim()}\n\n${end}`;
  const old = extractSection(text, name);
  if (old !== null) return text.replace(old, () => block);
  return `${text.trimEnd()}\n\n${block}\n`;
}

/** Every marked section of `oldText` that `newText` lacks, appended to `newText`. */
export function keepSections(newText: string, oldText: string): string {
  let out = newText;
  for (const m of oldText.matchAll(/<!-- ([\w-]+):start -->/g)) {
    const name = m[1];
    const section = extractSection(oldText, name);
    if (section !== null && extractSection(out, name) === null) out = `${out.trimEnd()}\n\n${section}\n`;
  }
  return out;
}
