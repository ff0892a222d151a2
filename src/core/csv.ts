/**
 * RFC 4180 CSV writing, for every file the app exports (photo results, kiosk
 * counts). Pure: the caller turns the text into a Blob or a file.
 *
 * - Fields holding a comma, a double quote, a line break (CR or LF) or
 *   leading/trailing spaces are wrapped in double quotes; quotes inside are
 *   doubled.
 * - Every record, the last included, ends with CRLF (`newline` changes that).
 * - `null`, `undefined` and non-finite numbers are written as empty fields.
 *
 * @example
 * toCsv([['file', 'faces'], ['a, b.jpg', 2]]) // 'file,faces\r\n"a, b.jpg",2\r\n'
 */

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvOptions {
  /** Record separator. Default '\r\n' (RFC 4180). */
  newline?: '\r\n' | '\n';
  /**
   * Prefix text that starts with `=`, `+`, `-`, `@`, tab or CR with a `'`, so a
   * spreadsheet shows it instead of running it as a formula (for text that
   * came from users, such as file names). Numbers are never changed. Default false.
   */
  escapeFormulas?: boolean;
  /** Start the text with a UTF-8 byte order mark, so Excel reads non-ASCII text right. Default false. */
  bom?: boolean;
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field, quoted when it has to be. */
export function csvField(value: CsvValue, options: Pick<CsvOptions, 'escapeFormulas'> = {}): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (options.escapeFormulas && typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, without its line ending. A record of one empty field is written `""`, not a blank line. */
export function csvRow(values: readonly CsvValue[], options: Pick<CsvOptions, 'escapeFormulas'> = {}): string {
  const line = values.map((v) => csvField(v, options)).join(',');
  return line === '' && values.length === 1 ? '""' : line;
}

/** A whole file: one record per row (put the header row first), each ending with `newline`. */
export function toCsv(rows: readonly (readonly CsvValue[])[], options: CsvOptions = {}): string {
  const newline = options.newline ?? '\r\n';
  const body = rows.map((r) => csvRow(r, options) + newline).join('');
  return options.bom ? `\ufeff${body}` : body;
}
