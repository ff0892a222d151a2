/** Validation tables shared by the training and evaluation reports: metrics, target checks, age bands, confusion panels. */
import { HEAD_LABELS, NUM_CLASSES, className } from '../core/classes';
import { AGED_10_PLUS, TASKS, type ModelScores, type Task, type summarize } from '../core/evaluation';
import type { MatrixPanel } from './plots';

export type Summary = Record<string, ReturnType<typeof summarize>>;

export interface TargetCheck {
  name: string;
  value: number;
  target: string;
  /** False when the data held no face for this figure (e.g. no gender labels). */
  measured: boolean;
  met: boolean;
}

const CLASS_LABELS = Array.from({ length: NUM_CLASSES }, (_, i) => `${i} ${className(i).replace('not_wear', 'none')}`);
const TASK_LABELS: Record<Task, readonly string[]> = { ...HEAD_LABELS, class18: CLASS_LABELS };

type Figure = { n: number; accuracy: number; macroF1: number } | undefined;

function check(name: string, fig: Figure, key: 'accuracy' | 'macroF1', op: '>=' | '>', bound: number): TargetCheck {
  const value = fig?.[key] ?? 0;
  const measured = (fig?.n ?? 0) > 0;
  const met = measured && (op === '>=' ? value >= bound : value > bound);
  return { name, value, target: `${op} ${bound.toFixed(op === '>' ? 4 : 2)}`, measured, met };
}

/** Models in a summary that are not ensemble members: the votes, the stacked head, the peers. */
export const NOT_MEMBERS = ['vote', 'soft-vote', 'stacked', 'faceres', 'face-api'];

export function checkTargets(s: Summary): TargetCheck[] {
  const all = s.all ?? {};
  const vote = all.vote ?? {};
  const members = Object.keys(all).filter((m) => !NOT_MEMBERS.includes(m));
  const checks: TargetCheck[] = [
    check('18-class macro F1 (vote)', vote.class18, 'macroF1', '>=', 0.85),
    check('gender accuracy (vote)', vote.gender, 'accuracy', '>=', 0.96),
    check('age-group macro F1 (vote)', vote.age, 'macroF1', '>=', 0.8),
    check('mask macro F1 on real faces (vote)', s.real?.vote?.mask, 'macroF1', '>=', 0.95),
    // Step II (issue 13): gender on faces aged 10 and over, and a higher age-group bar.
    check('gender accuracy on faces aged 10 and over (vote)', s[AGED_10_PLUS]?.vote?.gender, 'accuracy', '>=', 0.93),
    check('age-group macro F1, step II (vote)', vote.age, 'macroF1', '>=', 0.85),
  ];
  for (const m of members) {
    checks.push(
      check(`vote beats ${m} on 18-class macro F1`, vote.class18, 'macroF1', '>', all[m]?.class18?.macroF1 ?? 1),
    );
  }
  for (const peer of ['faceres', 'face-api']) {
    if (!all[peer]) continue;
    checks.push(
      check(`vote beats ${peer} on gender accuracy`, vote.gender, 'accuracy', '>', all[peer]?.gender?.accuracy ?? 1),
    );
    checks.push(
      check(`vote beats ${peer} on age-group macro F1`, vote.age, 'macroF1', '>', all[peer]?.age?.macroF1 ?? 1),
    );
  }
  return checks;
}

/** A Markdown table of target checks, saying by how much a missed one falls short. */
export function targetsTable(checks: readonly TargetCheck[]): string {
  const rows = checks.map((t) => {
    const bound = Number(t.target.replace(/^[^0-9]*/, ''));
    const verdict = !t.measured
      ? 'not measured (no such faces)'
      : t.met
        ? 'yes'
        : `**no**, short by ${(bound - t.value).toFixed(4)}`;
    return `| ${t.name} | ${t.measured ? t.value.toFixed(4) : '–'} | ${t.target} | ${verdict} |`;
  });
  return ['| check | value | target | met |', '|---|---|---|---|', ...rows].join('\n');
}

function fmt(v: number | undefined): string {
  return v === undefined ? '–' : v.toFixed(3);
}

export function metricsTable(s: ReturnType<typeof summarize>): string {
  const lines = [
    '| model | mask acc | mask F1 | gender acc | gender F1 | age acc | age F1 | 18-class acc | 18-class F1 | n (18-class) |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [m, t] of Object.entries(s)) {
    lines.push(
      `| ${m} | ${fmt(t.mask?.accuracy)} | ${fmt(t.mask?.macroF1)} | ${fmt(t.gender?.accuracy)} | ${fmt(t.gender?.macroF1)} | ${fmt(t.age?.accuracy)} | ${fmt(t.age?.macroF1)} | ${fmt(t.class18?.accuracy)} | ${fmt(t.class18?.macroF1)} | ${t.class18?.n ?? 0} |`,
    );
  }
  return lines.join('\n');
}

/**
 * Gender and age by true age band, for the vote and faceres: shows where the
 * gender errors sit (young children) next to the overall figures.
 */
export function ageBandTable(s: Summary): string {
  const bands = Object.keys(s).filter((g) => g.startsWith('age:'));
  if (bands.length === 0) return 'No validation face has an age in years.';
  const lines = [
    '| true age | samples | vote gender acc | faceres gender acc | vote age-group acc | faceres age-group acc |',
    '|---|---|---|---|---|---|',
  ];
  for (const g of bands) {
    const v = s[g].vote;
    const f = s[g].faceres;
    lines.push(
      `| ${g.slice(4)} | ${v?.gender?.n ?? v?.age?.n ?? 0} | ${fmt(v?.gender?.accuracy)} | ${fmt(f?.gender?.accuracy)} | ${fmt(v?.age?.accuracy)} | ${fmt(f?.age?.accuracy)} |`,
    );
  }
  return lines.join('\n');
}

export function matrixPanels(model: string, scores: ModelScores): MatrixPanel[] {
  return TASKS.filter((t) => scores[t]).map((t) => ({
    title: `${model}: ${t} (F1 ${scores[t]!.macroF1.toFixed(3)})`,
    labels: TASK_LABELS[t],
    confusion: scores[t]!.confusion,
  }));
}
