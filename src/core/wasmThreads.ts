/**
 * How many threads the WASM backend runs on. Pure: the caller passes what
 * the browser says (`navigator.hardwareConcurrency`, `crossOriginIsolated`).
 */

/**
 * The most threads tfjs' threaded binary can use: it starts a pool of 8
 * pthread workers and cannot add one while a kernel waits on the pool.
 */
export const MAX_WASM_THREADS = 8;

/**
 * `auto` uses every core up to this many: beyond 4 the small models here gain
 * little, and the camera, video decoding and the page need cores too.
 */
export const AUTO_WASM_THREADS_CAP = 4;

/** The choices offered in the settings, besides `auto`. */
export const WASM_THREAD_COUNTS = [1, 2, 3, 4, 6, 8] as const;

export type WasmThreadsPref = 'auto' | (typeof WASM_THREAD_COUNTS)[number];

export function isWasmThreadsPref(value: unknown): value is WasmThreadsPref {
  return value === 'auto' || (WASM_THREAD_COUNTS as readonly unknown[]).includes(value);
}

/** Why WASM runs on one thread, when it does. */
export type SingleThreadReason = 'not-isolated' | 'setting' | 'one-core';

export interface WasmThreadsChoice {
  /** Threads to ask tfjs for; 1 means the SIMD binary without workers. */
  threads: number;
  /** Set when `threads` is 1. */
  singleBecause?: SingleThreadReason;
}

/**
 * Threads need SharedArrayBuffer, which browsers give only to cross-origin
 * isolated pages (COOP + COEP); elsewhere WASM runs on one thread. `auto`
 * takes the cores the browser reports (1 when it reports none), capped at
 * AUTO_WASM_THREADS_CAP; a number is taken as set, capped at the core count
 * (more threads than cores only adds switching) and at MAX_WASM_THREADS.
 */
export function chooseWasmThreads(
  pref: WasmThreadsPref,
  hardwareConcurrency: number | undefined,
  crossOriginIsolated: boolean,
): WasmThreadsChoice {
  const cores = Number.isInteger(hardwareConcurrency) && hardwareConcurrency! > 0 ? hardwareConcurrency! : 1;
  const wanted = pref === 'auto' ? Math.min(cores, AUTO_WASM_THREADS_CAP) : Math.min(pref, cores);
  const threads = Math.min(wanted, MAX_WASM_THREADS);
  if (pref === 1) return { threads: 1, singleBecause: 'setting' };
  if (threads <= 1) return { threads: 1, singleBecause: 'one-core' };
  if (!crossOriginIsolated) return { threads: 1, singleBecause: 'not-isolated' };
  return { threads };
}
