import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests (Node; components opt into happy-dom with a
// `// @vitest-environment happy-dom` comment) and browser end-to-end tests in
// headless Chromium, which run one file at a time. Both need the shared face
// photos (../shared/data, or MASKCHECK_DATA) and stop at once without them.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          globalSetup: ['tests/unit/globalSetup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          // Builds the app once and serves dist/ for all e2e files.
          globalSetup: ['tests/e2e/globalSetup.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
