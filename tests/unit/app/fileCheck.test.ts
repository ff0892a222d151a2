import { describe, expect, it } from 'vitest';
import {
  MAX_FILE_BYTES,
  MAX_PIXELS,
  checkFileBytes,
  checkPixels,
  fitScale,
  looksTruncated,
  sniffImage,
} from '../../../src/app/fileCheck';

const bytes = (...v: number[]) => new Uint8Array(v);
const ascii = (s: string) => new Uint8Array([...s].map((c) => c.charCodeAt(0)));
const JPEG_HEAD = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16);
const JPEG_TAIL = bytes(1, 2, 3, 0xff, 0xd9);
const PNG_HEAD = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const PNG_TAIL = new Uint8Array([0, 0, 0, 0, ...ascii('IEND'), 0xae, 0x42, 0x60, 0x82]);

describe('sniffImage', () => {
  it.each([
    ['jpeg', JPEG_HEAD],
    ['png', PNG_HEAD],
    ['gif', ascii('GIF89a')],
    ['webp', ascii('RIFF\0\0\0\0WEBPVP8 ')],
    ['bmp', ascii('BM\0\0')],
    [null, ascii('hello, world')],
    [null, ascii('RIFF\0\0\0\0WAVEfmt ')],
    [null, bytes()],
    [null, bytes(0xff, 0xd8)],
  ])('%s', (kind, head) => {
    expect(sniffImage(head)).toBe(kind);
  });
});

describe('looksTruncated', () => {
  it('wants the JPEG end marker, allowing trailing padding', () => {
    expect(looksTruncated('jpeg', JPEG_TAIL)).toBe(false);
    expect(looksTruncated('jpeg', bytes(0xff, 0xd9, 0, 0, 0))).toBe(false);
    expect(looksTruncated('jpeg', bytes(0x12, 0x34, 0xff))).toBe(true);
  });

  it('wants the PNG IEND chunk', () => {
    expect(looksTruncated('png', PNG_TAIL)).toBe(false);
    expect(looksTruncated('png', bytes(1, 2, 3, 4))).toBe(true);
  });

  it('does not judge formats without a fixed ending', () => {
    expect(looksTruncated('gif', bytes(1))).toBe(false);
  });
});

describe('checkFileBytes', () => {
  it.each([
    ['a good JPEG', { size: 1000, head: JPEG_HEAD, tail: JPEG_TAIL }, { kind: 'jpeg' }],
    ['an empty file (0 bytes)', { size: 0, head: bytes(), tail: bytes() }, { error: 'empty' }],
    ['text', { size: 10, head: ascii('not a pic'), tail: ascii('not a pic') }, { error: 'not_image' }],
    ['a huge JPEG', { size: MAX_FILE_BYTES + 1, head: JPEG_HEAD, tail: JPEG_TAIL }, { error: 'too_large' }],
    ['a cut JPEG', { size: 1000, head: JPEG_HEAD, tail: bytes(1, 2, 3) }, { error: 'corrupt' }],
    ['a cut PNG', { size: 1000, head: PNG_HEAD, tail: bytes(1, 2, 3) }, { error: 'corrupt' }],
  ])('%s', (_name, facts, expected) => {
    expect(checkFileBytes(facts)).toEqual(expected);
  });
});

describe('checkPixels and fitScale', () => {
  it('refuses images over the pixel limit and empty ones', () => {
    expect(checkPixels(4000, 3000)).toBeNull();
    expect(checkPixels(8000, MAX_PIXELS / 8000 + 1)).toBe('too_many_pixels');
    expect(checkPixels(0, 100)).toBe('corrupt');
  });

  it('shrinks to the longer side and never enlarges', () => {
    expect(fitScale(2560, 1440, 1280)).toBe(0.5);
    expect(fitScale(1440, 2560, 1280)).toBe(0.5);
    expect(fitScale(640, 480, 1280)).toBe(1);
  });
});
