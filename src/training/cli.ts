/**
 * `npm run train -- --data <dir> [options]`: import, face preparation,
 * features, heads, evaluation and export into models/.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG, type TrainConfig } from './config';
import {
  finiteNumber,
  fraction,
  inputSizes,
  positiveNumber,
  positiveWholeNumber,
  sourceLimits,
  wholeNumber,
} from '../node/cliNumbers';
import { DatasetError } from '../node/importers';
import { train } from './train';
import { DEFAULT_BACKBONES, DEFAULT_MEMBERS } from './defaults';

/** `--members a,b`: known member ids; an unknown one stops with the list of known ones. */
function memberList(value: string): string[] {
  const ids = value
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const known = DEFAULT_MEMBERS.map((m) => m.id);
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length > 0)
    throw new InvalidArgumentError(`unknown member(s) ${unknown.join(', ')}; known: ${known.join(', ')}`);
  return ids;
}

const sizesOf = (b: typeof DEFAULT_BACKBONES) =>
  Object.entries(b)
    .map(([name, spec]) => `${name}=${spec.inputSize}`)
    .join(',');

const d = DEFAULT_CONFIG;
const program = new Command()
  .name('npm run train --')
  .description('Train the maskcheck ensemble on a labelled face folder (shared manifest or competition layout).')
  .option('--data <dir>', 'data folder: manifest.csv, or train/train.csv + train/images/', d.data)
  .option('--models <dir>', 'folder with the vendored backbone and detector models', d.models)
  .option('--out <dir>', 'where to write ensemble.json, heads and MODEL_CARD.md', d.out)
  .option('--runs <dir>', 'where each run writes config, log, metrics and plots', d.runs)
  .option('--cache <dir>', 'feature cache (reused across runs)', d.cache)
  .option('--workers <n>', 'feature-extraction processes (one per core)', positiveWholeNumber, d.workers)
  .option('--batch-size <n>', 'faces per backbone batch', positiveWholeNumber, d.batchSize)
  .option('--limit <n>', 'use only the first n photos, spread over sources (0 = all)', wholeNumber, d.limit)
  .option(
    '--source-limits <list>',
    'at most n faces of a source, e.g. utkface=5000,sh0116=0 ("" = every face of every source)',
    sourceLimits,
    d.sourceLimits,
  )
  .addOption(
    new Option('--input-sizes <list>', 'backbone input sizes in px, multiples of 32, e.g. faceres=160')
      .argParser(inputSizes)
      .default(d.inputSizes, sizesOf(DEFAULT_BACKBONES)),
  )
  .option('--no-synthesize', 'do not draw masks on bare faces')
  .addOption(
    new Option('--drawn <which>', 'drawn masks per bare face: one (wear or wrongly worn) or all placements')
      .choices(['one', 'all'])
      .default(d.drawn),
  )
  .addOption(
    new Option('--incorrect-per-face <n>', 'incorrect-mask drawings per bare face')
      .choices(['1', '2'])
      .default(String(d.incorrectPerFace)),
  )
  .option(
    '--real-incorrect-weight <f>',
    'extra weight on real photos of wrongly worn masks',
    finiteNumber,
    d.realIncorrectWeight,
  )
  .option('--val-fraction <f>', 'share of subjects held out for validation', fraction, d.valFraction)
  .option('--seed <n>', 'seed for split, mask styles and initialisation', wholeNumber, d.seed)
  .option('--epochs <n>', 'head training epochs', wholeNumber, d.epochs)
  .option('--hidden <n>', 'hidden units in each head', positiveWholeNumber, d.hidden)
  .option('--learning-rate <f>', 'Adam learning rate', positiveNumber, d.learningRate)
  .option('--dropout <f>', 'dropout before the outputs', fraction, d.dropout)
  .option('--train-batch <n>', 'head training batch size', positiveWholeNumber, d.trainBatch)
  .option('--sheet-size <n>', 'samples on the synthetic-mask contact sheet', wholeNumber, d.sheetSize)
  .option(
    '--members <ids>',
    `train heads for these members only, comma-separated (and those they borrow from; default all: ${DEFAULT_MEMBERS.map((m) => m.id).join(',')})`,
    memberList,
    d.members,
  )
  .showHelpAfterError();

program.parse();
const o = program.opts();
const config: TrainConfig = {
  ...d,
  ...o,
  incorrectPerFace: Number(o.incorrectPerFace) as 1 | 2,
  data: resolve(o.data),
  models: resolve(o.models),
  out: resolve(o.out),
  runs: resolve(o.runs),
  cache: resolve(o.cache),
};
train(config).catch((e: unknown) => {
  if (e instanceof DatasetError) console.error(`error: ${e.message}`);
  else console.error(e);
  process.exitCode = 1;
});
