import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  finiteNumber,
  fraction,
  positiveNumber,
  positiveWholeNumber,
  sourceLimits,
  wholeNumber,
} from '../../../src/node/cliNumbers';

function rejects(parse: (v: string) => unknown, value: string, message: RegExp): void {
  expect(() => parse(value)).toThrow(InvalidArgumentError);
  expect(() => parse(value)).toThrow(message);
}

describe('wholeNumber', () => {
  it('reads 0 and up', () => {
    expect(wholeNumber('0')).toBe(0);
    expect(wholeNumber('42')).toBe(42);
    expect(wholeNumber(' 7 ')).toBe(7);
  });

  it.each(['NaN', '', ' ', '1.5', '-1', 'abc', '1e3', '0x10', 'Infinity', '3 4'])('rejects "%s"', (v) => {
    rejects(wholeNumber, v, /expected a whole number \(0, 1, 2, \.\.\.\)/);
  });
});

describe('positiveWholeNumber', () => {
  it('reads 1 and up', () => {
    expect(positiveWholeNumber('1')).toBe(1);
    expect(positiveWholeNumber('10000')).toBe(10_000);
  });

  it.each(['0', 'NaN', '', '1.5', '-3'])('rejects "%s"', (v) => {
    rejects(positiveWholeNumber, v, /expected a whole number above 0/);
  });
});

describe('finiteNumber', () => {
  it('reads decimals, signs and exponents', () => {
    expect(finiteNumber('1.5')).toBe(1.5);
    expect(finiteNumber('-2')).toBe(-2);
    expect(finiteNumber('.25')).toBe(0.25);
    expect(finiteNumber('1e-3')).toBe(0.001);
  });

  it.each(['NaN', '', 'Infinity', '-Infinity', 'abc', '0x10', '1,5'])('rejects "%s"', (v) => {
    rejects(finiteNumber, v, /expected a (finite )?number/);
  });

  it('rejects a decimal too large for a double', () => {
    rejects(finiteNumber, '1e999', /expected a finite number/);
  });
});

describe('positiveNumber', () => {
  it('reads numbers above 0', () => {
    expect(positiveNumber('0.5')).toBe(0.5);
    expect(positiveNumber('3')).toBe(3);
  });

  it.each(['0', '-0.1', 'NaN', '', '1e999'])('rejects "%s"', (v) => {
    rejects(positiveNumber, v, /expected a number above 0/);
  });
});

describe('fraction', () => {
  it('reads 0 to 1, ends included', () => {
    expect(fraction('0')).toBe(0);
    expect(fraction('0.2')).toBe(0.2);
    expect(fraction('1')).toBe(1);
  });

  it.each(['1.5', '-0.1', 'NaN', '', '20%'])('rejects "%s"', (v) => {
    rejects(fraction, v, /expected a number from 0 to 1/);
  });
});

describe('sourceLimits', () => {
  it('reads source=n pairs; empty means no limits', () => {
    expect(sourceLimits('utkface=5000, sh0116=0')).toEqual({ utkface: 5000, sh0116: 0 });
    expect(sourceLimits('')).toEqual({});
  });

  it.each(['utkface', 'utkface=', '=5', 'utkface=-1', 'utkface=1.5', 'utkface=NaN', 'a=1=2'])('rejects "%s"', (v) => {
    rejects(sourceLimits, `x=1,${v}`, new RegExp(`expected source=n with a whole number n, not "${v}"`));
  });
});

describe('with commander', () => {
  it("reports a bad value with the option's name instead of passing NaN on", () => {
    const program = new Command()
      .exitOverride()
      .configureOutput({ writeErr: () => {} })
      .option('--limit <n>', 'at most n faces', wholeNumber, 0);
    expect(program.parse(['--limit', '12'], { from: 'user' }).opts().limit).toBe(12);
    let error: unknown;
    try {
      program.parse(['--limit', 'NaN'], { from: 'user' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CommanderError);
    expect((error as CommanderError).code).toBe('commander.invalidArgument');
    expect((error as CommanderError).message).toMatch(
      /'--limit <n>' argument 'NaN' is invalid\. expected a whole number/,
    );
  });
});
