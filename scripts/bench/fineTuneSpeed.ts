/**
 * Fine-tuning throughput on this machine: training steps (forward, gradients,
 * Adam on backbone top and scaffold head) on batches fed at a cut, timed per
 * target. `--processes 2` runs that many copies at once and sums them (one
 * WASM process uses one core).
 *
 *   npx tsx scripts/bench/fineTuneSpeed.ts [--steps 6] [--batch 32] [--processes 1] [--only name]
 */
import * as tf from '@tensorflow/tfjs';
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { HEADS, HEAD_SIZES } from '../../src/core/classes';
import { validateEnsembleSpec, type Pooling } from '../../src/core/ensembleSpec';
import { positiveWholeNumber } from '../../src/node/cliNumbers';
import { fineTune, type FineTuneData } from '../../src/training/fineTune';
import { unfusedModelPath } from '../../src/training/fuseModelFiles';
import { initNodeBackend } from '../../src/node/runtime';
import { TrainableGraph } from '../../src/training/trainableGraph';
import { installWasmGradKernels } from '../../src/node/wasmGradKernels';
import { installFastTransposedMatMul } from '../../src/node/wasmKernels';
import { tmpdir } from 'node:os';

interface Target {
  name: string;
  backbone: 'faceres' | 'mobileface';
  from?: string;
  pooling: Pooling;
}

const TARGETS: Target[] = [
  {
    name: 'faceres top 2 blocks (from 14x14x512)',
    backbone: 'faceres',
    from: 'conv_pw_11_relu/clip_by_value',
    pooling: 'mean',
  },
  {
    name: 'faceres top block (from 7x7x1024)',
    backbone: 'faceres',
    from: 'conv_pw_12_relu/clip_by_value',
    pooling: 'mean',
  },
  { name: 'mobileface whole (112 px)', backbone: 'mobileface', pooling: 'none' },
];

const program = new Command()
  .option('--steps <n>', 'timed steps per target (after one warm-up epoch of one step)', positiveWholeNumber, 6)
  .option('--batch <n>', 'faces per step', positiveWholeNumber, 32)
  .option('--processes <n>', 'copies run at once', positiveWholeNumber, 1)
  .option('--only <name>', 'targets whose name contains this')
  .option('--child', 'internal: one process', false)
  .parse();
const o = program.opts<{ steps: number; batch: number; processes: number; only?: string; child: boolean }>();

async function measure(t: Target): Promise<number> {
  const spec = validateEnsembleSpec(JSON.parse(readFileSync('models/ensemble.json', 'utf8')));
  const b = spec.backbones[t.backbone];
  const graph = await TrainableGraph.load(unfusedModelPath('models', b.file), { from: t.from, output: b.output });
  const shape = tf.tidy(() => graph.cut(tf.zeros([1, b.inputSize, b.inputSize, 3])).shape.slice(1));
  const size = shape.reduce((x, y) => x * y, 1);
  const rows = o.batch * (o.steps + 1);
  const high = t.from ? 6 : 255;
  const sample = Float32Array.from({ length: size }, (_, i) => ((i * 7919) % 1000) * (high / 1000));
  const data: FineTuneData = {
    count: rows,
    inputShape: shape,
    inputs: (r) => {
      const out = new Float32Array(r.length * size);
      for (let i = 0; i < r.length; i++) out.set(sample, i * size);
      return out;
    },
    labels: Object.fromEntries(
      HEADS.map((h) => [h, Int8Array.from({ length: rows }, (_, i) => i % HEAD_SIZES[h])]),
    ) as FineTuneData['labels'],
    weights: Object.fromEntries(HEADS.map((h) => [h, new Float32Array(rows).fill(1)])) as FineTuneData['weights'],
    validation: new Array<boolean>(rows).fill(false),
  };
  const dir = mkdtempSync(join(tmpdir(), 'mc-ftspeed-'));
  const base = {
    batchSize: o.batch,
    learningRate: 1e-3,
    backboneLearningRate: 1e-4,
    hidden: 64,
    dropout: 0.3,
    seed: 1,
    pooling: t.pooling,
    checkpoint: join(dir, 'ckpt'),
    checkpointEvery: 1_000_000,
    signature: t.name,
  };
  // One step first (kernel set-up, memory growth), then the rest of the epoch.
  const warm = await fineTune(graph, data, { ...base, epochs: 1, stopAfterSteps: 1 });
  warm.head.dispose();
  const r = await fineTune(graph, data, { ...base, epochs: 1 });
  r.head.dispose();
  graph.dispose();
  // Training steps only (the epoch's own clock: no checkpoint writes, no set-up).
  return r.epochs[0].imagesPerSecond;
}

async function child(): Promise<void> {
  await initNodeBackend();
  installWasmGradKernels();
  installFastTransposedMatMul();
  for (const t of TARGETS.filter((x) => !o.only || x.name.includes(o.only))) {
    const ips = await measure(t);
    if (process.send) process.send({ name: t.name, ips });
    else console.log(`${t.name}: ${ips.toFixed(2)} training images/s`);
  }
}

async function parent(): Promise<void> {
  const file = fileURLToPath(import.meta.url);
  const args = [
    '--child',
    '--steps',
    String(o.steps),
    '--batch',
    String(o.batch),
    ...(o.only ? ['--only', o.only] : []),
  ];
  const results: Record<string, number[]> = {};
  await Promise.all(
    Array.from({ length: o.processes }, () => {
      const c = fork(file, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      c.on('message', (m: { name: string; ips: number }) => (results[m.name] ??= []).push(m.ips));
      return new Promise<void>((resolve, reject) =>
        c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`)))),
      );
    }),
  );
  for (const [name, ips] of Object.entries(results)) {
    const total = ips.reduce((a, b) => a + b, 0);
    console.log(
      `${name}: ${total.toFixed(2)} training images/s with ${ips.length} process(es) (${ips.map((v) => v.toFixed(2)).join(' + ')}), batch ${o.batch}`,
    );
  }
}

(o.child ? child() : parent()).catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
