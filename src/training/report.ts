/** Validation report of a run: metrics.md with tables, confusion matrices and charts, and the targets. */
import { writeFileSync } from 'node:fs';
import { TASKS, WRONGLY_WORN_SOURCES, summarize, type EvalRow, type ModelScores } from '../core/evaluation';
import { maskRates } from '../core/maskRates';
import { writeBarChart, writeMatrixPanels } from '../node/plots';
import { checkTargets, matrixPanels, metricsTable, targetsTable, type Summary } from '../node/reportTables';
import type { RunFolder } from '../node/runFolder';
import type { TrainConfig } from './config';

/** Writes metrics.md and the pictures; returns the compact numbers per group. */
export function writeReport(
  run: RunFolder,
  scored: Record<string, Record<string, ModelScores>>,
  config: TrainConfig,
): Summary {
  const summary: Summary = Object.fromEntries(Object.entries(scored).map(([g, s]) => [g, summarize(s)]));
  const md: string[] = [
    `# Validation report`,
    '',
    `Validation: ${config.valFraction * 100}% of subjects (seed ${config.seed}), split by subject.`,
    '',
  ];
  const targets = checkTargets(summary);
  md.push('## Targets', '', targetsTable(targets));
  for (const [group, s] of Object.entries(summary)) {
    md.push('', `## ${group}`, '', metricsTable(s), '');
  }
  const all = scored.all;
  for (const [model, s] of Object.entries(all)) {
    const file = `confusion-${model}.png`;
    writeMatrixPanels(run.path(file), matrixPanels(model, s));
    md.push(`![${model}](${file})`);
  }
  for (const [group, s] of Object.entries(scored)) {
    if (!group.startsWith('source:') || !s.vote) continue;
    const file = `confusion-vote-${group.slice(7)}.png`;
    writeMatrixPanels(run.path(file), matrixPanels(`vote on ${group.slice(7)}`, s.vote));
    md.push(`![${group}](${file})`);
  }
  writeBarChart(
    run.path('macro-f1.png'),
    'Validation macro F1 per head (all faces)',
    TASKS.map((t) => ({
      label: t,
      values: Object.entries(summary.all).flatMap(([m, v]) => (v[t] ? [{ name: m, value: v[t]!.macroF1 }] : [])),
    })),
  );
  md.push('', '![macro F1](macro-f1.png)', '');
  writeFileSync(run.path('metrics.md'), md.join('\n'));
  run.writeJson('targets.json', targets);
  targets.forEach((t) =>
    run.log(
      `target ${t.met ? 'met   ' : t.measured ? 'MISSED' : 'n/a   '} ${t.name}: ${t.value.toFixed(4)} (${t.target})`,
    ),
  );
  return summary;
}

/**
 * The door figures of the vote on real validation photos, as the targets are
 * written: recall and precision of each mask state, bare faces called masked,
 * masked faces called bare, and wrongly worn masks on ilc2021 + kaggle_facemask.
 */
export function doorFiguresTable(rows: readonly EvalRow[], model = 'vote'): string {
  const confusionOf = (pick: (r: EvalRow) => boolean) => {
    const m = [0, 1, 2].map(() => [0, 0, 0]);
    for (const r of rows) {
      const t = r.truth.mask;
      const p = r.predictions[model]?.mask;
      if (t === undefined || p === undefined || r.synthetic || !pick(r)) continue;
      m[t][p]++;
    }
    return m;
  };
  const pct = (v: number | undefined) => (v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);
  const line = (name: string, pick: (r: EvalRow) => boolean) => {
    const r = maskRates(confusionOf(pick));
    const inc = r.perState.incorrect;
    return `| ${name} | ${r.perState.incorrect.support} | ${pct(inc.recall)} | ${pct(inc.precision)} | ${pct(r.perState.wear.recall)} | ${pct(r.perState.not_wear.recall)} | ${pct(r.bareCalledMasked.rate)} (${r.bareCalledMasked.count}/${r.bareCalledMasked.total}) | ${pct(r.maskedCalledBare.rate)} (${r.maskedCalledBare.count}/${r.maskedCalledBare.total}) |`;
  };
  return [
    '| real validation photos | wrongly worn faces | wrongly worn recall | wrongly worn precision | worn recall | bare recall | bare called masked | masked called bare |',
    '|---|---|---|---|---|---|---|---|',
    line('all real sources', () => true),
    line(WRONGLY_WORN_SOURCES.join(' + '), (r) => WRONGLY_WORN_SOURCES.includes(r.source)),
    ...[...new Set(rows.filter((r) => !r.synthetic).map((r) => r.source))]
      .sort()
      .map((s) => line(s, (r) => r.source === s)),
  ].join('\n');
}
