import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvField, csvRow, toCsv, type CsvValue } from '../../src/core/csv';

describe('csvField', () => {
  it.each<[CsvValue, string]>([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rlf', '"cr\rlf"'],
    ['crlf\r\nend', '"crlf\r\nend"'],
    [' padded', '" padded"'],
    ['padded\t', '"padded\t"'],
    ['mid space', 'mid space'],
    ['마스크', '마스크'],
    ['', ''],
    [0, '0'],
    [-1.5, '-1.5'],
    [1e21, '1e+21'],
    [Number.NaN, ''],
    [Infinity, ''],
    [true, 'true'],
    [null, ''],
    [undefined, ''],
  ])('%j -> %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-x', "'-x"],
    ['@cmd', "'@cmd"],
    ['=1,2', `"'=1,2"`],
    ['a=b', 'a=b'],
  ])('escapeFormulas: %j -> %j', (value, expected) => {
    expect(csvField(value, { escapeFormulas: true })).toBe(expected);
    expect(csvField(value)).toBe(value.includes(',') ? `"${value}"` : value);
  });

  it('escapeFormulas leaves numbers alone', () => {
    expect(csvField(-3, { escapeFormulas: true })).toBe('-3');
  });
});

describe('csvRow and toCsv', () => {
  it('joins fields with commas', () => {
    expect(csvRow(['a', 1, null, 'b,c'])).toBe('a,1,,"b,c"');
    expect(csvRow([])).toBe('');
  });

  it('writes a single empty field as "" so the record is not a blank line', () => {
    expect(csvRow([''])).toBe('""');
    expect(csvRow([null])).toBe('""');
    expect(csvRow(['', ''])).toBe(',');
  });

  it('ends every record with CRLF', () => {
    expect(
      toCsv([
        ['file', 'faces'],
        ['a, b.jpg', 2],
      ]),
    ).toBe('file,faces\r\n"a, b.jpg",2\r\n');
    expect(toCsv([])).toBe('');
  });

  it('newline and bom options', () => {
    expect(toCsv([['x'], [1]], { newline: '\n' })).toBe('x\n1\n');
    expect(toCsv([['x']], { bom: true })).toBe('\ufeffx\r\n');
  });

  it('reads back field for field with an independent parser', () => {
    const rows = [
      ['file', 'note', 'n'],
      ['a,b.jpg', 'he said "no"', '1'],
      ['multi\nline', ' lead', '-2'],
      ['', '"', '0'],
      ['사진.jpg', 'crlf\r\ninside', ''],
    ];
    const parsed = Papa.parse<string[]>(toCsv(rows), { newline: '\r\n', skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toEqual(rows);
  });
});
