import { createReadStream, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { defineConfig, type Connect, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA, type VitePWAOptions } from 'vite-plugin-pwa';
import { wasmThreadsPlugin } from './scripts/lib/wasmThreadsPlugin.ts';
import { ISOLATION_HEADERS } from './src/sw/isolationHeaders.ts';
import { deepLinkTarget, isNavigation } from './src/sw/deepLinks.ts';

/** The model folder served at /models/; MASKCHECK_MODELS points the app at another one. */
const MODELS_DIR = resolve(import.meta.dirname, process.env.MASKCHECK_MODELS ?? 'models');
/** Unfused originals of the fused graphs (scripts/fuse-models.ts): for the trainer, never served. */
const ORIGINALS_DIR = join(MODELS_DIR, 'original');

/**
 * The policy the built app runs under. Dev mode skips it because Vite's dev
 * server injects inline scripts (React refresh); `vite preview` and the e2e
 * tests run the built app, so the policy is tested there.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/** A tfjs model.json's weight files, relative to the models folder. */
function weightFiles(modelJson: string): string[] {
  try {
    const model = JSON.parse(readFileSync(join(MODELS_DIR, modelJson), 'utf8')) as {
      weightsManifest?: { paths: string[] }[];
    };
    const dir = modelJson.includes('/') ? modelJson.slice(0, modelJson.lastIndexOf('/') + 1) : '';
    return (model.weightsManifest ?? []).flatMap((g) => g.paths.map((p) => dir + p));
  } catch {
    return [];
  }
}

/**
 * Model files the service worker precaches: those `ensemble.json` lists, plus
 * the weight files each listed model.json names (so offline use never hangs on
 * a file the table forgot), or the whole folder before a first ensemble exists.
 */
function precachedModelGlobs(): string[] {
  try {
    const spec = JSON.parse(readFileSync(join(MODELS_DIR, 'ensemble.json'), 'utf8')) as { sha256?: object };
    const listed = Object.keys(spec.sha256 ?? {});
    const files = new Set([...listed, ...listed.filter((f) => f.endsWith('.json')).flatMap(weightFiles)]);
    if (files.size > 0) return ['models/ensemble.json', ...[...files].sort().map((f) => `models/${f}`)];
  } catch {
    // No readable ensemble.json: fall through.
  }
  return ['models/**/*.{json,bin}'];
}

const MIME: Record<string, string> = { '.json': 'application/json', '.bin': 'application/octet-stream' };

/**
 * Serves the top-level `models/` folder at `/models/` in dev and emits it into
 * the bundle on build, so the service worker's precache manifest sees it;
 * `models/original/` stays out of both.
 */
function modelsFolder(): Plugin {
  return {
    name: 'maskcheck-models',
    configureServer(server) {
      server.middlewares.use('/models', (req, res, next) => {
        const path = resolve(MODELS_DIR, `.${decodeURIComponent((req.url ?? '/').split('?')[0])}`);
        if (!path.startsWith(MODELS_DIR + '/') || path.startsWith(ORIGINALS_DIR + '/')) return next();
        try {
          if (!statSync(path).isFile()) return next();
        } catch {
          return next();
        }
        res.setHeader('Content-Type', MIME[extname(path)] ?? 'application/octet-stream');
        createReadStream(path).pipe(res);
      });
    },
    generateBundle() {
      for (const path of listFiles(MODELS_DIR).filter((p) => !p.startsWith(ORIGINALS_DIR + '/'))) {
        this.emitFile({ type: 'asset', fileName: `models/${relative(MODELS_DIR, path)}`, source: readFileSync(path) });
      }
    },
  };
}

function contentSecurityPolicy(): Plugin {
  return {
    name: 'maskcheck-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/*
 * Deep links: the app is one page whose files are addressed relative to it (base './', so it runs
 * under any folder), so a page opened at a deeper path (`/kiosk/door1`) would ask for
 * `/kiosk/assets/…` and load nothing. Such a navigation goes to the start page instead, keeping its
 * query; a path under `kiosk/` opens the kiosk (`?kiosk`). The dev and preview servers redirect,
 * and so does the service worker once it controls the page (src/sw/sw.ts, with the same function
 * from src/sw/deepLinks.ts).
 */

export { deepLinkTarget, isNavigation };

function deepLinks(): Plugin {
  const redirect: Connect.NextHandleFunction = (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const target = isNavigation(req.method, req.headers.accept) ? deepLinkTarget(url.pathname, url.search) : null;
    if (!target) return next();
    res.statusCode = 302;
    res.setHeader('Location', target);
    res.end();
  };
  return {
    name: 'maskcheck-deep-links',
    configureServer: (server) => void server.middlewares.use(redirect),
    configurePreviewServer: (server) => void server.middlewares.use(redirect),
  };
}

const pwa: Partial<VitePWAOptions> = {
  registerType: 'autoUpdate',
  injectRegister: false,
  // Our own worker (src/sw/sw.ts): workbox's precache plus the cross-origin isolation headers.
  strategies: 'injectManifest',
  srcDir: 'src/sw',
  filename: 'sw.ts',
  // Icons are precached by the glob below; listing them again would duplicate entries.
  includeManifestIcons: false,
  manifest: {
    name: 'maskcheck',
    short_name: 'maskcheck',
    description: 'Mask, gender and age-group check for every face, on this device only.',
    lang: 'en',
    start_url: '.',
    scope: '.',
    display: 'standalone',
    background_color: '#101418',
    theme_color: '#101418',
    // Installed apps offer the kiosk straight from the launcher.
    shortcuts: [{ name: 'Kiosk mode', url: './?kiosk' }],
    icons: [
      { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  injectManifest: {
    // The app shell, every model file, the wasm binaries and the threaded
    // binary's worker scripts: after one visit the app runs with the network off.
    // woff2: the Korean font subset (src/app/fonts/noto-sans-kr.css), so Korean reads offline too.
    globPatterns: ['**/*.{js,css,html,png,svg,webmanifest,wasm,woff2}', ...precachedModelGlobs()],
    maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
  },
};

export default defineConfig({
  base: './',
  // Cross-origin isolation, so WASM runs threaded in dev and preview too (see README, hosting).
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  plugins: [react(), wasmThreadsPlugin(), modelsFolder(), contentSecurityPolicy(), deepLinks(), VitePWA(pwa)],
  build: {
    target: 'es2022',
    // tfjs is one large chunk by design; the warning adds nothing.
    chunkSizeWarningLimit: 4096,
  },
  worker: { format: 'es' },
});
