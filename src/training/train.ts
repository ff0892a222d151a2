/** The whole training path, stage by stage, logged into the run folder. */
import { join } from 'node:path';
import type { FaceRecord } from '../core/manifest';
import { capSources, spreadOverSources } from '../core/recordSelection';
import type { TrainConfig } from './config';
import { writeContactSheet } from './contactSheet';
import { DEFAULT_DETECTOR, DEFAULT_MEMBERS, backbonesWithSizes } from './defaults';
import { backboneWeights } from './exportEnsemble';
import { extractFeatures } from './extract';
import { cacheKey } from './featureLayout';
import { FeatureExtractor } from './featureExtractor';
import { importDataset } from '../node/importers';
import { fileModelSource, initNodeBackend } from '../node/runtime';
import { terminalProgress } from '../node/progress';
import { installFastTransposedMatMul } from '../node/wasmKernels';
import { createRunFolder, type RunFolder } from '../node/runFolder';
import { buildSamples, type Sample } from './samples';
import { trainAndExport } from './trainHeads';

export async function train(config: TrainConfig): Promise<RunFolder> {
  const run = createRunFolder(config.runs);
  const t0 = Date.now();
  const { log } = run;
  run.writeJson('config.json', config);
  log(`run folder: ${run.dir}`);
  const backend = await initNodeBackend(log);
  if (installFastTransposedMatMul())
    log('wasm: transposed matMul routed through an explicit transpose (dense gradients ~40x faster)');

  const imported = importDataset(config.data);
  log(`data: ${config.data} (${imported.layout} layout): ${imported.records.length} faces`);
  if (imported.issues.length > 0) {
    log(`dropped ${imported.issues.length} row(s) with problems; first ones:`);
    imported.issues.slice(0, 20).forEach((i) => log(`  ${i.origin}: ${i.message}`));
    run.writeJson('import-issues.json', imported.issues);
  }
  if (imported.records.length === 0) throw new Error('no usable rows: nothing to train on');
  const capped = capSources(imported.records, config.sourceLimits);
  if (capped.length < imported.records.length)
    log(
      `source limits ${Object.entries(config.sourceLimits)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}: ${capped.length} of ${imported.records.length} faces kept`,
    );
  const records = config.limit > 0 ? spreadOverSources(capped, config.limit) : capped;
  const samples = buildSamples(records, {
    synthesize: config.synthesize,
    incorrectPerFace: config.incorrectPerFace,
    drawn: config.drawn,
  });
  log(
    `samples: ${samples.length} from ${records.length} faces (${samples.filter((s) => s.variant !== 'original').length} with drawn masks)`,
  );

  await contactSheet(samples, config, run);

  // Keyed on the weights too: a fine-tuned --models folder gets its own cache.
  const backbones = backbonesWithSizes(config.inputSizes);
  const weights = backboneWeights(config.models, backbones);
  const cacheDir = join(config.cache, cacheKey(DEFAULT_DETECTOR, backbones, DEFAULT_MEMBERS, weights));
  const progress = terminalProgress(log);
  const tExtract = Date.now();
  const entries = await extractFeatures(samples, {
    cacheDir,
    modelsDir: config.models,
    detector: DEFAULT_DETECTOR,
    backbones,
    members: DEFAULT_MEMBERS,
    workers: config.workers,
    batchSize: config.batchSize,
    progress,
    log,
  });
  log(`features ready in ${((Date.now() - tExtract) / 1000).toFixed(0)} s (cache ${cacheDir})`);

  await trainAndExport({
    config,
    run,
    samples,
    entries,
    cacheDir,
    backend,
    progress,
    dataSources: sourcesOf(records),
    members: DEFAULT_MEMBERS,
  });
  log(`done in ${((Date.now() - t0) / 60_000).toFixed(1)} min`);
  return run;
}

function sourcesOf(records: readonly FaceRecord[]): string[] {
  return [...new Set(records.map((r) => r.source))].sort();
}

async function contactSheet(samples: readonly Sample[], config: TrainConfig, run: RunFolder): Promise<void> {
  const drawn = samples.filter((s) => s.variant !== 'original');
  if (drawn.length === 0 || config.sheetSize === 0) return;
  // The same number of each placement, spread over the data; then as many real
  // wrongly worn masks, so drawn and real ones can be compared side by side.
  const variants = [...new Set(drawn.map((s) => s.variant))];
  const per = Math.ceil(config.sheetSize / variants.length);
  const spread = (of: readonly Sample[], n: number) => {
    const step = Math.max(1, Math.floor(of.length / n));
    return of.filter((_, i) => i % step === 0).slice(0, n);
  };
  const picked = variants.flatMap((v) =>
    spread(
      drawn.filter((s) => s.variant === v),
      per,
    ),
  );
  const real = spread(
    samples.filter((s) => s.variant === 'original' && s.mask === 'incorrect' && !s.synthetic),
    config.sheetSize,
  );
  const extractor = await FeatureExtractor.load(
    fileModelSource(config.models),
    DEFAULT_DETECTOR,
    backbonesWithSizes(config.inputSizes),
    DEFAULT_MEMBERS,
  );
  const thumbs = [];
  for (const s of [...picked, ...real]) {
    try {
      const p = await extractor.prepare(s);
      const caption = s.variant === 'original' ? `real ${s.source}` : `drawn ${s.variant}`;
      thumbs.push({ image: p.canvas, caption: `${caption} ${s.gender ?? ''} ${s.ageGroup ?? ''}`.trim() });
    } catch (e) {
      run.log(`contact sheet: skipped ${s.path}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  extractor.dispose();
  writeContactSheet(run.path('synthetic-masks.png'), thumbs);
  run.log(
    `contact sheet (${picked.length} drawn, ${real.length} real wrongly worn): ${run.path('synthetic-masks.png')}`,
  );
}
