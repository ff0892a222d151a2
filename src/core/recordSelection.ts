/**
 * Which imported records a run uses: the validation split by subject, and
 * per-source caps and spreads for small runs. Shared by training, fine-tuning
 * and evaluation so they all hold out the same subjects.
 */
import type { FaceRecord } from './manifest';
import { hashString } from './random';

/** Validation by subject: a subject's samples all land on the same side. */
export function isValidation(subject: string, fraction: number, seed: number): boolean {
  return (hashString(`${seed}:${subject}`) % 10_000) / 10_000 < fraction;
}

/**
 * At most `limits[source]` faces of each named source, taken evenly across its
 * rows (every k-th, so ages and sub-folders stay mixed); other sources whole.
 */
export function capSources(records: readonly FaceRecord[], limits: Readonly<Record<string, number>>): FaceRecord[] {
  const total = new Map<string, number>();
  for (const r of records) total.set(r.source, (total.get(r.source) ?? 0) + 1);
  const seen = new Map<string, number>();
  return records.filter((r) => {
    const cap = limits[r.source];
    if (cap === undefined) return true;
    const i = seen.get(r.source) ?? 0;
    seen.set(r.source, i + 1);
    const n = total.get(r.source)!;
    // Keep row i when it starts a new 1/cap-th of the source.
    return cap > 0 && Math.floor((i * cap) / n) !== Math.floor(((i - 1) * cap) / n);
  });
}

/** The first `limit` faces taken in turn from each source, so a small run still sees every source. */
export function spreadOverSources(records: readonly FaceRecord[], limit: number): FaceRecord[] {
  const bySource = new Map<string, FaceRecord[]>();
  for (const r of records) bySource.set(r.source, [...(bySource.get(r.source) ?? []), r]);
  const queues = [...bySource.values()];
  const out: FaceRecord[] = [];
  for (let i = 0; out.length < limit && queues.some((q) => i < q.length); i++) {
    for (const q of queues) if (i < q.length && out.length < limit) out.push(q[i]);
  }
  return out;
}
