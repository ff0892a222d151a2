/**
 * Named float32 arrays in a file pair: `<path>.json` (index) and the values
 * file it names. Each write puts its values in a new file, then renames the
 * index into place, which is the commit point: an interrupted write leaves
 * the previous pair whole.
 */
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface StoredArray {
  name: string;
  shape: number[];
  values: Float32Array;
}

interface IndexEntry {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

interface Index {
  meta: unknown;
  values: string;
  total: number;
  arrays: IndexEntry[];
}

let writes = 0;

export function writeArrays(path: string, arrays: readonly StoredArray[], meta: unknown): void {
  let offset = 0;
  const entries: IndexEntry[] = arrays.map((a) => {
    const e = { name: a.name, shape: a.shape, offset, length: a.values.length };
    offset += a.values.length;
    return e;
  });
  const all = new Float32Array(offset);
  arrays.forEach((a, i) => all.set(a.values, entries[i].offset));
  const dir = dirname(path);
  const values = `${basename(path)}-${Date.now().toString(36)}-${process.pid}-${writes++}.bin`;
  writeFileSync(join(dir, values), new Uint8Array(all.buffer));
  const index: Index = { meta, values, total: offset, arrays: entries };
  writeFileSync(`${path}.json.tmp`, JSON.stringify(index));
  renameSync(`${path}.json.tmp`, `${path}.json`);
  // Older values files are no longer named by the index.
  for (const f of readdirSync(dir))
    if (f !== values && f.startsWith(`${basename(path)}-`) && f.endsWith('.bin')) rmSync(join(dir, f));
}

export function readArrays(path: string): { meta: unknown; arrays: StoredArray[] } | undefined {
  if (!existsSync(`${path}.json`)) return undefined;
  const index = JSON.parse(readFileSync(`${path}.json`, 'utf8')) as Index;
  const bytes = readFileSync(join(dirname(path), index.values));
  if (bytes.byteLength !== index.total * 4)
    throw new Error(`${index.values} is ${bytes.byteLength} bytes, expected ${index.total * 4}`);
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return {
    meta: index.meta,
    arrays: index.arrays.map((e) => ({
      name: e.name,
      shape: e.shape,
      values: all.subarray(e.offset, e.offset + e.length),
    })),
  };
}
