/**
 * The eval report's "Not sure" section: per head, how many faces the
 * ensemble's rule leaves unsure and the vote's figures on the sure rest, and a
 * coverage-accuracy picture per head (the vote's confidence and agreement
 * swept, the shipped rule marked).
 */
import { HEADS, type Head } from '../core/classes';
import type { CoveragePoint } from '../core/coverage';
import { coverageCurves, unsureSummary, type CoverageCurves, type UnsureSummary } from '../core/notSure';
import type { ScoredFace } from '../core/scoredFace';
import type { UnsureRule } from '../core/unsure';
import { writeCurveChart, type CurveSeries } from '../node/plots';
import type { RunFolder } from '../node/runFolder';

export interface NotSureNumbers {
  summary: Record<'all' | 'real', Partial<Record<Head, UnsureSummary>>>;
  curves: Record<'all' | 'real', Partial<Record<Head, CoverageCurves>>>;
}

const f3 = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(3));

export function notSureTable(summary: NotSureNumbers['summary']): string {
  const lines = [
    '| head | faces | not sure | vote acc, all | vote acc, sure | vote macro F1, all | vote macro F1, sure |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const [group, byHead] of Object.entries(summary)) {
    for (const h of HEADS) {
      const s = byHead[h];
      if (!s || s.faces === 0) continue;
      const share = `${((100 * s.unsure) / s.faces).toFixed(1)}% (${s.unsure})`;
      lines.push(
        `| ${h} (${group}) | ${s.faces} | ${share} | ${f3(s.all?.accuracy)} | ${f3(s.sure?.accuracy)} | ${f3(s.all?.macroF1)} | ${f3(s.sure?.macroF1)} |`,
      );
    }
  }
  return lines.join('\n');
}

function ruleText(rule: UnsureRule | undefined): string {
  if (!rule) return '`models/ensemble.json` has no `unsure` rule: every answer is sure.';
  const parts = HEADS.map(
    (h) => `${h}: fewer than ${rule[h].minVotes} votes or confidence under ${rule[h].minConfidence}`,
  );
  return `The rule in \`models/ensemble.json\` calls a head's answer not sure at ${parts.join('; ')}.`;
}

/** One dot per distinct vote threshold; thresholds that answer the same faces share a dot ("1-3/5"). */
export function votePoints(byVotes: readonly CoveragePoint[], members: number): CurveSeries['points'] {
  const out: CurveSeries['points'] = [];
  let first = 0;
  byVotes.forEach((p, i) => {
    const next = byVotes[i + 1];
    if (next && next.answered === p.answered) return;
    const k =
      byVotes[first].threshold === p.threshold ? `${p.threshold}` : `${byVotes[first].threshold}-${p.threshold}`;
    if (p.accuracy !== undefined) out.push({ x: p.coverage, y: p.accuracy, label: `${k}/${members}` });
    first = i + 1;
  });
  return out;
}

export function coverageSeries(all: CoverageCurves, real: CoverageCurves | undefined): CurveSeries[] {
  const line = (c: CoverageCurves) =>
    c.byConfidence.flatMap((p) => (p.accuracy === undefined ? [] : [{ x: p.coverage, y: p.accuracy }]));
  const members = all.byVotes.length;
  const series: CurveSeries[] = [{ name: 'confidence >= t, all faces', style: 'line', points: line(all) }];
  if (real && real.byConfidence[0].answered > 0)
    series.push({ name: 'confidence >= t, real photos', style: 'line', points: line(real) });
  series.push({
    name: `at least k of ${members} votes, all faces`,
    style: 'points',
    points: votePoints(all.byVotes, members),
  });
  if (all.rule.accuracy !== undefined)
    series.push({
      name: 'shipped rule, all faces',
      style: 'marker',
      points: [{ x: all.rule.coverage, y: all.rule.accuracy, label: `${(100 * all.rule.coverage).toFixed(1)}%` }],
    });
  return series;
}

/** Markdown lines of the section; writes coverage-<head>.png into the report folder. */
export function notSureSection(
  folder: RunFolder,
  rel: string,
  rows: readonly ScoredFace[],
  real: readonly ScoredFace[],
  rule: UnsureRule | undefined,
): { md: string[]; numbers: NotSureNumbers } {
  const numbers: NotSureNumbers = { summary: { all: {}, real: {} }, curves: { all: {}, real: {} } };
  const md = ['## Not sure', '', ruleText(rule), ''];
  const pictures: string[] = [];
  for (const h of HEADS) {
    numbers.summary.all[h] = unsureSummary(rows, h);
    numbers.summary.real[h] = unsureSummary(real, h);
    if (numbers.summary.all[h].faces === 0) continue;
    const all = coverageCurves(rows, h);
    const realCurves = numbers.summary.real[h].faces > 0 ? coverageCurves(real, h) : undefined;
    numbers.curves.all[h] = all;
    if (realCurves) numbers.curves.real[h] = realCurves;
    const file = `coverage-${h}.png`;
    writeCurveChart(
      folder.path(file),
      `${h}: faces answered vs accuracy on them (vote)`,
      { x: 'coverage (share of faces answered)', y: 'accuracy on the answered faces' },
      coverageSeries(all, realCurves),
    );
    pictures.push(`![coverage ${h}](${rel}/${file})`);
  }
  md.push(notSureTable(numbers.summary), '', ...pictures, '');
  return { md, numbers };
}
