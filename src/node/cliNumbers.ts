/**
 * Number parsers for the command lines, in commander's `argParser` shape: a
 * bad value throws commander's InvalidArgumentError, which it prints with the
 * option's name and value and exits. Plain `Number` would let "", "abc" (NaN) or "1.5"
 * through as a count.
 */
import { InvalidArgumentError } from 'commander';

const WHOLE = /^\d+$/;
// Decimal notation only: no hex, no "Infinity", no blanks (Number('') is 0).
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A whole number >= 0: a count, a limit where 0 means none, a seed. */
export function wholeNumber(value: string): number {
  if (!WHOLE.test(value.trim())) throw new InvalidArgumentError('expected a whole number (0, 1, 2, ...)');
  return Number(value);
}

/** A whole number >= 1: a batch size, a number of frames or processes. */
export function positiveWholeNumber(value: string): number {
  const n = WHOLE.test(value.trim()) ? Number(value) : 0;
  if (n < 1) throw new InvalidArgumentError('expected a whole number above 0');
  return n;
}

/** Any finite decimal number. */
export function finiteNumber(value: string): number {
  if (!DECIMAL.test(value.trim())) throw new InvalidArgumentError('expected a number');
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError('expected a finite number');
  return n;
}

/** A finite number above 0: a learning rate, a scale, a bound. */
export function positiveNumber(value: string): number {
  const n = DECIMAL.test(value.trim()) ? Number(value) : NaN;
  if (!(n > 0 && Number.isFinite(n))) throw new InvalidArgumentError('expected a number above 0');
  return n;
}

/** A share from 0 to 1: a validation fraction, a dropout rate. */
export function fraction(value: string): number {
  const n = DECIMAL.test(value.trim()) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('expected a number from 0 to 1');
  return n;
}

/** `source=n,source=n` (whole n >= 0); "" is no limit at all. */
export function sourceLimits(value: string): Record<string, number> {
  return namedWholeNumbers(value, 'source');
}

/** `backbone=px,backbone=px`: input sizes per backbone (checked against the backbones by the trainer). */
export function inputSizes(value: string): Record<string, number> {
  return namedWholeNumbers(value, 'backbone');
}

function namedWholeNumbers(value: string, what: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of value.split(',').filter((p) => p.trim() !== '')) {
    const [name, n, ...rest] = part.split('=');
    if (!name?.trim() || n === undefined || rest.length > 0 || !WHOLE.test(n.trim()))
      throw new InvalidArgumentError(`expected ${what}=n with a whole number n, not "${part}"`);
    out[name.trim()] = Number(n);
  }
  return out;
}
