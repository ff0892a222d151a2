/**
 * One feature-extraction process (WASM in Node is single-threaded, so the
 * trainer runs one per core). Reads its shard, appends to its own cache files,
 * reports progress to the parent over IPC.
 */
import { readFileSync } from 'node:fs';
import { FeatureCache } from './featureCache';
import { FeatureExtractor } from './featureExtractor';
import { fileModelSource, initNodeBackend } from './nodeRuntime';
import type { WorkerJob, WorkerMessage } from './extract';

const send = (m: WorkerMessage) => process.send?.(m);

async function main(jobFile: string): Promise<void> {
  const job = JSON.parse(readFileSync(jobFile, 'utf8')) as WorkerJob;
  const backend = await initNodeBackend();
  send({ type: 'ready', backend });
  const extractor = await FeatureExtractor.load(fileModelSource(job.modelsDir), job.detector, job.backbones, job.members);
  const cache = new FeatureCache(job.cacheDir, extractor.layout.length);
  const writer = cache.writer(`w${job.worker}`);
  for (let i = 0; i < job.samples.length; i += job.batchSize) {
    const batch = job.samples.slice(i, i + job.batchSize);
    const results = await extractor.extract(batch);
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

main(process.argv[2]).catch((e: unknown) => {
  send({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  process.exitCode = 1;
});
