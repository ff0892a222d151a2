// ESLint flat config: JS + TypeScript recommended rules everywhere, React hooks rules for the app.
// Formatting is Prettier's job (`prettier --check .` in `npm run lint`), so no style rules here.
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** A `no-restricted-imports` entry forbidding import paths that match `regex`. */
function forbid(regex, message) {
  return { regex, message, caseSensitive: true };
}

/** Relative paths from inside src/ into the named src/ folders (`../x`, `../../x`, `../../src/x`). */
const intoSrc = (...folders) => `^(\\.\\./)+(src/)?(${folders.join('|')})(/|$)`;

// Layering, so that a moved import cannot creep back (tests/unit/architecture.test.ts
// proves each rule fires): core is pure, node is shared by training and evaluation,
// evaluation does not reach into training, the app uses inference only through its index
// and no tensors, and scripts do not reach into tests.
const LAYERS = [
  {
    files: ['src/core/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid('^@tensorflow/', 'src/core is pure: no tfjs (put tensor code in src/inference).'),
            forbid('^react(-dom)?(/|$)', 'src/core is pure: no React (put UI code in src/app).'),
            forbid(
              `^(node:|(${builtinModules.join('|')})(/|$))`,
              'src/core is pure: no Node built-ins (put file and process code in src/node).',
            ),
            forbid('^\\.\\./', 'src/core is the base layer: it imports only from src/core.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/node/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(
              intoSrc('training', 'evaluation', 'app'),
              'src/node is shared by training and evaluation: it imports only src/core, src/inference and packages.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/evaluation/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(
              intoSrc('training'),
              'src/evaluation does not import src/training: move shared code to src/node or src/core.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(
              '^(\\.\\./)+(src/)?inference/.',
              'src/app uses src/inference only through its index (import from "../inference").',
            ),
            forbid(
              '^@tensorflow/tfjs(-core|-converter|-layers|-backend-webgl|-backend-webgpu)?$',
              'src/app reads no tensors: model and tensor code belongs in src/inference.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid('^(\\.\\./)+tests(/|$)', 'scripts do not import tests: move shared helpers to scripts/lib.'),
          ],
        },
      ],
    },
  },
];

export default defineConfig([
  globalIgnores([
    'dist/',
    'node_modules/',
    'models/',
    'runs/',
    'cache/',
    '.cache/',
    'test-results/',
    'coverage/',
    'dev-dist/',
    'public/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/app/**/*.{ts,tsx}', 'tests/**/*.tsx'],
    extends: [reactHooks.configs.flat.recommended],
  },
  ...LAYERS,
]);
