/**
 * Where a frame's time goes, stage by stage, on tfjs in Node (WASM unless
 * tfjs-node is installed): `npx tsx scripts/bench/profile.ts [--runs N]`.
 * `--cpu` runs tfjs' plain JS backend instead. Frames as the bench draws them (640x480, one 200-px face or five in a grid).
 * `--sizes faceres=160,faceres=192` also times each named backbone alone at
 * that input size (batches of 1 and 5 crops), the lever `npm run train --
 * --input-sizes` pulls.
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import * as tf from '@tensorflow/tfjs';
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../../src/inference/backend';
import { loadEnsemble } from '../../src/inference';
import { rgbaToTensor } from '../../src/inference/image';
import { positiveWholeNumber } from '../../src/node/cliNumbers';
import { loadGraph } from '../../src/inference/modelSource';
import { toBackboneInput } from '../../src/inference/crop';
import { DEFAULT_BACKBONES, RESIZABLE_BACKBONES } from '../../src/training/defaults';
import { fileEnsembleSource, fileModelSource, initNodeBackend } from '../../src/node/runtime';
import { DATA_DIR, MODELS_DIR } from './browser';
import { CELL, FRAME_H, FRAME_W, gridCell } from './frame';

const PHOTOS = [
  '100_1_0_20170110183726390.jpg',
  '100_1_2_20170105174847679.jpg',
  '101_1_2_20170105174739309.jpg',
  '10_0_0_20161220222308131.jpg',
  '10_0_0_20170103200329407.jpg',
];

async function frame(grid: boolean): Promise<Uint8ClampedArray> {
  const c = createCanvas(FRAME_W, FRAME_H);
  const g = c.getContext('2d');
  g.fillStyle = '#808080';
  g.fillRect(0, 0, FRAME_W, FRAME_H);
  const imgs = await Promise.all(PHOTOS.map((p) => loadImage(readFileSync(join(DATA_DIR, 'utkface', p)))));
  if (!grid) g.drawImage(imgs[0], (FRAME_W - CELL) / 2, (FRAME_H - CELL) / 2, CELL, CELL);
  else
    imgs.forEach((im, i) => {
      const { x, y } = gridCell(i);
      g.drawImage(im, x, y, CELL, CELL);
    });
  return g.getImageData(0, 0, FRAME_W, FRAME_H).data;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median wall time and median CPU time of this process (robust when other jobs share the cores). */
async function time(label: string, runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const m = median(wall);
  console.log(`${label.padEnd(48)} wall ${m.toFixed(1).padStart(7)} ms   cpu ${median(cpu).toFixed(1).padStart(7)} ms`);
  return m;
}

async function main(): Promise<void> {
  const opts = new Command()
    .name('profile')
    .description("Where a frame's time goes, stage by stage, on tfjs in Node")
    .option('--runs <n>', 'timed runs per stage (after one untimed)', positiveWholeNumber, 20)
    .option('--cpu', "tfjs' plain JS backend instead of WASM / tfjs-node")
    .option(
      '--sizes <list>',
      'also time backbones alone: backbone=px pairs, e.g. faceres=160,faceres=224',
      sizePairs,
      [],
    )
    .parse()
    .opts<{ runs: number; cpu?: boolean; sizes: [string, number][] }>();
  const runs = opts.runs;
  const backend = opts.cpu ? 'cpu' : undefined;
  // Through initBackend, as the app does (it installs the faster cpu PadV2).
  if (backend) await initBackend({ preferred: 'cpu' });
  console.log(`backend ${backend ?? (await initNodeBackend())}`);
  // No warm-up here: each timing below runs its own first.
  const ens = await loadEnsemble(fileEnsembleSource(MODELS_DIR), { warmUp: false });
  for (const grid of [false, true]) {
    const px = await frame(grid);
    console.log(grid ? '--- 5 faces' : '--- 1 face');
    await time('pixels -> tensor', runs, async () => rgbaToTensor(px, FRAME_W, FRAME_H).dispose());
    const image = rgbaToTensor(px, FRAME_W, FRAME_H);
    await time('detector', runs, () => ens.detect(image));
    const dets = await ens.detect(image);
    console.log(`faces: ${dets.length}`);
    await time('classify (crops, backbones, heads, readback)', runs, () => ens.classify(image, dets));
    await time('whole (analyze)', runs, () => ens.analyze(image));
    const before = tf.memory().numTensors;
    await ens.analyze(image);
    if (tf.memory().numTensors !== before) console.log(`LEAK: ${before} -> ${tf.memory().numTensors}`);
    image.dispose();
  }
  ens.dispose();
  if (opts.sizes.length > 0) console.log('--- backbones alone');
  for (const [name, px] of opts.sizes) {
    const spec = { ...DEFAULT_BACKBONES[name], inputSize: px };
    const model = await loadGraph(fileModelSource(MODELS_DIR), spec.file, px);
    for (const n of [1, 5]) {
      const crops = tf.randomUniform([n, px, px, 3], 0, 255) as tf.Tensor4D;
      await time(`${name} at ${px} px, ${n} crop${n > 1 ? 's' : ''}`, runs, async () => {
        const y = tf.tidy(() => model.execute(toBackboneInput(crops, spec), spec.output) as tf.Tensor);
        await y.data();
        y.dispose();
      });
      crops.dispose();
    }
    model.dispose();
  }
}

/** `name=px,name=px`, repeats allowed (one backbone at several sizes). */
function sizePairs(value: string): [string, number][] {
  return value.split(',').map((part) => {
    const [name, px] = part.split('=');
    if (!RESIZABLE_BACKBONES.includes(name) || !/^\d+$/.test(px ?? '') || Number(px) % 32 !== 0)
      throw new InvalidArgumentError(
        `expected backbone=px (backbone one of ${RESIZABLE_BACKBONES.join(', ')}, px a multiple of 32), not "${part}"`,
      );
    return [name, Number(px)];
  });
}

void main();
