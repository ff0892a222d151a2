/**
 * Re-stores a vendored graph model's weights as float16 or 8-bit, in place or
 * into another folder, and prints how far its outputs move on real faces.
 *
 * Run it on an unfused original (models/original/), then `npm run fuse-models`.
 *
 *   npx tsx scripts/quantize-weights.ts --models models/original --model mobileface --dtype float16 --outputs batchnorm0/add_1 --size 112
 */
import * as tf from '@tensorflow/tfjs';
import { Command } from 'commander';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadGraph } from '../src/inference/modelSource';
import { positiveWholeNumber, wholeNumber } from '../src/node/cliNumbers';
import { canvasToTensor, decodeImage, imageToCanvas } from '../src/node/decode';
import { fileHandler, fileModelSource, initNodeBackend } from '../src/node/runtime';
import { quantizeArtifacts, type WeightDtype } from './lib/quantize';

const opts = new Command()
  .requiredOption('--model <name>', 'model file stem in --models, e.g. mobileface')
  .requiredOption('--dtype <float16|uint8>', 'storage type')
  .requiredOption('--outputs <names>', 'comma-separated graph outputs to compare')
  .requiredOption('--size <px>', 'square input size', positiveWholeNumber)
  .option('--models <dir>', 'folder of the model', 'models')
  .option('--out <dir>', 'where to write (default: --models, in place)')
  .option('--min-elements <n>', 'tensors smaller than this stay float16 under uint8', wholeNumber, 256)
  .option('--faces <n>', 'UTKFace photos to compare on', positiveWholeNumber, 40)
  .option('--data <dir>', 'shared data folder', '../shared/data')
  .parse()
  .opts<{
    model: string;
    dtype: WeightDtype;
    outputs: string;
    size: number;
    models: string;
    out?: string;
    minElements: number;
    faces: number;
    data: string;
  }>();

await initNodeBackend();
const out = opts.out ?? opts.models;
const jsonFile = `${opts.model}.json`;
const original = await loadGraph(fileModelSource(opts.models), jsonFile);
const artifacts = await fileHandler(join(opts.models, jsonFile)).load!();
const { specs, data } = quantizeArtifacts(artifacts, opts.dtype, opts.minElements);
const json = JSON.parse(readFileSync(join(opts.models, jsonFile), 'utf8')) as tf.io.ModelJSON;
json.weightsManifest = [{ paths: [`${opts.model}.bin`], weights: specs }];
mkdirSync(out, { recursive: true });
writeFileSync(join(out, jsonFile), JSON.stringify(json));
writeFileSync(join(out, `${opts.model}.bin`), data);
console.log(`${opts.model}: ${data.byteLength} bytes of weights as ${opts.dtype} in ${out}`);

const stored = await loadGraph(fileModelSource(out), jsonFile);
const names = opts.outputs.split(',');
const dir = join(opts.data, 'utkface');
const photos = readdirSync(dir)
  .filter((f) => f.endsWith('.jpg'))
  .slice(0, opts.faces);
const maxDiff = names.map(() => 0);
const meanDiff = names.map(() => 0);
for (const f of photos) {
  const image = canvasToTensor(imageToCanvas(await decodeImage(join(dir, f))));
  const x = tf.tidy(() => tf.image.resizeBilinear(image.toFloat(), [opts.size, opts.size]).expandDims(0));
  const a = [original.execute(x, names)].flat();
  const b = [stored.execute(x, names)].flat();
  a.forEach((t, i) => {
    const va = t.dataSync();
    const vb = b[i].dataSync();
    for (let k = 0; k < va.length; k++) {
      const d = Math.abs(va[k] - vb[k]);
      maxDiff[i] = Math.max(maxDiff[i], d);
      meanDiff[i] += d / va.length / photos.length;
    }
  });
  [...a, ...b, x, image].forEach((t) => t.dispose());
}
names.forEach((n, i) =>
  console.log(`${n}: max |diff| ${maxDiff[i].toExponential(2)}, mean |diff| ${meanDiff[i].toExponential(2)}`),
);
