/**
 * Writes `ensemble.json` (members, files, crop rules, class table, voting
 * rule, sha256 of every file, validation metrics, data sources) and
 * `MODEL_CARD.md` into the output folder, copying vendored models there when
 * it is not the models folder itself.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { HEAD_LABELS, NUM_CLASSES, className } from '../core/classes';
import type { BackboneSpec, EnsembleSpec, MemberSpec } from '../core/ensembleSpec';
import type { UnsureRule } from '../core/unsure';
import type { TrainConfig } from './config';
import { DEFAULT_DETECTOR, DEFAULT_MEMBERS, PHOTO_DETECTION, backbonesWithSizes } from './defaults';
import { originalFiles, unfusedModelPath } from './fuseModelFiles';
import { modelCard } from './modelCard';
import { checkTargets, type Summary } from '../node/reportTables';
import type { RunFolder } from '../node/runFolder';

export const VOTING = {
  rule: 'Each member casts one vote per head (mask, gender, age group): its arg-max. The label with most votes wins; the 18-class answer is 6*mask + 3*gender + age of the winners.',
  tie: 'Among tied labels, the one with the highest summed probability across all members wins; if that ties too, the lower label index wins.',
};

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** A graph/layers model's json and the weight files it names. */
function modelFiles(dir: string, json: string): string[] {
  const manifest = JSON.parse(readFileSync(join(dir, json), 'utf8')) as { weightsManifest: { paths: string[] }[] };
  return [json, ...manifest.weightsManifest.flatMap((g) => g.paths)];
}

/**
 * A short hash of a backbone's weights: its unfused original's json and weight
 * bytes. Build-time fusion leaves it alone (the original is kept), fine-tuning
 * changes it, so features cached from other weights are never reused.
 */
export function backboneWeightsHash(modelsDir: string, file: string): string {
  const path = unfusedModelPath(modelsDir, file);
  const hash = createHash('sha256');
  for (const f of modelFiles(dirname(path), basename(path))) hash.update(readFileSync(join(dirname(path), f)));
  return hash.digest('hex').slice(0, 16);
}

/** {@link backboneWeightsHash} of each backbone, by name. */
export function backboneWeights(modelsDir: string, backbones: Record<string, BackboneSpec>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(backbones).map(([name, b]) => [name, backboneWeightsHash(modelsDir, b.file)]),
  );
}

export interface ExportInput {
  config: TrainConfig;
  run: RunFolder;
  /** The members that ship (the trainer may leave one out); default all. */
  members?: Omit<MemberSpec, 'head'>[];
  unsure?: UnsureRule;
  /** Markdown table of the vote's mask figures on real validation photos, for the model card. */
  doorFigures?: string;
  headFiles: string[];
  metrics: Summary;
  dataSources: string[];
  backend: string;
}

export async function exportEnsemble(input: ExportInput): Promise<EnsembleSpec> {
  const { config, run } = input;
  const out = config.out;
  const vendored = [
    ...new Set([...DEFAULT_DETECTOR.models, ...PHOTO_DETECTION.models].map((m) => m.file)),
    ...Object.values(backbonesWithSizes(config.inputSizes)).map((b) => b.file),
  ].flatMap((f) => modelFiles(config.models, f));
  if (resolve(out) !== resolve(config.models)) {
    for (const f of vendored) copyFileSync(join(config.models, f), join(out, f));
    // Originals of fused graphs (not downloaded: the sha256 table does not list them), for fine-tuning.
    for (const f of vendored.filter((v) => v.endsWith('.json')).flatMap((v) => originalFiles(config.models, v))) {
      mkdirSync(dirname(join(out, f)), { recursive: true });
      copyFileSync(join(config.models, f), join(out, f));
    }
    for (const lic of ['LICENSE-human-models', 'PROVENANCE.md']) {
      if (existsSync(join(config.models, lic))) copyFileSync(join(config.models, lic), join(out, lic));
    }
  }
  const files = [...vendored, ...input.headFiles.map((f) => relative(out, f))];
  // Heads of members left out (or of an earlier ensemble) would be served and cached for nothing.
  const headsDir = join(out, 'heads');
  if (existsSync(headsDir))
    for (const f of readdirSync(headsDir)) if (!files.includes(`heads/${f}`)) rmSync(join(headsDir, f));
  const sha256: Record<string, string> = {};
  for (const f of files.sort()) sha256[f] = sha256File(join(out, f));
  const spec: EnsembleSpec = {
    format: 'maskcheck-ensemble',
    version: 1,
    createdAt: new Date().toISOString(),
    detector: { ...DEFAULT_DETECTOR, photo: PHOTO_DETECTION },
    backbones: backbonesWithSizes(config.inputSizes),
    members: (input.members ?? DEFAULT_MEMBERS).map((m) => ({ ...m, head: `heads/${m.id}.json` })),
    classes: Array.from({ length: NUM_CLASSES }, (_, i) => className(i)),
    heads: HEAD_LABELS,
    voting: VOTING,
    ...(input.unsure ? { unsure: input.unsure } : {}),
    sha256,
    metrics: {
      validation: { all: input.metrics.all, real: input.metrics.real },
      perSource: Object.fromEntries(Object.entries(input.metrics).filter(([g]) => g.startsWith('source:'))),
      targets: checkTargets(input.metrics),
      run: basename(run.dir),
      trainedOn: input.backend,
    },
    dataSources: input.dataSources,
  };
  writeFileSync(join(out, 'ensemble.json'), JSON.stringify(spec, null, 2) + '\n');
  // The run's pictures beside the card, so the card can show them.
  const cardDir = join(out, 'card');
  mkdirSync(cardDir, { recursive: true });
  for (const f of readdirSync(run.dir).filter((n) => n.endsWith('.png')))
    copyFileSync(join(run.dir, f), join(cardDir, f));
  writeFileSync(join(out, 'MODEL_CARD.md'), modelCard(spec, input.metrics, config, input.doorFigures));
  run.log(`exported ${spec.members.length} members to ${join(out, 'ensemble.json')}`);
  return spec;
}
