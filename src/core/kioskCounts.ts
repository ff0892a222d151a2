/**
 * Anonymous kiosk counts: how many people were seen per local hour, and how
 * many of them wore a mask correctly, wrongly or not at all. Nothing about a
 * person is kept but one tally mark.
 *
 * Plain immutable data (every change returns a new object), so it can sit in
 * the store and in localStorage as it is. Count a person once, when the
 * tracker says their label has settled:
 *
 * @example
 * let counts = parseCounts(localStorage.getItem(KIOSK_COUNTS_KEY)).counts;
 * const u = tracker.update(faces);
 * for (const t of u.settled) counts = addPerson(counts, t.label.mask, Date.now());
 * localStorage.setItem(KIOSK_COUNTS_KEY, serializeCounts(counts));
 * // hourRows(counts) for the chart, countsCsv(counts) for the export, emptyCounts() to reset.
 *
 * Hours are local time, keyed "YYYY-MM-DD HH:00". When clocks go back, the
 * repeated hour is counted in one key.
 */
import { AppError } from './appError';
import { MASK_STATES, type MaskState } from './classes';
import { toCsv, type CsvOptions } from './csv';

/** Suggested localStorage key. */
export const KIOSK_COUNTS_KEY = 'maskcheck.kioskCounts';

/** Hours kept by default (90 days); older hours are dropped as new ones arrive. */
export const DEFAULT_KEEP_HOURS = 24 * 90;

export type MaskTally = Record<MaskState, number>;

export interface KioskCounts {
  version: 1;
  /** Local hour ("YYYY-MM-DD HH:00") to the people seen in it. Only hours with someone in them. */
  hours: Record<string, MaskTally>;
}

/** One hour of the chart or the CSV. */
export interface HourRow extends MaskTally {
  hour: string;
  /** wear + incorrect + not_wear */
  people: number;
}

export type CountsTotal = Omit<HourRow, 'hour'>;

export const COUNTS_CSV_HEADER = ['hour', 'people', ...MASK_STATES] as const;

const HOUR_KEY = /^\d{4}-\d{2}-\d{2} \d{2}:00$/;

export function emptyCounts(): KioskCounts {
  return { version: 1, hours: {} };
}

/** The local hour a time falls in, as "YYYY-MM-DD HH:00". */
export function hourKey(at: Date | number): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a valid time: ${String(at)}`);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:00`;
}

/**
 * Counts one person with this mask state in the hour of `at`. Keeps the
 * `keepHours` most recent hours (default 90 days). Returns a new object.
 */
export function addPerson(
  counts: KioskCounts,
  mask: MaskState,
  at: Date | number = Date.now(),
  keepHours = DEFAULT_KEEP_HOURS,
): KioskCounts {
  if (!MASK_STATES.includes(mask)) throw new RangeError(`unknown mask state ${JSON.stringify(mask)}`);
  if (!(Number.isInteger(keepHours) && keepHours >= 1))
    throw new RangeError(`keepHours must be >= 1, got ${keepHours}`);
  const key = hourKey(at);
  const before = counts.hours[key] ?? { wear: 0, incorrect: 0, not_wear: 0 };
  const hours = { ...counts.hours, [key]: { ...before, [mask]: before[mask] + 1 } };
  const keys = Object.keys(hours).sort();
  for (const old of keys.slice(0, Math.max(0, keys.length - keepHours))) delete hours[old];
  return { version: 1, hours };
}

/** Hours with someone in them, oldest first. */
export function hourRows(counts: KioskCounts): HourRow[] {
  return Object.keys(counts.hours)
    .sort()
    .map((hour) => {
      const t = counts.hours[hour];
      return {
        hour,
        people: t.wear + t.incorrect + t.not_wear,
        wear: t.wear,
        incorrect: t.incorrect,
        not_wear: t.not_wear,
      };
    });
}

/** Sums over all kept hours. */
export function totals(counts: KioskCounts): CountsTotal {
  const sum: CountsTotal = { people: 0, wear: 0, incorrect: 0, not_wear: 0 };
  for (const r of hourRows(counts)) {
    sum.people += r.people;
    for (const m of MASK_STATES) sum[m] += r[m];
  }
  return sum;
}

/** JSON text for localStorage. */
export function serializeCounts(counts: KioskCounts): string {
  return JSON.stringify(counts);
}

/**
 * Reads what `serializeCounts` wrote. Never throws: nothing stored (null)
 * gives empty counts; unreadable text gives empty counts and a `problem` to
 * show; hours with bad entries are dropped (and named in `problem`), the rest kept.
 */
export function parseCounts(text: string | null | undefined): { counts: KioskCounts; problem?: AppError } {
  if (text === null || text === undefined || text === '') return { counts: emptyCounts() };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const detail = (e as Error).message;
    const problem = new AppError(
      'counts-not-json',
      { detail },
      `stored counts are not JSON (${detail}); starting again`,
    );
    return { counts: emptyCounts(), problem };
  }
  const v = value as Partial<KioskCounts> | null;
  if (!v || typeof v !== 'object' || v.version !== 1 || !v.hours || typeof v.hours !== 'object') {
    const problem = new AppError('counts-unknown-format', {}, 'stored counts have an unknown format; starting again');
    return { counts: emptyCounts(), problem };
  }
  const hours: Record<string, MaskTally> = {};
  const bad: string[] = [];
  for (const [key, tally] of Object.entries(v.hours)) {
    if (HOUR_KEY.test(key) && isTally(tally)) {
      hours[key] = { wear: tally.wear, incorrect: tally.incorrect, not_wear: tally.not_wear };
    } else {
      bad.push(key);
    }
  }
  const counts: KioskCounts = { version: 1, hours };
  if (bad.length === 0) return { counts };
  const hoursText = bad.join(', ');
  const message = `dropped unreadable stored counts for ${hoursText}`;
  return { counts, problem: new AppError('counts-dropped-hours', { hours: hoursText }, message) };
}

/** The counts as CSV: hour, people, wear, incorrect, not_wear; one row per hour, oldest first. */
export function countsCsv(counts: KioskCounts, options: CsvOptions = {}): string {
  const rows = hourRows(counts).map((r) => [r.hour, r.people, r.wear, r.incorrect, r.not_wear]);
  return toCsv([[...COUNTS_CSV_HEADER], ...rows], options);
}

function isTally(t: unknown): t is MaskTally {
  if (!t || typeof t !== 'object') return false;
  const o = t as Record<string, unknown>;
  return MASK_STATES.every((m) => Number.isInteger(o[m]) && (o[m] as number) >= 0);
}
