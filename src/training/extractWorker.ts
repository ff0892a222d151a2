/**
 * One feature-extraction process (WASM in Node is single-threaded, so the
 * trainer runs one per core). Reads its shard, appends to its own cache files,
 * reports progress to the parent over IPC.
 */
import { readFileSync } from 'node:fs';
import type { Box } from '../core/geometry';
import { FeatureCache } from './featureCache';
import { FeatureExtractor } from './featureExtractor';
import { fileModelSource, initNodeBackend } from '../node/runtime';
import type { WorkerJob, WorkerMessage } from './extract';

const send = (m: WorkerMessage) => process.send?.(m);

async function main(jobFile: string): Promise<void> {
  const job = JSON.parse(readFileSync(jobFile, 'utf8')) as WorkerJob;
  const backend = await initNodeBackend();
  send({ type: 'ready', backend });
  const extractor = await FeatureExtractor.load(
    fileModelSource(job.modelsDir),
    job.detector,
    job.backbones,
    job.members,
  );
  const cache = new FeatureCache(job.cacheDir, extractor.layout.length);
  const writer = cache.writer(`w${job.worker}`);
  const reuse = lender(job.reuseDirs, extractor.layout.length);
  for (let i = 0; i < job.samples.length; i += job.batchSize) {
    const batch = job.samples.slice(i, i + job.batchSize);
    const results = await extractor.extract(batch, reuse);
    let failed = 0;
    for (const r of results) {
      writer.add(r.entry, r.vector);
      if (!r.entry.ok) failed++;
    }
    send({ type: 'progress', done: batch.length, failed });
  }
  extractor.dispose();
  send({ type: 'done' });
}

/** Vectors from caches made with another detector: usable when the face box came out the same. */
function lender(dirs: readonly string[], length: number): (id: string, box: Box) => Float32Array | undefined {
  const caches = dirs.map((d) => new FeatureCache(d, length));
  const entries = caches.map((c) => c.entries());
  return (id, box) => {
    for (const [i, c] of caches.entries()) {
      const e = entries[i].get(id);
      if (e?.ok && e.box && sameBox(e.box, box)) return c.readMatrix([e]);
    }
    return undefined;
  };
}

function sameBox(a: Box, b: Box): boolean {
  return (
    Math.abs(a.x - b.x) < 1e-3 && Math.abs(a.y - b.y) < 1e-3 && Math.abs(a.w - b.w) < 1e-3 && Math.abs(a.h - b.h) < 1e-3
  );
}

main(process.argv[2]).catch((e: unknown) => {
  send({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  process.exitCode = 1;
});
