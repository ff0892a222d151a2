/**
 * The import boundaries in eslint.config.js fire: each layer's forbidden
 * import is an error at a file inside that layer, and an allowed one is not.
 */
import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const RULE = 'no-restricted-imports';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** Messages of the import rule when `source` is linted as if it were `file` (not written to disk). */
async function importErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: resolve(ROOT, file) });
  return result.messages.filter((m) => m.ruleId === RULE && m.severity === 2).map((m) => m.message);
}

const use = (from: string, name = 'x') => `import { ${name} } from '${from}';\nexport const y = ${name};\n`;

interface Case {
  file: string;
  forbidden: readonly string[];
  allowed: readonly string[];
  message: RegExp;
}

const CASES: readonly Case[] = [
  {
    file: 'src/evaluation/probe.ts',
    forbidden: ['../training/samples', '../training', '../../src/training/train'],
    allowed: ['../node/importers', '../core/recordSelection', '../inference/ensemble', './report'],
    message: /src\/evaluation does not import src\/training/,
  },
  {
    file: 'src/node/probe.ts',
    forbidden: ['../training/config', '../evaluation/report', '../app/engine'],
    allowed: ['../core/classes', '../inference/image', './plots', '@napi-rs/canvas', 'node:fs'],
    message: /src\/node is shared by training and evaluation/,
  },
  {
    file: 'src/core/probe.ts',
    forbidden: [
      '@tensorflow/tfjs',
      'react',
      'react-dom/client',
      'node:fs',
      'fs',
      'path',
      'fs/promises',
      '../inference/crop',
    ],
    allowed: ['./classes', 'papaparse', 'reactive-lib', 'pathfinder'],
    message: /src\/core is (pure|the base layer)/,
  },
  {
    file: 'src/app/store/probe.ts',
    forbidden: ['../../inference/ensemble', '../../inference/backend', '@tensorflow/tfjs', '@tensorflow/tfjs-core'],
    allowed: ['../../inference', '../../core/classes', './settings', 'zustand'],
    message: /src\/app (uses src\/inference only through its index|reads no tensors)/,
  },
  {
    file: 'src/app/probe.ts',
    forbidden: ['../inference/detector', '../inference/modelSource'],
    allowed: ['../inference', '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'],
    message: /src\/app uses src\/inference only through its index/,
  },
  {
    file: 'scripts/soak/probe.ts',
    forbidden: ['../../tests/e2e/harness', '../../tests/helpers/data'],
    allowed: ['../lib/appHarness', '../../src/node/runtime', './judge'],
    message: /scripts do not import tests/,
  },
  {
    file: 'scripts/probe.ts',
    forbidden: ['../tests/e2e/server'],
    allowed: ['./lib/previewServer'],
    message: /scripts do not import tests/,
  },
];

describe('import boundaries (eslint no-restricted-imports)', () => {
  for (const c of CASES) {
    describe(c.file, () => {
      it.each(c.forbidden)('rejects %s', async (from) => {
        const errors = await importErrors(c.file, use(from));
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatch(c.message);
      });

      it.each(c.allowed)('allows %s', async (from) => {
        expect(await importErrors(c.file, use(from))).toEqual([]);
      });
    });
  }

  it('also rejects a type-only import and a re-export across a boundary', async () => {
    const typeOnly = "import type { Sample } from '../training/samples';\nexport type S = Sample;\n";
    expect(await importErrors('src/evaluation/probe.ts', typeOnly)).toHaveLength(1);
    const reExport = "export { train } from '../training/train';\n";
    expect(await importErrors('src/node/probe.ts', reExport)).toHaveLength(1);
  });

  it('leaves training free to import from node and core', async () => {
    expect(await importErrors('src/training/probe.ts', use('../node/importers'))).toEqual([]);
    expect(await importErrors('src/training/probe.ts', use('../core/recordSelection'))).toEqual([]);
  });
});
