/**
 * Writes the detection composites (faces pasted at known boxes into large
 * scenes, see src/evaluation/composites.ts) to .cache/ and, with --detect,
 * compares the single-pass and tiled detector on them and on the whole street
 * photos: `npx tsx scripts/make-composites.ts [--scenes 30] [--detect]`.
 * Validation subjects only, as `npm run eval -- --subjects validation` uses.
 */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateEnsembleSpec } from '../src/core/ensembleSpec';
import { isValidation } from '../src/core/recordSelection';
import { FaceDetector } from '../src/inference/detector';
import { DEFAULT_COMPOSITES, ensureComposites } from '../src/evaluation/composites';
import { compareDetection, detectionSection, wholePhotos, type DetectionSet } from '../src/evaluation/detection';
import { wholeNumber } from '../src/node/cliNumbers';
import { importDataset } from '../src/node/importers';
import { fileModelSource, initNodeBackend } from '../src/node/runtime';
import { terminalProgress } from '../src/node/progress';

const o = new Command()
  .option('--data <dir>', 'data folder with manifest.csv', '../shared/data')
  .option('--models <dir>', 'folder with ensemble.json', 'models')
  .option('--scenes <n>', 'number of scenes', wholeNumber, DEFAULT_COMPOSITES.scenes)
  .option('--seed <n>', 'scene seed', wholeNumber, DEFAULT_COMPOSITES.seed)
  .option('--cache <dir>', 'where the scenes go', '.cache')
  .option('--detect', 'compare single-pass and tiled detection on them and on the whole photos')
  .parse()
  .opts();

const records = importDataset(resolve(o.data)).records.filter((r) => isValidation(r.subject, 0.2, 1));
const scenes = await ensureComposites(
  records,
  { ...DEFAULT_COMPOSITES, scenes: o.scenes, seed: o.seed },
  resolve(o.cache),
);
console.log(`${scenes.length} scenes, ${scenes.reduce((n, s) => n + s.faces.length, 0)} faces: ${scenes[0]?.path}`);
if (o.detect) {
  await initNodeBackend(console.log);
  const modelsDir = resolve(o.models);
  const spec = validateEnsembleSpec(JSON.parse(readFileSync(join(modelsDir, 'ensemble.json'), 'utf8')));
  const detector = await FaceDetector.load(spec.detector, fileModelSource(modelsDir));
  const progress = terminalProgress(console.log);
  const sets: DetectionSet[] = [await compareDetection('composites', scenes, detector, progress)];
  sets.push(await compareDetection('kaggle_facemask', wholePhotos(records), detector, progress));
  console.log(detectionSection(sets).join('\n'));
  detector.dispose();
}
