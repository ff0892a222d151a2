/**
 * The built app (made by the e2e global setup): the service worker precaches
 * the shell, the wasm binaries (threaded one and its worker scripts included)
 * and every model file the ensemble lists, the manifest names the icons, and
 * index.html carries the CSP.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const dist = inject('distDir');
const read = (f: string) => readFileSync(join(dist, f), 'utf8');

describe('build output', () => {
  const sw = read('sw.js');
  const precached = new Set([...sw.matchAll(/"?url"?:"([^"]+)"/g)].map((m) => m[1]));

  it("precaches the app shell, the three wasm binaries and the threaded one's worker scripts", () => {
    expect(precached.has('index.html')).toBe(true);
    expect(precached.has('manifest.webmanifest')).toBe(true);
    const assets = readdirSync(join(dist, 'assets'));
    const wasm = assets.filter((f) => f.endsWith('.wasm'));
    expect(wasm).toHaveLength(3);
    // The pthread worker and the glue it imports are files of their own (no blob: under the CSP).
    const threadScripts = assets.filter((f) => f.startsWith('tfjs-backend-wasm-threaded-simd') && f.endsWith('.js'));
    expect(threadScripts).toHaveLength(2);
    for (const f of [...wasm, ...threadScripts]) expect(precached.has(`assets/${f}`), f).toBe(true);
  });

  it('precaches every file the ensemble needs, weights included', () => {
    const spec = JSON.parse(read('models/ensemble.json')) as { sha256: Record<string, string> };
    expect(precached.has('models/ensemble.json')).toBe(true);
    for (const file of Object.keys(spec.sha256)) {
      expect(existsSync(join(dist, 'models', file)), file).toBe(true);
      expect(precached.has(`models/${file}`), file).toBe(true);
      if (file.endsWith('.json')) {
        const model = JSON.parse(read(`models/${file}`)) as { weightsManifest?: { paths: string[] }[] };
        const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
        for (const p of (model.weightsManifest ?? []).flatMap((g) => g.paths)) {
          expect(precached.has(`models/${dir}${p}`), `${file} -> ${p}`).toBe(true);
        }
      }
    }
  });

  it('precaches the Korean font subset, the start-up script, and sends deep links home from the service worker', () => {
    const fonts = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.woff2'));
    // Only the subsets the app's Korean text needs (src/app/fonts/noto-sans-kr.css), not fontsource's 2,250 files.
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.length).toBeLessThanOrEqual(40);
    for (const f of fonts) expect(precached.has(`assets/${f}`), f).toBe(true);
    expect(precached.has('boot.js')).toBe(true);
    // The service worker's own deep-link route (src/sw/sw.ts): a redirect to the start page.
    expect(sw).toContain('Response.redirect');
    expect(read('index.html')).toMatch(/<script src="\.\/boot\.js"/);
  });

  it('has a manifest with icons that exist', () => {
    const manifest = JSON.parse(read('manifest.webmanifest')) as { icons: { src: string; sizes: string }[] };
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) expect(existsSync(join(dist, icon.src)), icon.src).toBe(true);
  });

  it('ships a strict Content-Security-Policy in the built index.html', () => {
    const html = read('index.html').replaceAll('&#39;', "'");
    // Read from the built page, not from vite.config.ts: what browsers get is what is checked.
    const content = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(content, 'no CSP meta tag in dist/index.html').toBeDefined();
    const directives = new Map(
      content!.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values.join(' ')] as const;
      }),
    );
    // Same-origin only; WASM may compile, nothing inline or eval'd; no plugins, no form posts.
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('script-src')).toBe("'self' 'wasm-unsafe-eval'");
    expect(directives.get('connect-src')).toBe("'self'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(content).not.toMatch(/'unsafe-inline'|'unsafe-eval'|https?:/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});
