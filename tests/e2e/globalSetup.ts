/**
 * Builds the app once and serves `dist/` for every e2e file. With
 * MASKCHECK_SKIP_BUILD=1 an existing `dist/` is reused (quick reruns while
 * editing tests).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ROOT, buildApp, startPreview } from './server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  if (!(process.env.MASKCHECK_SKIP_BUILD && existsSync(resolve(ROOT, 'dist/index.html')))) buildApp();
  const preview = await startPreview();
  project.provide('baseUrl', preview.url);
  return preview.stop;
}
