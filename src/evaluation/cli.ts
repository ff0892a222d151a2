/**
 * `npm run eval -- --data <manifest or competition folder>`: scores the shipped
 * ensemble and the peer baselines on a labelled set; writes a Markdown report
 * with pictures and a JSON of the numbers.
 */
import { Command, Option } from 'commander';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadEnsemble } from '../inference';
import { fraction, wholeNumber } from '../node/cliNumbers';
import { DatasetError, importDataset } from '../node/importers';
import { fileEnsembleSource, initNodeBackend } from '../node/runtime';
import { terminalProgress } from '../node/progress';
import { openFolder } from '../node/runFolder';
import { isValidation, spreadOverSources } from '../core/recordSelection';
import { faceApiBaseline, faceresBaseline, type Baseline } from './baselines';
import { detectionSets } from './detection';
import { evaluate } from './evaluate';
import { writeAccuracyReport } from './report';

const program = new Command()
  .name('npm run eval --')
  .description('Score the shipped ensemble (detector, members, vote) and peer models on a labelled face folder.')
  .option('--data <dir>', 'data folder: manifest.csv, or train/train.csv + train/images/', '../shared/data')
  .option('--models <dir>', 'folder with ensemble.json', 'models')
  .option('--report <file>', 'Markdown report to write; pictures and JSON go in a folder beside it', 'docs/ACCURACY.md')
  .addOption(
    new Option('--subjects <which>', 'score all subjects, or only the validation subjects of training')
      .choices(['all', 'validation'])
      .default('all'),
  )
  .option('--val-fraction <f>', 'validation share used in training (with --subjects validation)', fraction, 0.2)
  .option('--seed <n>', 'split seed used in training (with --subjects validation)', wholeNumber, 1)
  .option('--sources <list>', 'only these sources, comma-separated')
  .option('--limit <n>', 'at most n faces, spread over sources (0 = all)', wholeNumber, 0)
  .option('--no-baselines', 'skip faceres and face-api')
  .option(
    '--composites <n>',
    'large composite scenes for the single-pass vs tiled detection table (0 = none)',
    wholeNumber,
    30,
  )
  .showHelpAfterError();

async function main(): Promise<void> {
  const started = Date.now();
  program.parse();
  const o = program.opts();
  const report = resolve(o.report);
  const folder = openFolder(join(dirname(report), report.replace(/^.*\//, '').replace(/\.md$/i, '').toLowerCase()));
  const log = folder.log;
  const backend = await initNodeBackend(log);
  const imported = importDataset(resolve(o.data));
  if (imported.issues.length > 0)
    log(
      `dropped ${imported.issues.length} row(s) with problems (first: ${imported.issues[0].origin}: ${imported.issues[0].message})`,
    );
  let records = imported.records;
  if (o.sources) {
    const keep = new Set(String(o.sources).split(','));
    records = records.filter((r) => keep.has(r.source));
  }
  if (o.subjects === 'validation') records = records.filter((r) => isValidation(r.subject, o.valFraction, o.seed));
  // Detection composites and whole photos: these subjects, every source (not cut by --sources or --limit).
  const detectionPool = imported.records.filter(
    (r) => o.subjects !== 'validation' || isValidation(r.subject, o.valFraction, o.seed),
  );
  if (o.limit > 0) records = spreadOverSources(records, o.limit);
  log(`evaluating ${records.length} faces from ${o.data} (${imported.layout} layout, subjects: ${o.subjects})`);

  const modelsDir = resolve(o.models);
  const ensemble = await loadEnsemble(fileEnsembleSource(modelsDir));
  const spec = ensemble.spec;
  const baselines: Baseline[] = [];
  if (o.baselines) {
    const fr = faceresBaseline(ensemble);
    if (fr) baselines.push(fr);
    const fa = await faceApiBaseline();
    if (fa) baselines.push(fa);
    else log('face-api not installed: its baseline is skipped');
  }
  const result = await evaluate(records, ensemble, baselines, terminalProgress(log), { dataDir: resolve(o.data) });
  const detection = await detectionSets(
    detectionPool,
    ensemble.detector,
    o.composites,
    resolve('.cache'),
    terminalProgress(log),
  );
  const args = process.argv.slice(2).join(' ');
  writeAccuracyReport(
    folder,
    report,
    result,
    {
      command: `npm run eval -- ${args}`.trim(),
      machine: `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, tfjs ${backend}`,
      data: o.data,
      ensembleCreated: spec.createdAt,
      unsureRule: spec.unsure,
      elapsedS: (Date.now() - started) / 1000,
    },
    detection,
  );
  log(`report: ${report}; ${result.rows.length} faces scored, ${result.unscored.length} not scored`);
  baselines.forEach((b) => b.dispose());
  ensemble.dispose();
}

main().catch((e: unknown) => {
  console.error(e instanceof DatasetError ? `error: ${e.message}` : e);
  process.exitCode = 1;
});
