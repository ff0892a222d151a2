/**
 * Re-renders MODEL_CARD.md of a trained models folder from its ensemble.json
 * and the run folder that made it (config.json, metrics.json, the door-figures
 * table in log.txt), after a change to the card's wording: no retraining.
 *
 *   npx tsx scripts/model-card.ts --run runs/<timestamp> --models models
 */
import { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateEnsembleSpec } from '../src/core/ensembleSpec';
import { DEFAULT_CONFIG, type TrainConfig } from '../src/training/config';
import { modelCard } from '../src/training/modelCard';

const o = new Command()
  .requiredOption('--run <dir>', 'run folder of the training run that wrote the models')
  .requiredOption('--models <dir>', 'models folder with its ensemble.json; MODEL_CARD.md is rewritten there')
  .parse()
  .opts<{ run: string; models: string }>();

const spec = validateEnsembleSpec(JSON.parse(readFileSync(join(o.models, 'ensemble.json'), 'utf8')));
const config: TrainConfig = { ...DEFAULT_CONFIG, ...JSON.parse(readFileSync(join(o.run, 'config.json'), 'utf8')) };
const metrics = JSON.parse(readFileSync(join(o.run, 'metrics.json'), 'utf8'));
// The trainer logs the table after this line; it ends at the first line that is not a table row.
const log = readFileSync(join(o.run, 'log.txt'), 'utf8').split('\n');
const at = log.findIndex((l) => l.includes('door figures (vote, real validation photos):'));
const rows: string[] = [];
if (at >= 0)
  for (const l of log.slice(at + 1))
    if (l.startsWith('|')) rows.push(l);
    else break;
const door = rows.length > 0 ? rows.join('\n') : undefined;
if (!door) console.warn('no door figures in log.txt: the card leaves them out');
writeFileSync(join(o.models, 'MODEL_CARD.md'), modelCard(spec, metrics, config, door));
console.log(`wrote ${join(o.models, 'MODEL_CARD.md')}`);
