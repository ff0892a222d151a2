/**
 * Lets tfjs-backend-wasm's threaded build run from a minified bundle under the
 * app's CSP, by giving its pthread workers two real files instead of blobs.
 *
 * tfjs starts each worker from a blob of emscripten's worker script and hands
 * it the emscripten glue as another blob, made from `factory.toString()`.
 * Both fail in the built app:
 * - the stringified factory loses the closure around it, which holds
 *   `_scriptDir`; a minifier renames it and drops its `typeof` guard, so every
 *   worker dies with "ReferenceError: e is not defined" (tensorflow/tfjs#4253);
 * - blob workers and `importScripts(blob:)` need `blob:` in `worker-src` and
 *   `script-src`, which the CSP does not allow.
 * In the build the worker script and the glue are emitted as assets and tfjs
 * is pointed at their URLs (same origin: allowed by `'self'`, precached by the
 * service worker like every other script).
 *
 * And tfjs caps its thread pool at `navigator.hardwareConcurrency / 2`,
 * assuming two hyperthreads per core, so a machine reporting 2 cores (this
 * VM, many small laptops) never gets a second thread. The glue's core count
 * is doubled, which makes the cap the logical core count; the app chooses
 * within it (src/core/wasmThreads.ts).
 *
 * Dev is left alone (tfjs is pre-bundled unminified there and no CSP
 * applies), so in dev the halving cap stays.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

const require = createRequire(import.meta.url);
const WASM_OUT = '@tensorflow/tfjs-backend-wasm/wasm-out/';
const GLUE = 'tfjs-backend-wasm-threaded-simd.js';
const WORKER = 'tfjs-backend-wasm-threaded-simd.worker.js';

/** The glue, bundled (it runs on the main thread). */
export const GLUE_MODULE = /@tensorflow[\\/]tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/;

/** tfjs' wasm backend module that builds the blobs (the package's ES entry). */
export const BACKEND_MODULE = /@tensorflow[\\/]tfjs-backend-wasm[\\/]dist[\\/]backend_wasm\.js$/;

const WORKER_BLOB = `                const response = wasmWorkerContents.replace(/\\n/g, '\\\\n');
                const blob = new Blob([response], { type: 'application/javascript' });
                return URL.createObjectURL(blob);`;
const GLUE_BLOB = `factoryConfig.mainScriptUrlOrBlob = new Blob([\`var WasmBackendModuleThreadedSimd = \` +
                    wasmFactoryThreadedSimd.toString()], { type: 'text/javascript' });`;

/**
 * `backend_wasm.js` with the two blobs replaced by the given URL expressions.
 * Throws when the text is not the one this was written for (a tfjs update),
 * so a build never ships workers that fail at run time.
 */
export function pointWorkersAtFiles(code: string, workerUrl: string, glueUrl: string): string {
  const text = code.replace(/\r\n/g, '\n');
  if (!text.includes(WORKER_BLOB) || !text.includes(GLUE_BLOB)) {
    throw new Error(
      'tfjs-backend-wasm backend_wasm.js changed: the worker patch in scripts/lib/wasmThreadsPlugin.ts must be redone',
    );
  }
  return text
    .replace(WORKER_BLOB, `                return ${workerUrl};`)
    .replace(GLUE_BLOB, `factoryConfig.mainScriptUrlOrBlob = ${glueUrl};`);
}

const CORES = 'return navigator["hardwareConcurrency"]}';
const CORES_FN = `function _emscripten_num_logical_cores(){if(ENVIRONMENT_IS_NODE)return require("os").cpus().length;${CORES}`;

/** The glue with its core count doubled (see above); throws when the text is not the one expected. */
export function uncapThreads(glue: string): string {
  if (!glue.includes(CORES_FN)) {
    throw new Error(
      'tfjs-backend-wasm-threaded-simd.js changed: the core count patch in scripts/lib/wasmThreadsPlugin.ts must be redone',
    );
  }
  return glue.replace(CORES_FN, CORES_FN.replace(CORES, 'return 2*navigator["hardwareConcurrency"]}'));
}

/**
 * emscripten's pthread worker script as tfjs ships it (a string export), with
 * the same `\n` escaping tfjs applies before making its blob.
 */
export function workerScript(): string {
  const { wasmWorkerContents } = require(`${WASM_OUT}${WORKER}`) as { wasmWorkerContents: string };
  return wasmWorkerContents.replace(/\n/g, '\\n');
}

/** The glue for the workers: a classic script that defines `WasmBackendModuleThreadedSimd`. */
export function glueScript(): string {
  return uncapThreads(readFileSync(require.resolve(`${WASM_OUT}${GLUE}`), 'utf8'));
}

export function wasmThreadsPlugin(): Plugin {
  let workerRef = '';
  let glueRef = '';
  return {
    name: 'maskcheck-wasm-threads',
    apply: 'build',
    buildStart() {
      workerRef = this.emitFile({ type: 'asset', name: WORKER, source: workerScript() });
      glueRef = this.emitFile({ type: 'asset', name: GLUE, source: glueScript() });
    },
    transform(code, id) {
      const file = id.split('?')[0];
      if (GLUE_MODULE.test(file)) return { code: uncapThreads(code), map: null };
      if (!BACKEND_MODULE.test(file)) return null;
      const url = (ref: string) => `import.meta.ROLLUP_FILE_URL_${ref}`;
      return { code: pointWorkersAtFiles(code, url(workerRef), url(glueRef)), map: null };
    },
  };
}
