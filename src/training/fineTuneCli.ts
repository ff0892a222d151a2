/**
 * `npm run finetune -- [options]`: fine-tunes one backbone's top blocks (or
 * all of it) with a scaffold head on the labelled photos, resumably, and
 * writes a model folder the app loads. Run the same command again after an
 * interruption: cached activations and the last checkpoint are picked up.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateEnsembleSpec } from '../core/ensembleSpec';
import { hashString } from '../core/random';
import { capSources, spreadOverSources } from '../core/recordSelection';
import { DEFAULT_CONFIG } from './config';
import { backboneWeightsHash } from './exportEnsemble';
import { fineTune } from './fineTune';
import { cachedData, cacheActivations, cutShape } from './fineTuneData';
import { writeFineTunedModels } from './fineTuneExport';
import { unfusedModelPath } from './fuseModelFiles';
import { saveHead } from './headExport';
import { fraction, positiveNumber, positiveWholeNumber, sourceLimits, wholeNumber } from '../node/cliNumbers';
import { DatasetError, importDataset } from '../node/importers';
import { fileModelSource, initNodeBackend } from '../node/runtime';
import { checkGraphParity } from './parity';
import { terminalProgress } from '../node/progress';
import { buildSamples } from './samples';
import { TrainableGraph } from './trainableGraph';
import { installFastTransposedMatMul } from '../node/wasmKernels';

/** Where each backbone is cut by default: FaceRes' last two blocks (from its 14x14x512 map); all of MobileFace. */
export const DEFAULT_CUTS: Record<string, string | undefined> = {
  faceres: 'conv_pw_11_relu/clip_by_value',
  mobileface: undefined,
};

const d = DEFAULT_CONFIG;
const program = new Command()
  .name('npm run finetune --')
  .description('Fine-tune a backbone of the ensemble on a labelled face folder; writes a model folder the app loads.')
  .option('--data <dir>', 'data folder: manifest.csv, or train/train.csv + train/images/', d.data)
  .option('--models <dir>', 'ensemble folder to start from', d.models)
  .option('--out <dir>', 'model folder to write (ensemble.json with the fine-tuned backbone)', 'models-finetuned')
  .option('--work <dir>', 'checkpoints, activation cache and log (default runs/finetune-<what>)')
  .option('--backbone <name>', 'backbone to fine-tune (a key of ensemble.json backbones)', 'faceres')
  .option('--member <id>', "member whose crop and pooling feed the scaffold head (default: the backbone's first)")
  .option(
    '--from <node>',
    "cut node: the graph above it is trained (default: faceres' last two blocks, all of mobileface)",
  )
  .option('--epochs <n>', 'epochs', wholeNumber, 3)
  .option('--batch-size <n>', 'faces per step', positiveWholeNumber, 32)
  .option('--learning-rate <f>', 'Adam learning rate of the scaffold head', positiveNumber, 1e-3)
  .option('--backbone-learning-rate <f>', 'Adam learning rate of the backbone weights', positiveNumber, 1e-4)
  .option('--hidden <n>', 'hidden units of the scaffold head', positiveWholeNumber, d.hidden)
  .option('--dropout <f>', 'dropout of the scaffold head', fraction, d.dropout)
  .option('--limit <n>', 'use only the first n photos, spread over sources (0 = all)', wholeNumber, 0)
  .option(
    '--source-limits <list>',
    'at most n faces of a source, e.g. utkface=0 ("" = every face, as npm run train)',
    sourceLimits,
    d.sourceLimits,
  )
  .option('--freeze-backbone', 'train the scaffold head alone on the frozen top: the baseline to beat', false)
  .option('--workers <n>', 'processes preparing the activations (one per core)', positiveWholeNumber, 2)
  .addOption(
    new Option('--shard <k/n>', 'internal: cache the k-th of n shares of the activations, then exit')
      .argParser(shareOf)
      .hideHelp(),
  )
  .option('--no-synthesize', 'do not draw masks on bare faces')
  .option('--val-fraction <f>', 'share of subjects held out (as npm run train)', fraction, d.valFraction)
  .option('--seed <n>', 'seed for split, order and initialisation (as npm run train)', wholeNumber, d.seed)
  .option('--checkpoint-every <n>', 'steps between checkpoints', positiveWholeNumber, 25)
  .option('--stop-after <n>', 'stop (checkpointed) after n steps; run again to go on', wholeNumber)
  .showHelpAfterError();

async function main(): Promise<void> {
  program.parse();
  const o = program.opts();
  const models = resolve(o.models as string);
  const backendName = await initNodeBackend(console.log);
  installFastTransposedMatMul();

  const spec = validateEnsembleSpec(JSON.parse(readFileSync(join(models, 'ensemble.json'), 'utf8')));
  const backbone = spec.backbones[o.backbone as string];
  if (!backbone) throw new DatasetError(`ensemble.json has no backbone "${o.backbone}"`);
  const member = spec.members.find((m) => (o.member ? m.id === o.member : m.backbone === o.backbone));
  if (!member || member.backbone !== o.backbone)
    throw new DatasetError(`no member ${o.member ?? ''} on backbone ${o.backbone}`);
  const from = (o.from as string | undefined) ?? DEFAULT_CUTS[o.backbone as string];
  // What the activations depend on (one cache per data set and cut) and, apart, what the training does.
  const dataKey = {
    backbone: o.backbone,
    // The weights trained: the unfused original's json and bytes (fusion leaves them alone).
    weights: backboneWeightsHash(models, backbone.file),
    from: from ?? 'input',
    member: member.id,
    data: resolve(o.data as string),
    limit: o.limit,
    synthesize: o.synthesize,
    sourceLimits: o.sourceLimits as Record<string, number>,
    drawn: d.drawn,
  };
  const trainKey = {
    valFraction: o.valFraction,
    seed: o.seed,
    batchSize: o.batchSize,
    learningRate: o.learningRate,
    backboneLearningRate: o.backboneLearningRate,
    freezeBackbone: o.freezeBackbone as boolean,
    hidden: o.hidden,
    dropout: o.dropout,
  };
  const what = { ...dataKey, ...trainKey };
  const hex = (x: unknown) => hashString(JSON.stringify(x)).toString(16).padStart(8, '0');
  const signature = hex(what);
  const work = resolve((o.work as string | undefined) ?? join('runs', `finetune-${o.backbone}-${hex(dataKey)}`));
  mkdirSync(work, { recursive: true });
  const shard = o.shard as [number, number] | undefined;
  const log = (msg: string) => {
    const line = shard ? `[share ${shard[0] + 1}/${shard[1]}] ${msg}` : msg;
    console.log(line);
    appendFileSync(join(work, 'log.txt'), `${new Date().toISOString()} ${line}\n`);
  };
  log(
    `fine-tune ${o.backbone} above ${from ?? 'its input'} with member ${member.id}'s crop and pooling` +
      `${o.freezeBackbone ? ' (backbone frozen: scaffold head only)' : ''}; work folder ${work}, run ${signature}`,
  );

  const graph = await TrainableGraph.load(unfusedModelPath(models, backbone.file), { from, output: backbone.output });
  log(`trainable: ${graph.variables.size} weights, ${graph.parameterCount} parameters`);
  const parity = await checkGraphParity(graph, fileModelSource(models), backbone);
  log(`trainer forward vs the app's fused graph: max difference ${parity.toExponential(2)} (relative)`);

  // The photos and drawn masks of `npm run train` with its defaults: same sample ids, same split.
  const imported = importDataset(resolve(o.data as string));
  const capped = capSources(imported.records, dataKey.sourceLimits);
  const records = (o.limit as number) > 0 ? spreadOverSources(capped, o.limit as number) : capped;
  const samples = buildSamples(records, {
    synthesize: o.synthesize as boolean,
    incorrectPerFace: d.incorrectPerFace,
    drawn: d.drawn,
  });
  log(`samples: ${samples.length} from ${records.length} faces`);

  const progress = terminalProgress(log);
  const cacheDir = join(work, 'activations');
  const workers = shard ? 1 : (o.workers as number);
  // The other shares are prepared by copies of this command, one process per core (WASM uses one).
  const helpers = Array.from({ length: workers - 1 }, (_, i) => cacheShare(i + 1, workers));
  await cacheActivations(samples, {
    cacheDir,
    source: fileModelSource(models),
    spec,
    member,
    graph,
    batchSize: 16,
    shard: shard ?? (workers > 1 ? [0, workers] : undefined),
    progress,
    log,
  });
  if (shard) return;
  const failed = (await Promise.all(helpers)).filter((code) => code !== 0).length;
  if (failed > 0) throw new Error(`${failed} activation process(es) failed; run the same command again to go on`);
  const { data } = cachedData(
    cacheDir,
    cutShape(graph, backbone.inputSize),
    samples,
    o.valFraction as number,
    o.seed as number,
  );
  log(`rows: ${data.count} (${data.validation.filter(Boolean).length} validation)`);

  const result = await fineTune(graph, data, {
    epochs: o.epochs as number,
    batchSize: o.batchSize as number,
    learningRate: o.learningRate as number,
    backboneLearningRate: o.backboneLearningRate as number,
    freezeBackbone: o.freezeBackbone as boolean,
    hidden: o.hidden as number,
    dropout: o.dropout as number,
    seed: o.seed as number,
    pooling: member.pooling,
    checkpoint: join(work, `checkpoint-${signature}`),
    checkpointEvery: o.checkpointEvery as number,
    stopAfterSteps: o.stopAfter as number | undefined,
    signature,
    progress,
    log,
  });
  if (!result.finished) {
    log('not finished: run the same command again to go on from the checkpoint');
    return;
  }
  await saveHead(result.head, join(work, `scaffold-head-${signature}.json`));
  if (o.freezeBackbone) {
    log('backbone frozen: nothing to write beside the scaffold head');
    return;
  }
  const out = resolve(o.out as string);
  await writeFineTunedModels({
    modelsDir: models,
    out,
    backbone: o.backbone as string,
    graph,
    report: { ...what, trainedOn: backendName, parameters: graph.parameterCount, epochs: result.epochs },
  });
  log(
    `wrote ${out}; retrain the heads on it (its weights get a feature cache of their own): ` +
      `npm run train -- --models ${out} --out ${out}`,
  );
}

/** Runs this command again for one share of the activations; resolves to its exit code. */
function cacheShare(k: number, n: number): Promise<number> {
  const args = [...process.argv.slice(2), '--shard', `${k}/${n}`];
  const child = fork(fileURLToPath(import.meta.url), args, { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  return new Promise((done) => child.on('exit', (code) => done(code ?? 1)));
}

function shareOf(value: string): [number, number] {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!m || Number(m[1]) >= Number(m[2])) throw new InvalidArgumentError('expected k/n with 0 <= k < n');
  return [Number(m[1]), Number(m[2])];
}

main().catch((e: unknown) => {
  if (e instanceof DatasetError) console.error(`error: ${e.message}`);
  else console.error(e);
  process.exitCode = 1;
});
