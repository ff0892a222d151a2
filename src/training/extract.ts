/**
 * Feature extraction over all samples, resumable: samples already in the
 * cache are skipped, the rest are split across worker processes.
 */
import { fork } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackboneSpec, DetectorSpec, MemberSpec } from '../core/ensembleSpec';
import { hashString } from '../core/random';
import { backboneWeights } from './exportEnsemble';
import { FeatureCache, type CacheEntry } from './featureCache';
import { featureLayout, featureSignature } from './featureLayout';
import type { Progress } from '../node/progress';
import type { Sample } from './samples';

/** What shapes the features and where they go: plain data, so it travels to the workers as JSON. */
export interface ExtractSetup {
  cacheDir: string;
  modelsDir: string;
  detector: DetectorSpec;
  backbones: Record<string, BackboneSpec>;
  members: Omit<MemberSpec, 'head'>[];
  batchSize: number;
}

export interface WorkerJob extends ExtractSetup {
  worker: number;
  samples: Sample[];
  /** Sibling caches with the same feature signature (other detector settings). */
  reuseDirs: string[];
}

export type WorkerMessage =
  | { type: 'ready'; backend: string }
  | { type: 'progress'; done: number; failed: number }
  | { type: 'done' }
  | { type: 'error'; message: string };

export interface ExtractOptions extends ExtractSetup {
  workers: number;
  progress: Progress;
  log: (msg: string) => void;
}

export async function extractFeatures(
  samples: readonly Sample[],
  opts: ExtractOptions,
): Promise<Map<string, CacheEntry>> {
  const layout = featureLayout(opts.members);
  const cache = new FeatureCache(opts.cacheDir, layout.length);
  const cached = cache.entries();
  const signature = featureSignature(opts.backbones, opts.members, backboneWeights(opts.modelsDir, opts.backbones));
  writeFileSync(join(opts.cacheDir, 'meta.json'), JSON.stringify({ signature, detector: opts.detector }, null, 2));
  const root = dirname(opts.cacheDir);
  const reuseDirs = readdirSync(root)
    .map((d) => join(root, d))
    .filter((d) => d !== opts.cacheDir && existsSync(join(d, 'meta.json')))
    .filter(
      (d) => (JSON.parse(readFileSync(join(d, 'meta.json'), 'utf8')) as { signature?: string }).signature === signature,
    );
  const todo = samples.filter((s) => !cached.has(s.id));
  opts.log(`features: ${samples.length - todo.length} of ${samples.length} samples cached, ${todo.length} to extract`);
  if (reuseDirs.length > 0)
    opts.log(`features: reusing vectors with unchanged face boxes from ${reuseDirs.join(', ')}`);
  if (todo.length > 0) {
    // Variants of one photo stay in one worker, in a row, so it is decoded once.
    const shards: Sample[][] = Array.from({ length: opts.workers }, () => []);
    for (const s of todo) shards[hashString(s.path) % opts.workers].push(s);
    const bar = opts.progress.bar('features', todo.length);
    let failed = 0;
    const workerFile = fileURLToPath(new URL('./extractWorker.ts', import.meta.url));
    const { workers: _workers, progress: _progress, log: _log, ...setup } = opts;
    await Promise.all(
      shards.map((shard, worker) => {
        if (shard.length === 0) return Promise.resolve();
        const jobFile = join(opts.cacheDir, `job-w${worker}.json`);
        const job: WorkerJob = { ...setup, worker, samples: shard, reuseDirs };
        writeFileSync(jobFile, JSON.stringify(job));
        return new Promise<void>((resolve, reject) => {
          const child = fork(workerFile, [jobFile], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
          let error = '';
          child.on('message', (m: WorkerMessage) => {
            if (m.type === 'ready' && worker === 0)
              opts.log(`feature workers: ${opts.workers} processes on ${m.backend}`);
            if (m.type === 'progress') {
              failed += m.failed;
              bar.increment(m.done, { failed });
            }
            if (m.type === 'error') error = m.message;
          });
          child.on('exit', (code) =>
            code === 0 ? resolve() : reject(new Error(`feature worker ${worker} failed (exit ${code}): ${error}`)),
          );
        });
      }),
    );
    bar.stop();
  }
  return cache.entries();
}
