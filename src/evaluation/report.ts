/** ACCURACY report of an evaluation: Markdown with pictures, and a JSON of the numbers. */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { SIZE_BUCKETS } from '../core/detectionMatch';
import {
  WRONGLY_WORN_SOURCES,
  aged10PlusRows,
  ageBandRows,
  groupRows,
  scoreModels,
  summarize,
  type ModelScores,
} from '../core/evaluation';
import { maskRates } from '../core/maskRates';
import { predictionsCsv } from '../core/predictionsCsv';
import type { UnsureRule } from '../core/unsure';
import { writeBarChart, writeMatrixPanels } from '../node/plots';
import { ageBandTable, checkTargets, matrixPanels, metricsTable, targetsTable } from '../node/reportTables';
import type { RunFolder } from '../node/runFolder';
import { detectionSection, type DetectionSet } from './detection';
import { recallAtLeast48, type EvaluationResult } from './evaluate';
import { maskScores, maskStateTable, maskTargets, maskTargetsTable, wronglyWornTable } from './maskTables';
import { notSureSection } from './notSureReport';

export interface ReportContext {
  command: string;
  machine: string;
  data: string;
  ensembleCreated: string;
  elapsedS: number;
  /** ensemble.json's "not sure" rule; none means every answer is sure. */
  unsureRule?: UnsureRule;
}

/** The real street and web sets with real wrongly worn masks: the targets' "mask worn wrongly" figures. */
const WRONGLY_WORN_GROUP = `real:${WRONGLY_WORN_SOURCES.join('+')}`;

const pct = (f: number, t: number) => (t > 0 ? `${((100 * f) / t).toFixed(1)}% (${f}/${t})` : '–');

export function writeAccuracyReport(
  folder: RunFolder,
  markdownPath: string,
  r: EvaluationResult,
  ctx: ReportContext,
  detection: readonly DetectionSet[] = [],
): void {
  const rel = basename(folder.dir);
  const groups = { ...groupRows(r.rows), ...ageBandRows(r.rows), ...aged10PlusRows(r.rows) };
  for (const b of SIZE_BUCKETS) {
    const rows = r.rows.filter((x) => x.size === b);
    if (rows.length > 0) groups[`size:${b}`] = rows;
  }
  const wronglyWornRows = r.rows.filter((x) => !x.synthetic && WRONGLY_WORN_SOURCES.includes(x.source));
  if (wronglyWornRows.length > 0) groups[WRONGLY_WORN_GROUP] = wronglyWornRows;
  const scored: Record<string, Record<string, ModelScores>> = Object.fromEntries(
    Object.entries(groups).map(([g, rows]) => [g, scoreModels(rows)]),
  );
  const summary = Object.fromEntries(Object.entries(scored).map(([g, s]) => [g, summarize(s, { confusion: true })]));
  const real = groups.real ?? [];
  const mask = {
    all: maskScores(r.rows),
    real: maskScores(real),
    [WRONGLY_WORN_GROUP]: maskScores(wronglyWornRows),
  };
  const notSure = notSureSection(folder, rel, r.rows, real, ctx.unsureRule);
  const realUnsure = notSure.numbers.summary.real.mask;
  const targets = maskTargets({
    real: mask.real['vote, sure answers'],
    wronglyWornSets: mask[WRONGLY_WORN_GROUP]['vote, sure answers'],
    unsureShare: realUnsure && {
      count: realUnsure.unsure,
      total: realUnsure.faces,
      rate: realUnsure.faces > 0 ? realUnsure.unsure / realUnsure.faces : undefined,
    },
  });
  const r48 = recallAtLeast48(r.recall);
  const md: string[] = [
    '# Accuracy',
    '',
    `Made by \`${ctx.command}\` on ${new Date().toISOString().slice(0, 10)} (${ctx.machine}; ${ctx.elapsedS.toFixed(0)} s).`,
    `Data: \`${ctx.data}\`. Ensemble: \`models/ensemble.json\` created ${ctx.ensembleCreated}. Every figure below is`,
    'written by that command; none is edited by hand.',
    '',
    '## Detection',
    '',
    `Faces of 48 px and more found: **${pct(r48.found, r48.total)}** (target 95%).`,
    `False boxes: ${r.falseBoxes} in ${r.photosWithBoxes} photos whose faces all carry boxes (${r.photos} photos in all).`,
    '',
    '| face size | mask state | found |',
    '|---|---|---|',
    ...Object.entries(r.recall)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, c]) => `| ${k.split('/')[0]} px | ${k.split('/')[1]} | ${pct(c.found, c.total)} |`),
    '',
    ...detectionSection(detection),
    '## Mask targets',
    '',
    maskTargetsTable(targets),
    '',
    '## Mask states',
    '',
    'Recall and precision per mask state, and the two errors a door sign cannot afford: a bare face',
    'called masked (truth `not_wear`, answer `wear` or `incorrect`) and a masked face called bare',
    '(truth `wear` or `incorrect`, answer `not_wear`). "vote, sure answers" is the vote on the faces',
    'its mask answer is sure of (left out while no face is unsure); soft-vote is the mean of the',
    "members' probabilities per head, stacked a class-weighted logistic regression on them, fit on",
    'one half of these faces (split by subject) and scored on the other, both ways round.',
    '',
    '### All sources',
    '',
    maskStateTable(mask.all),
    '',
    '### Real photos only (no drawn or pasted masks)',
    '',
    maskStateTable(mask.real),
    '',
    `### Mask worn wrongly on ${WRONGLY_WORN_SOURCES.join(' + ')} (real photos)`,
    '',
    wronglyWornTable(mask[WRONGLY_WORN_GROUP]),
    '',
    ...notSure.md,
    '## Targets',
    '',
    targetsTable(checkTargets(summary)),
    '',
    '## By true age (faces whose age in years is known)',
    '',
    ageBandTable(summary),
  ];
  for (const [g, s] of Object.entries(summary)) md.push('', `## ${g}`, '', metricsTable(s));
  md.push('', '## Confusion matrices (all scored faces)', '');
  for (const [model, s] of Object.entries(scored.all ?? {})) {
    const file = `confusion-${model}.png`;
    writeMatrixPanels(folder.path(file), matrixPanels(model, s));
    md.push(`![${model}](${rel}/${file})`);
  }
  for (const [g, s] of Object.entries(scored)) {
    if (!s.vote || !(g.startsWith('source:') || g.startsWith('size:'))) continue;
    const file = `confusion-vote-${g.replace(/[^a-z0-9_-]+/gi, '_')}.png`;
    writeMatrixPanels(folder.path(file), matrixPanels(`vote, ${g}`, s.vote));
    md.push(`![vote ${g}](${rel}/${file})`);
  }
  writeBarChart(
    folder.path('macro-f1.png'),
    'Macro F1 per head (all scored faces)',
    (['mask', 'gender', 'age', 'class18'] as const).map((t) => ({
      label: t,
      values: Object.entries(summary.all ?? {}).flatMap(([m, v]) => (v[t] ? [{ name: m, value: v[t]!.macroF1 }] : [])),
    })),
  );
  md.push('', `![macro F1](${rel}/macro-f1.png)`, '', `## Faces not scored (${r.unscored.length})`, '');
  const reasons: Record<string, number> = {};
  r.unscored.forEach((u) => (reasons[u.reason] = (reasons[u.reason] ?? 0) + 1));
  md.push(...Object.entries(reasons).map(([k, v]) => `- ${k}: ${v}`));
  md.push('', `The full list is in \`${rel}/unscored.json\`.`, '');
  md.push(
    '## Every face',
    '',
    `\`${rel}/predictions.csv\`: one row per scored face: file, box, truth, each model's answer per head, the`,
    'vote\'s agreement, confidence and votes per head, and "not sure" per head.',
    '',
  );
  writeFileSync(folder.path('predictions.csv'), predictionsCsv(r.rows));
  writeFileSync(markdownPath, md.join('\n'));
  folder.writeJson('accuracy.json', {
    ...ctx,
    recall: r.recall,
    recall48: r48,
    falseBoxes: r.falseBoxes,
    photos: r.photos,
    detectionModes: detection,
    metrics: summary,
    maskRates: Object.fromEntries(
      Object.entries(mask).map(([g, byModel]) => [
        g,
        Object.fromEntries(Object.entries(byModel).flatMap(([m, sc]) => (sc ? [[m, maskRates(sc.confusion)]] : []))),
      ]),
    ),
    maskTargets: targets,
    unsureRule: ctx.unsureRule ?? null,
    notSure: notSure.numbers,
    unscored: r.unscored.length,
  });
  folder.writeJson('unscored.json', r.unscored);
}
