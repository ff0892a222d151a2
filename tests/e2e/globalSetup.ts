/**
 * Builds the app once and serves it for every e2e file. Each run builds into
 * a folder of its own (two runs in one checkout must not rebuild under each
 * other) and removes it afterwards; with MASKCHECK_SKIP_BUILD=1 the fixed
 * folder `.cache/e2e-dist` is reused, built if missing (quick reruns while
 * editing tests).
 */
import { existsSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { OUT_DIR, buildApp, startPreview } from '../../scripts/lib/previewServer';
import { assertSharedData } from '../helpers/data';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The folder the app was built into. */
    distDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  assertSharedData(); // before the build, which takes minutes
  const reuse = Boolean(process.env.MASKCHECK_SKIP_BUILD);
  let distDir = OUT_DIR;
  if (!reuse) {
    mkdirSync(resolve(OUT_DIR, '..'), { recursive: true });
    distDir = mkdtempSync(`${OUT_DIR}-run-`);
  }
  if (!(reuse && existsSync(resolve(distDir, 'index.html')))) buildApp(distDir);
  const preview = await startPreview(distDir);
  project.provide('baseUrl', preview.url);
  project.provide('distDir', distDir);
  return () => {
    preview.stop();
    if (!reuse) rmSync(distDir, { recursive: true, force: true });
  };
}
