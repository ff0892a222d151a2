/**
 * Append-only feature cache that survives restarts: each worker appends
 * float32 vectors to its own `.bin` and a JSON line per sample to its
 * `.jsonl` (written after the vector, so a line always points at whole data).
 */
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Box } from '../core/geometry';

export type FaceSource = 'matched' | 'detected' | 'given' | 'fallback';

export interface CacheEntry {
  id: string;
  ok: boolean;
  /** How the face box was found; absent when `ok` is false. */
  face?: FaceSource;
  box?: Box;
  error?: string;
  /** Byte offset of the vector in the worker's .bin file. */
  offset?: number;
  file?: string;
}

export class FeatureCache {
  readonly dir: string;
  readonly vectorLength: number;

  constructor(dir: string, vectorLength: number) {
    this.dir = dir;
    this.vectorLength = vectorLength;
    mkdirSync(dir, { recursive: true });
  }

  /** Everything cached so far, by sample id (the last line for an id wins). */
  entries(): Map<string, CacheEntry> {
    const out = new Map<string, CacheEntry>();
    for (const f of readdirSync(this.dir)
      .filter((n) => n.endsWith('.jsonl'))
      .sort()) {
      const bin = f.replace(/\.jsonl$/, '.bin');
      const size = existsSync(join(this.dir, bin)) ? statSync(join(this.dir, bin)).size : 0;
      for (const line of readFileSync(join(this.dir, f), 'utf8').split('\n')) {
        if (!line.trim()) continue;
        let e: CacheEntry;
        try {
          e = JSON.parse(line) as CacheEntry;
        } catch {
          continue; // a line cut short by a crash: that sample is redone
        }
        if (e.ok && (e.offset === undefined || e.offset + this.vectorLength * 4 > size)) continue;
        out.set(e.id, { ...e, file: bin });
      }
    }
    return out;
  }

  writer(name: string): CacheWriter {
    return new CacheWriter(this.dir, name, this.vectorLength);
  }

  /** Reads the vectors of `entries` into one row-major matrix. */
  readMatrix(entries: readonly CacheEntry[]): Float32Array {
    const out = new Float32Array(entries.length * this.vectorLength);
    const bytes = this.vectorLength * 4;
    const fds = new Map<string, number>();
    try {
      entries.forEach((e, i) => {
        if (!e.ok || e.offset === undefined || !e.file) throw new Error(`no vector cached for ${e.id}`);
        let fd = fds.get(e.file);
        if (fd === undefined) {
          fd = openSync(join(this.dir, e.file), 'r');
          fds.set(e.file, fd);
        }
        readSync(fd, new Uint8Array(out.buffer, i * bytes, bytes), 0, bytes, e.offset);
      });
    } finally {
      fds.forEach((fd) => closeSync(fd));
    }
    return out;
  }
}

export class CacheWriter {
  private readonly bin: string;
  private readonly index: string;
  private readonly vectorLength: number;
  private offset: number;

  constructor(dir: string, name: string, vectorLength: number) {
    this.bin = join(dir, `${name}.bin`);
    this.index = join(dir, `${name}.jsonl`);
    this.vectorLength = vectorLength;
    this.offset = existsSync(this.bin) ? statSync(this.bin).size : 0;
  }

  add(entry: Omit<CacheEntry, 'offset' | 'file'>, vector?: Float32Array): void {
    if (vector) {
      if (vector.length !== this.vectorLength) {
        throw new RangeError(`vector of ${vector.length} values, cache holds ${this.vectorLength}`);
      }
      appendFileSync(this.bin, new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength));
      appendFileSync(this.index, JSON.stringify({ ...entry, offset: this.offset }) + '\n');
      this.offset += vector.byteLength;
    } else {
      appendFileSync(this.index, JSON.stringify(entry) + '\n');
    }
  }
}
