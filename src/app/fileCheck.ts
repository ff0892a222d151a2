/**
 * Decides from a file's first and last bytes whether it is an image we can
 * read, before any decoding: the file's name and MIME type are not trusted.
 */
export type ImageKind = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp';

/** What is wrong with a photo, as the CSV's `error` column says it ('analysis': the check itself failed). */
export type PhotoErrorCode = FileProblem | 'analysis';

/** What the byte and size checks find wrong with a file. */
export type FileProblem = 'empty' | 'not_image' | 'too_large' | 'too_many_pixels' | 'corrupt';

/** Files over this many bytes are refused before reading them. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
/** Images over this many pixels are refused before decoding them in full. */
export const MAX_PIXELS = 40_000_000;
/** Bytes to read from each end of a file for `sniffImage` and `looksTruncated`. */
export const PROBE_BYTES = 32;

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean =>
  b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);

export function sniffImage(head: Uint8Array): ImageKind | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && startsWith(head, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  if (startsWith(head, [0x42, 0x4d])) return 'bmp';
  return null;
}

/**
 * A JPEG must end with its EOI marker (FF D9) and a PNG with its IEND chunk;
 * browsers draw a cut-short file as a partly grey picture instead of failing,
 * so this is checked on the bytes. A little trailing padding is allowed.
 */
export function looksTruncated(kind: ImageKind, tail: Uint8Array): boolean {
  const find = (sig: readonly number[]) => {
    for (let i = tail.length - sig.length; i >= 0; i--) if (startsWith(tail, sig, i)) return true;
    return false;
  };
  if (kind === 'jpeg') return !find([0xff, 0xd9]);
  if (kind === 'png') return !find([0x49, 0x45, 0x4e, 0x44]);
  return false;
}

export interface FileFacts {
  size: number;
  head: Uint8Array;
  tail: Uint8Array;
}

/** The error for a file before decoding, or its image kind. */
export function checkFileBytes(f: FileFacts): { error: FileProblem } | { kind: ImageKind } {
  if (f.size === 0) return { error: 'empty' };
  const kind = sniffImage(f.head);
  if (!kind) return { error: 'not_image' };
  if (f.size > MAX_FILE_BYTES) return { error: 'too_large' };
  if (looksTruncated(kind, f.tail)) return { error: 'corrupt' };
  return { kind };
}

export function checkPixels(width: number, height: number): FileProblem | null {
  if (!(width > 0 && height > 0)) return 'corrupt';
  return width * height > MAX_PIXELS ? 'too_many_pixels' : null;
}

/** Scale that fits an image inside `maxSide` (never enlarges). */
export function fitScale(width: number, height: number, maxSide: number): number {
  return Math.min(1, maxSide / Math.max(width, height));
}
