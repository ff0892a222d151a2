/**
 * The eval report's mask tables: recall and precision per mask state, the two
 * error rates the targets name, "mask worn wrongly" on the real street/web
 * sets, and the mask targets of both accuracy steps. Text only, no tfjs.
 */
import { MASK_STATES } from '../core/classes';
import { scoreModels } from '../core/evaluation';
import { maskRates } from '../core/maskRates';
import type { Scores, Share } from '../core/metrics';
import type { ScoredFace } from '../core/scoredFace';

/** Mask scores by model name; the combined models first, in this order. */
export type MaskScores = Record<string, Scores | undefined>;

/** Every model's mask scores on `rows`, plus the vote on the faces whose mask answer is sure. */
export function maskScores(rows: readonly ScoredFace[]): MaskScores {
  const out: MaskScores = Object.fromEntries(Object.entries(scoreModels(rows)).map(([m, s]) => [m, s.mask]));
  const sure = rows
    .filter((r) => !r.vote.unsure.mask)
    .map((r) => ({ ...r, predictions: { vote: r.predictions.vote } }));
  out['vote, sure answers'] = scoreModels(sure).vote?.mask;
  return out;
}

const LEAD = ['vote', 'vote, sure answers', 'soft-vote', 'stacked'];

function ordered(s: MaskScores): [string, Scores][] {
  const names = Object.keys(s).filter((m) => s[m]);
  const rank = (m: string) => (LEAD.includes(m) ? LEAD.indexOf(m) : LEAD.length);
  return names.sort((a, b) => rank(a) - rank(b)).map((m) => [m, s[m]!]);
}

const f3 = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(3));
const share = (s: Share) => (s.rate === undefined ? '–' : `${(100 * s.rate).toFixed(1)}% (${s.count}/${s.total})`);

/** The vote's sure answers repeat the vote row when nothing is unsure: left out then. */
function withoutRepeat(s: MaskScores): MaskScores {
  const sure = s['vote, sure answers'];
  if (!sure || sure.n !== s.vote?.n) return s;
  const rest = { ...s };
  delete rest['vote, sure answers'];
  return rest;
}

export function maskStateTable(s: MaskScores): string {
  const head = MASK_STATES.flatMap((m) => [`${m} recall`, `${m} precision`]);
  const lines = [
    `| model | faces | ${head.join(' | ')} | bare called masked | masked called bare |`,
    `|---|---|${head.map(() => '---|').join('')}---|---|`,
  ];
  for (const [m, sc] of ordered(withoutRepeat(s))) {
    const r = maskRates(sc.confusion);
    const cells = MASK_STATES.flatMap((st) => [f3(r.perState[st].recall), f3(r.perState[st].precision)]);
    lines.push(
      `| ${m} | ${sc.n} | ${cells.join(' | ')} | ${share(r.bareCalledMasked)} | ${share(r.maskedCalledBare)} |`,
    );
  }
  return lines.join('\n');
}

/** "Mask worn wrongly" alone: recall, precision and the counts behind them. */
export function wronglyWornTable(s: MaskScores): string {
  const lines = [
    '| model | worn wrongly (truth) | answered "worn wrongly" | recall | precision |',
    '|---|---|---|---|---|',
  ];
  for (const [m, sc] of ordered(withoutRepeat(s))) {
    const r = maskRates(sc.confusion).perState.incorrect;
    lines.push(`| ${m} | ${r.support} | ${r.predicted} | ${f3(r.recall)} | ${f3(r.precision)} |`);
  }
  return lines.join('\n');
}

export interface MaskTargetInputs {
  /** The vote's mask scores on the faces it is sure of: real photos, and ilc2021 + kaggle_facemask. */
  real?: Scores;
  wronglyWornSets?: Scores;
  /** Share of real faces whose mask answer is "not sure". */
  unsureShare?: Share;
}

interface Bound {
  op: '>=' | '<=';
  value: number;
}

interface MaskTarget {
  name: string;
  value?: number;
  /** Step I (issue 10) and step II (issue 13) bounds; none where that step sets none. */
  step1?: Bound;
  step2?: Bound;
  percent: boolean;
}

export function maskTargets(t: MaskTargetInputs): MaskTarget[] {
  const real = t.real ? maskRates(t.real.confusion) : undefined;
  const wrong = t.wronglyWornSets ? maskRates(t.wronglyWornSets.confusion).perState.incorrect : undefined;
  return [
    {
      name: 'mask worn wrongly: recall (ilc2021 + kaggle_facemask)',
      value: wrong?.recall,
      step1: { op: '>=', value: 0.7 },
      step2: { op: '>=', value: 0.85 },
      percent: false,
    },
    {
      name: 'mask worn wrongly: precision (ilc2021 + kaggle_facemask)',
      value: wrong?.precision,
      step1: { op: '>=', value: 0.7 },
      step2: { op: '>=', value: 0.8 },
      percent: false,
    },
    {
      name: 'bare faces called masked',
      value: real?.bareCalledMasked.rate,
      step1: { op: '<=', value: 0.05 },
      step2: { op: '<=', value: 0.02 },
      percent: true,
    },
    {
      name: 'masked faces called bare',
      value: real?.maskedCalledBare.rate,
      step1: { op: '<=', value: 0.03 },
      step2: { op: '<=', value: 0.02 },
      percent: true,
    },
    {
      name: 'mask macro F1',
      value: t.real?.macroF1,
      step2: { op: '>=', value: 0.92 },
      percent: false,
    },
    { name: 'faces "not sure" (mask)', value: t.unsureShare?.rate, step2: { op: '<=', value: 0.15 }, percent: true },
  ];
}

function verdict(value: number | undefined, b: Bound | undefined, percent: boolean): string {
  if (!b) return '–';
  const bound = percent ? `${(100 * b.value).toFixed(0)}%` : b.value.toFixed(2);
  if (value === undefined) return `${b.op} ${bound}: not measured`;
  const met = b.op === '>=' ? value >= b.value : value <= b.value;
  if (met) return `${b.op} ${bound}: yes`;
  const gap = Math.abs(value - b.value);
  return `${b.op} ${bound}: **no**, by ${percent ? `${(100 * gap).toFixed(1)} points` : gap.toFixed(3)}`;
}

export function maskTargetsTable(targets: readonly MaskTarget[]): string {
  const lines = [
    '| figure (vote, real photos, sure answers) | value | step I (issue 10) | step II (issue 13) |',
    '|---|---|---|---|',
  ];
  for (const t of targets) {
    const v = t.value === undefined ? '–' : t.percent ? `${(100 * t.value).toFixed(1)}%` : t.value.toFixed(3);
    lines.push(
      `| ${t.name} | ${v} | ${verdict(t.value, t.step1, t.percent)} | ${verdict(t.value, t.step2, t.percent)} |`,
    );
  }
  return lines.join('\n');
}
