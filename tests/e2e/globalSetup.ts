/**
 * Builds the app once and serves `dist/` with `vite preview` for every e2e
 * file; the server is stopped by its PID. MASKCHECK_SKIP_BUILD=1 reuses an
 * existing `dist/` (for quick reruns while editing tests).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

const ROOT = resolve(import.meta.dirname, '../..');
const VITE = resolve(ROOT, 'node_modules/.bin/vite');

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > end) throw new Error(`vite preview did not answer at ${url}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  if (!(process.env.MASKCHECK_SKIP_BUILD && existsSync(resolve(ROOT, 'dist/index.html')))) {
    const build = spawnSync(VITE, ['build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`vite build failed (exit ${build.status})`);
  }
  const port = await freePort();
  const server = spawn(VITE, ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  const baseUrl = `http://127.0.0.1:${port}/`;
  try {
    await waitForHttp(baseUrl, 30_000);
  } catch (e) {
    server.kill('SIGTERM');
    throw e;
  }
  project.provide('baseUrl', baseUrl);
  return () => {
    server.kill('SIGTERM');
  };
}
