/**
 * Builds the app once (into its own folder, see server.ts) and serves it for every e2e file. With
 * MASKCHECK_SKIP_BUILD=1 an existing build is reused (quick reruns while
 * editing tests).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { OUT_DIR, buildApp, startPreview } from './server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  if (!(process.env.MASKCHECK_SKIP_BUILD && existsSync(resolve(OUT_DIR, 'index.html')))) buildApp();
  const preview = await startPreview();
  project.provide('baseUrl', preview.url);
  return preview.stop;
}
