/** Building the app and serving `dist/` with `vite preview`, stopped by PID. */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { extname, resolve, sep } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
const VITE = resolve(ROOT, 'node_modules/.bin/vite');
/**
 * Where the tests build by default: not `dist/`, which is shared with whoever
 * runs `npm run build` in the same checkout (a rebuild under a running test
 * would change the files it checks). Each test run builds into its own
 * folder below this one (see globalSetup).
 */
export const OUT_DIR = resolve(ROOT, process.env.MASKCHECK_E2E_DIST ?? '.cache/e2e-dist');

export function buildApp(outDir = OUT_DIR): void {
  const args = ['build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'];
  // Vitest sets NODE_ENV=test, which would make workbox emit a development service worker.
  const env = { ...process.env, NODE_ENV: 'production' };
  const build = spawnSync(VITE, args, { cwd: ROOT, stdio: 'inherit', env });
  if (build.status !== 0) throw new Error(`vite build failed (exit ${build.status})`);
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

export interface Preview {
  url: string;
  stop: () => void;
}

/** `vite preview` on a free port; `node_modules/.bin/vite` directly, as npx leaves children behind. */
export async function startPreview(outDir = OUT_DIR): Promise<Preview> {
  const port = await freePort();
  const args = ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', outDir];
  const server = spawn(VITE, args, {
    cwd: ROOT,
    stdio: 'ignore',
  });
  const stop = () => {
    if (server.exitCode === null) server.kill('SIGTERM');
  };
  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitForHttp(url, 30_000);
  } catch (e) {
    stop();
    throw e;
  }
  return { url, stop };
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
};

/**
 * `dir` served as a plain static host that sends no headers of its own (like
 * GitHub Pages): no COOP/COEP, so the page is not cross-origin isolated
 * unless the app's service worker makes it so.
 */
export async function startPlainServer(dir: string): Promise<Preview> {
  const root = resolve(dir);
  const server = createHttpServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const path = resolve(root, `.${url.endsWith('/') ? `${url}index.html` : url}`);
    try {
      if (!path.startsWith(root + sep) || !statSync(path).isFile()) throw new Error('not found');
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': MIME[extname(path)] ?? 'application/octet-stream' });
    createReadStream(path).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, stop: () => void server.close() };
}
