import { describe, expect, it } from 'vitest';
import {
  AUTO_WASM_THREADS_CAP,
  MAX_WASM_THREADS,
  chooseWasmThreads,
  isWasmThreadsPref,
  type WasmThreadsPref,
} from '../../src/core/wasmThreads';

describe('chooseWasmThreads', () => {
  const cases: [WasmThreadsPref, number | undefined, boolean, ReturnType<typeof chooseWasmThreads>][] = [
    ['auto', 2, true, { threads: 2 }],
    ['auto', 4, true, { threads: 4 }],
    ['auto', 16, true, { threads: AUTO_WASM_THREADS_CAP }],
    ['auto', 16, false, { threads: 1, singleBecause: 'not-isolated' }],
    ['auto', 1, true, { threads: 1, singleBecause: 'one-core' }],
    ['auto', undefined, true, { threads: 1, singleBecause: 'one-core' }],
    ['auto', 0, true, { threads: 1, singleBecause: 'one-core' }],
    [1, 8, true, { threads: 1, singleBecause: 'setting' }],
    [1, 8, false, { threads: 1, singleBecause: 'setting' }],
    [6, 16, true, { threads: 6 }],
    [8, 32, true, { threads: MAX_WASM_THREADS }],
    [8, 2, true, { threads: 2 }],
    [4, 1, true, { threads: 1, singleBecause: 'one-core' }],
    [2, 4, false, { threads: 1, singleBecause: 'not-isolated' }],
  ];
  it.each(cases)('%s threads on %s cores, isolated %s', (pref, cores, isolated, expected) => {
    expect(chooseWasmThreads(pref, cores, isolated)).toEqual(expected);
  });
});

describe('isWasmThreadsPref', () => {
  it('accepts auto and the offered counts only', () => {
    for (const ok of ['auto', 1, 2, 3, 4, 6, 8]) expect(isWasmThreadsPref(ok), String(ok)).toBe(true);
    for (const bad of [0, 5, 9, 2.5, '4', null, undefined, 'all'])
      expect(isWasmThreadsPref(bad), String(bad)).toBe(false);
  });
});
