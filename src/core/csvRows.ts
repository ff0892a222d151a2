/**
 * Reads a CSV with a header row into rows that keep their own parse errors and
 * the real 1-based line each starts on: blank lines (whitespace or commas only)
 * are skipped, and quoted line breaks make "row index + 2" wrong, so the line
 * is counted from where the parser stopped.
 */
import Papa from 'papaparse';

export interface CsvRow {
  data: Record<string, string>;
  /** Papaparse's messages for this row (wrong field count, broken quotes); empty when it parsed cleanly. */
  errors: string[];
  /** 1-based line the row starts on. */
  line: number;
}

export function readCsvRows(text: string): { fields: string[]; rows: CsvRow[] } {
  const parsed: { data: Record<string, string>; errors: string[]; end: number }[] = [];
  let fields: string[] = [];
  Papa.parse<Record<string, string>>(text, {
    header: true,
    delimiter: ',',
    skipEmptyLines: 'greedy',
    step: (r) => {
      fields = r.meta.fields ?? fields;
      parsed.push({ data: r.data, errors: r.errors.map((e) => e.message), end: r.meta.cursor });
    },
  });
  if (parsed.length === 0) fields = Papa.parse<string[]>(text, { delimiter: ',', preview: 1 }).data[0] ?? [];
  const lines = lineCounter(text);
  let start = endOfFirstLine(text);
  const rows = parsed.map(({ data, errors, end }) => {
    const line = lines(start + blankPrefix(text, start));
    start = end;
    return { data, errors, line };
  });
  return { fields, rows };
}

/** Offset just past the first line break (the header line), or the text length. */
function endOfFirstLine(text: string): number {
  const m = /\r\n|\n|\r/.exec(text);
  return m ? m.index + m[0].length : text.length;
}

/** Length of the blank (whitespace or commas only) lines at `from`, which the parser skipped. */
function blankPrefix(text: string, from: number): number {
  const m = /^(?:[ \t,]*(?:\r\n|\n|\r))*/.exec(text.slice(from, from + 4096));
  return m ? m[0].length : 0;
}

/** 1-based line number of a character offset; offsets must not decrease between calls. */
function lineCounter(text: string): (offset: number) => number {
  let line = 1;
  let at = 0;
  return (offset) => {
    for (; at < offset && at < text.length; at++) {
      const c = text[at];
      if (c === '\n' || (c === '\r' && text[at + 1] !== '\n')) line++;
    }
    return line;
  };
}
