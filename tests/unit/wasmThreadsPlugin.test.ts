/** The build's patches to tfjs-backend-wasm, on the files installed in node_modules. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { glueScript, pointWorkersAtFiles, uncapThreads, workerScript } from '../../scripts/lib/wasmThreadsPlugin';

const require = createRequire(import.meta.url);
const backendJs = readFileSync(require.resolve('@tensorflow/tfjs-backend-wasm/dist/backend_wasm.js'), 'utf8');

describe('wasm threads build plugin', () => {
  it('points the pthread workers and their glue at files instead of blobs', () => {
    const out = pointWorkersAtFiles(backendJs, 'WORKER_URL', 'GLUE_URL');
    expect(out).toContain('return WORKER_URL;');
    expect(out).toContain('factoryConfig.mainScriptUrlOrBlob = GLUE_URL;');
    expect(out).not.toContain('URL.createObjectURL');
    expect(out).not.toContain('wasmFactoryThreadedSimd.toString()');
  });

  it('stops when tfjs no longer has the text it patches', () => {
    expect(() => pointWorkersAtFiles(backendJs.replace('URL.createObjectURL(blob)', 'x'), 'a', 'b')).toThrow(
      /backend_wasm\.js changed/,
    );
    expect(() => uncapThreads('function _emscripten_num_logical_cores(){return 4}')).toThrow(/core count patch/);
  });

  it('doubles the core count tfjs halves, in the glue the workers import', () => {
    const glue = glueScript();
    expect(glue).toContain('return 2*navigator["hardwareConcurrency"]}');
    // Still the classic script the worker expects: it defines the factory the worker calls.
    expect(glue).toMatch(/^\s*var WasmBackendModuleThreadedSimd = /);
  });

  it('gives the worker script as tfjs makes its blob: one line, valid JavaScript', () => {
    const worker = workerScript();
    expect(worker).toContain('WasmBackendModuleThreadedSimd(Module)');
    expect(worker).not.toContain('\n');
    expect(() => new Function(worker)).not.toThrow();
  });
});
