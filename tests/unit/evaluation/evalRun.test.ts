import Papa from 'papaparse';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HEADS, MASK_STATES } from '../../../src/core/classes';
import { validateEnsembleSpec, type EnsembleSpec } from '../../../src/core/ensembleSpec';
import { predictionColumns } from '../../../src/core/predictionsCsv';
import { spreadOverSources } from '../../../src/core/recordSelection';
import { faceresBaseline } from '../../../src/evaluation/baselines';
import { evaluate, type EvaluationResult } from '../../../src/evaluation/evaluate';
import { writeAccuracyReport } from '../../../src/evaluation/report';
import { Ensemble } from '../../../src/inference/ensemble';
import { importDataset } from '../../../src/node/importers';
import { fileModelSource, initNodeBackend } from '../../../src/node/runtime';
import type { Progress } from '../../../src/node/progress';
import { openFolder } from '../../../src/node/runFolder';
import { DATA_DIR, MODELS_DIR } from '../../helpers/data';

// A tiny eval run of the shipped ensemble on six faces (portraits and real
// street/web faces with boxes), written out as the CLI writes it.
const silentProgress: Progress = { bar: () => ({ increment() {}, stop() {} }) };

describe('eval run on a few faces', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mc-eval-'));
  const report = join(dir, 'ACCURACY.md');
  const folder = openFolder(join(dir, 'accuracy'), false);
  let spec: EnsembleSpec;
  let result: EvaluationResult;

  beforeAll(async () => {
    await initNodeBackend();
    spec = validateEnsembleSpec(JSON.parse(readFileSync(join(MODELS_DIR, 'ensemble.json'), 'utf8')));
    const ensemble = await Ensemble.load(spec, fileModelSource(MODELS_DIR));
    const records = importDataset(DATA_DIR).records.filter((r) => ['utkface', 'ilc2021'].includes(r.source));
    const faceres = faceresBaseline(ensemble)!;
    result = await evaluate(spreadOverSources(records, 6), ensemble, [faceres], silentProgress, { dataDir: DATA_DIR });
    writeAccuracyReport(folder, report, result, {
      command: 'test',
      machine: 'test',
      data: DATA_DIR,
      ensembleCreated: spec.createdAt,
      elapsedS: 0,
    });
    ensemble.dispose();
  }, 300_000);

  it('writes predictions.csv: one row per scored face with file, box, truth, every model, confidence and unsure', () => {
    expect(result.rows.length).toBeGreaterThanOrEqual(5);
    const parsed = Papa.parse<Record<string, string>>(readFileSync(folder.path('predictions.csv'), 'utf8'), {
      header: true,
    });
    expect(parsed.errors).toEqual([]);
    const members = spec.members.map((m) => m.id);
    const models = parsed.meta
      .fields!.filter((f) => f.endsWith('_mask') && f !== 'truth_mask')
      .map((f) => f.slice(0, -5));
    expect(models.slice(0, members.length + 2)).toEqual([...members, 'vote', 'soft-vote']);
    expect(models).toContain('faceres');
    expect(parsed.meta.fields).toEqual(predictionColumns(models));
    expect(parsed.data).toHaveLength(result.rows.length);
    parsed.data.forEach((row, i) => {
      const face = result.rows[i];
      expect(row.file).toBe(face.file);
      expect(existsSync(join(DATA_DIR, row.file)), row.file).toBe(true);
      expect(row.file.startsWith('/'), 'relative to the data folder').toBe(false);
      expect(Number(row.w)).toBeGreaterThan(0);
      expect(row.truth_mask).toBe(MASK_STATES[face.truth.mask!]);
      expect(row.vote_mask).toBe(MASK_STATES[face.predictions.vote.mask!]);
      for (const m of members) expect(MASK_STATES).toContain(row[`${m}_mask`]);
      for (const h of HEADS) expect(row[`${h}_unsure`]).toMatch(/^(true|false)$/);
      expect(Number(row.confidence)).toBeGreaterThan(0);
    });
  });

  it('writes confusion counts beside accuracy and macro F1 for every head and model in accuracy.json', () => {
    const json = JSON.parse(readFileSync(folder.path('accuracy.json'), 'utf8'));
    const vote = json.metrics.all.vote.mask;
    expect(vote.confusion.labels).toEqual(['wear', 'incorrect', 'not_wear']);
    expect(vote.confusion.counts.flat().reduce((a: number, b: number) => a + b, 0)).toBe(vote.n);
    expect(json.metrics.all.faceres.gender.confusion.labels).toEqual(['male', 'female']);
    for (const m of spec.members) expect(json.metrics['source:ilc2021'][m.id].mask.confusion.counts).toHaveLength(3);
    expect(json.maskRates.real.vote.bareCalledMasked.total).toBeGreaterThan(0);
    expect(json.notSure.summary.all.mask.faces).toBe(result.rows.length);
  });

  it('writes the mask tables, the not-sure section and a coverage picture per head', () => {
    const md = readFileSync(report, 'utf8');
    for (const heading of [
      '## Mask targets',
      '### All sources',
      '### Real photos only',
      '### Mask worn wrongly',
      '## Not sure',
    ])
      expect(md).toContain(heading);
    expect(md).toMatch(/\| soft-vote \| \d+ \|/);
    for (const h of HEADS) expect(existsSync(folder.path(`coverage-${h}.png`)), h).toBe(true);
  });
});
