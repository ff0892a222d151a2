/**
 * `npm run fuse-models`: writes the fused graph of every original in
 * `models/original/` to `models/` under the original's name (the file
 * ensemble.json names), updates ensemble.json's sha256 table, and prints how
 * far each model's outputs moved on real faces: fused file and runtime fusion
 * against the unfused original. Fails when the fused file moves an output by
 * 1e-2 or more. Running it again writes the same bytes.
 *
 *   npx tsx scripts/fuse-models.ts [--float32 mobileface] [--faces 8]
 */
import * as tf from '@tensorflow/tfjs';
import { Command } from 'commander';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FACERES_BASELINE_OUTPUTS, type BackboneSpec, type EnsembleSpec } from '../src/core/ensembleSpec';
import { toBackboneInput } from '../src/inference/crop';
import { canvasToTensor, decodeImage, imageToCanvas } from '../src/node/decode';
import { sha256File } from '../src/training/exportEnsemble';
import { loadFusedAtRuntime, ORIGINALS_DIR, writeFusedModel } from '../src/training/fuseModelFiles';
import { fileHandler, initNodeBackend } from '../src/node/runtime';

const TOLERANCE = 1e-2;

const opts = new Command()
  .option('--models <dir>', 'models folder (originals in <dir>/original/)', 'models')
  .option('--float32 <stems>', 'models whose fused weights are stored float32, e.g. mobileface', '')
  .option('--faces <n>', 'UTKFace photos to compare on (0: do not compare)', Number, 8)
  .option('--data <dir>', 'shared data folder', '../shared/data')
  .parse()
  .opts<{ models: string; float32: string; faces: number; data: string }>();

await initNodeBackend();
const originalsDir = join(opts.models, ORIGINALS_DIR);
const float32 = new Set(opts.float32.split(',').filter(Boolean));
const specPath = join(opts.models, 'ensemble.json');
const spec = existsSync(specPath) ? (JSON.parse(readFileSync(specPath, 'utf8')) as EnsembleSpec) : undefined;

const photoDir = join(opts.data, 'utkface');
const photos =
  opts.faces > 0 && existsSync(photoDir)
    ? readdirSync(photoDir)
        .filter((f) => f.endsWith('.jpg'))
        .sort()
        .slice(0, opts.faces)
    : [];
if (opts.faces > 0 && photos.length === 0) console.warn(`no photos in ${photoDir}: outputs not compared`);

/** The model's input for a face photo: a backbone's own preprocessing, else -1..1 (BlazeFace). */
function inputFor(image: tf.Tensor3D, size: number, backbone: BackboneSpec | undefined): tf.Tensor4D {
  return tf.tidy(() => {
    const x = tf.image.resizeBilinear(image.toFloat(), [size, size]).expandDims(0) as tf.Tensor4D;
    return backbone ? toBackboneInput(x, backbone) : x.div(127.5).sub(1);
  });
}

/** max |a - b| per output over the photos. */
async function compare(
  a: tf.GraphModel,
  b: tf.GraphModel,
  outputs: string[],
  size: number,
  backbone: BackboneSpec | undefined,
): Promise<number[]> {
  const max = outputs.map(() => 0);
  for (const f of photos) {
    const image = canvasToTensor(imageToCanvas(await decodeImage(join(photoDir, f))));
    const x = inputFor(image, size, backbone);
    const ya = [a.execute(x, outputs)].flat();
    const yb = [b.execute(x, outputs)].flat();
    for (let i = 0; i < outputs.length; i++) {
      const d = tf.tidy(() => ya[i].sub(yb[i]).abs().max());
      max[i] = Math.max(max[i], (await d.data())[0]);
      d.dispose();
    }
    [image, x, ...ya, ...yb].forEach((t) => t.dispose());
  }
  return max;
}

let failed = false;
const written: Record<string, string> = {};
for (const name of readdirSync(originalsDir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const stem = name.replace(/\.json$/, '');
  const originalJson = join(originalsDir, name);
  const outJson = join(opts.models, name);
  const fused = await writeFusedModel(
    opts.models,
    originalJson,
    outJson,
    float32.has(stem) ? 'float32' : 'as-original',
  );
  const { fusion, fusedWeights } = fused.metadata;
  const originalBytes = Object.keys(fused.metadata.fusedFrom.sha256)
    .filter((f) => !f.endsWith('.json'))
    .reduce((n, f) => n + readFileSync(join(opts.models, f)).byteLength, 0);
  console.log(
    `${name}: ${fusion.fused} chains fused, ${fusion.padsFolded} pads folded, ${fusion.removedNodes} nodes fewer; ` +
      `weights ${originalBytes} -> ${fused.weightBytes} bytes (folded weights ${fusedWeights})`,
  );
  for (const p of fused.files) {
    written[relative(opts.models, p)] = sha256File(p);
    console.log(`  ${relative(opts.models, p)} sha256 ${written[relative(opts.models, p)]}`);
  }
  if (photos.length === 0) continue;

  const backbone = Object.entries(spec?.backbones ?? {}).find(([, b]) => b.file === name);
  const outputs = backbone
    ? [backbone[1].output, ...(backbone[0] === 'faceres' ? FACERES_BASELINE_OUTPUTS : [])]
    : ['Identity'];
  const plain = await tf.loadGraphModel(fileHandler(originalJson));
  const runtime = await loadFusedAtRuntime(originalJson);
  const file = await tf.loadGraphModel(fileHandler(outJson));
  const size = backbone?.[1].inputSize ?? plain.inputs[0].shape![1];
  const fileVsPlain = await compare(file, plain, outputs, size, backbone?.[1]);
  const runtimeVsPlain = await compare(runtime, plain, outputs, size, backbone?.[1]);
  const fileVsRuntime = await compare(file, runtime, outputs, size, backbone?.[1]);
  outputs.forEach((o, i) => {
    console.log(
      `  ${o}: max |diff| over ${photos.length} faces: fused file vs original ${fileVsPlain[i].toExponential(2)}, ` +
        `runtime fusion vs original ${runtimeVsPlain[i].toExponential(2)}, ` +
        `fused file vs runtime fusion ${fileVsRuntime[i].toExponential(2)}`,
    );
    if (!(fileVsPlain[i] < TOLERANCE)) {
      console.error(`  ${o} moved by ${fileVsPlain[i]} >= ${TOLERANCE}: store ${stem}'s folded weights as float32`);
      failed = true;
    }
  });
  [plain, runtime, file].forEach((m) => m.dispose());
}

if (spec) {
  // Only files the table already lists: which files ship is the trainer's choice.
  const listed = Object.keys(written).filter((f) => f in spec.sha256);
  for (const f of listed) spec.sha256[f] = written[f];
  writeFileSync(specPath, JSON.stringify(spec, null, 2) + '\n');
  console.log(`ensemble.json: sha256 of ${listed.join(', ')}`);
}
if (failed) process.exitCode = 1;
