/**
 * Writes a model folder with a fine-tuned backbone: every file of the source
 * ensemble copied, the backbone's files replaced by the trained ones (same
 * topology and weight names), and ensemble.json's sha256 table updated, so
 * the app loads the folder as it is (`MASKCHECK_MODELS=<folder>`). A backbone
 * shipped fused (fuseModelFiles.ts) is written as it was trained, unfused, in
 * place of its original, and fused from it again. The heads
 * stay those of the source ensemble until `npm run train -- --models <folder>`
 * retrains them on the new features.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { validateEnsembleSpec, type EnsembleSpec } from '../core/ensembleSpec';
import { sha256File } from './exportEnsemble';
import { fusionMetadata, originalFiles, writeFusedModel } from './fuseModelFiles';
import { LANDMARK_MODEL } from './landmarks';
import type { TrainableGraph } from './trainableGraph';

export interface FineTuneExport {
  modelsDir: string;
  out: string;
  backbone: string;
  graph: TrainableGraph;
  /** What was trained and how, written beside ensemble.json as finetune.json. */
  report: unknown;
}

function weightFiles(jsonPath: string): string[] {
  const json = JSON.parse(readFileSync(jsonPath, 'utf8')) as { weightsManifest: { paths: string[] }[] };
  return json.weightsManifest.flatMap((g) => g.paths);
}

export async function writeFineTunedModels(e: FineTuneExport): Promise<EnsembleSpec> {
  if (resolve(e.out) === resolve(e.modelsDir)) throw new Error('fine-tuned models go to a folder of their own');
  const spec = validateEnsembleSpec(JSON.parse(readFileSync(join(e.modelsDir, 'ensemble.json'), 'utf8')));
  const backbone = spec.backbones[e.backbone];
  if (!backbone) throw new Error(`ensemble.json has no backbone "${e.backbone}"`);
  const dir = dirname(backbone.file);
  const oldFiles = new Set([backbone.file, ...weightFiles(join(e.modelsDir, backbone.file)).map((p) => join(dir, p))]);
  const kept = Object.keys(spec.sha256).filter((f) => !oldFiles.has(f));
  // The other fused models' originals too, so the folder can be fine-tuned again, and the trainer's
  // landmark model, so `npm run train -- --models <out>` can draw its masks.
  const keptOriginals = kept.filter((f) => f.endsWith('.json')).flatMap((f) => originalFiles(e.modelsDir, f));
  const landmarks = [LANDMARK_MODEL, ...weightFiles(join(e.modelsDir, LANDMARK_MODEL))];
  for (const f of [...kept, ...keptOriginals, ...landmarks, 'LICENSE-human-models', 'PROVENANCE.md']) {
    if (!existsSync(join(e.modelsDir, f))) continue;
    mkdirSync(dirname(join(e.out, f)), { recursive: true });
    copyFileSync(join(e.modelsDir, f), join(e.out, f));
  }
  const fused = fusionMetadata(join(e.modelsDir, backbone.file));
  let written: string[];
  if (fused) {
    const [original] = await e.graph.save(join(e.out, fused.fusedFrom.file));
    const storage = fused.fusedWeights === 'float32' ? 'float32' : 'as-original';
    written = (await writeFusedModel(e.out, original, join(e.out, backbone.file), storage)).files;
  } else written = await e.graph.save(join(e.out, backbone.file));
  const files = [...kept, ...written.map((p) => relative(e.out, p))].sort();
  const sha256 = Object.fromEntries(files.map((f) => [f, sha256File(join(e.out, f))]));
  const out: EnsembleSpec = { ...spec, sha256 };
  writeFileSync(join(e.out, 'ensemble.json'), JSON.stringify(out, null, 2) + '\n');
  writeFileSync(join(e.out, 'finetune.json'), JSON.stringify(e.report, null, 2) + '\n');
  return out;
}
