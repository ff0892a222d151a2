/**
 * What a first-time user hits (issue 11): labels on group photos and in the
 * kiosk, "not sure" answers, switching backends after `auto`, Korean on a
 * machine without Korean fonts, the kiosk's start, deep links, and photo
 * batches (duplicates, the CSV, empty files, load progress).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { groupPhoto } from '../../scripts/lib/browser';
import { fileForDrop, launch, maskedFace, presetSettings, waitForModels } from '../../scripts/lib/appHarness';
import {
  faceGrid,
  fakeCameraArgs,
  fakeCameraVideo,
  foreignRequests,
  openApp,
  recordRequests,
  utkFaces,
  watchPage,
} from './harness';

const baseUrl = inject('baseUrl');

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlap = (a: Rect, b: Rect) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) *
  Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

const inside = (a: Rect, b: Rect, slack = 0.5) =>
  a.x >= b.x - slack &&
  a.y >= b.y - slack &&
  a.x + a.width <= b.x + b.width + slack &&
  a.y + a.height <= b.y + b.height + slack;

async function rects(locator: Locator): Promise<Rect[]> {
  return locator.evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
}

/** ensemble.json as shipped, plus a "not sure" rule no mask answer can pass (one vote more than there are members). */
async function serveUnsureEnsemble(context: BrowserContext): Promise<void> {
  await context.route('**/models/ensemble.json', async (route) => {
    const response = await route.fetch();
    const spec = (await response.json()) as Record<string, unknown>;
    const members = (spec.members as unknown[]).length;
    spec.unsure = {
      mask: { minVotes: members + 1, minConfidence: 0 },
      gender: { minVotes: 0, minConfidence: 0 },
      age: { minVotes: 0, minConfidence: 0 },
    };
    await route.fulfill({ response, json: spec });
  });
}

describe('photos, backends, Korean, deep links', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('labels of a 5-face group photo in a card do not overlap and stay inside the card; the photo opens large', async () => {
    const { context, page, watch } = await openApp(browser, baseUrl, 'wasm');
    await waitForModels(page);
    const group = await faceGrid(utkFaces(5), 5, 130, 100);
    await page.getByTestId('dropzone').drop({ files: [fileForDrop(group, 'image/png'), fileForDrop(utkFaces(6)[5])] });
    const card = page.locator('[data-testid="photo-card"]').first();
    await card.and(page.locator('[data-status="done"]')).waitFor({ timeout: 180_000 });
    expect(await card.getByTestId('face-box').count()).toBe(5);
    const labels = await rects(card.getByTestId('face-label'));
    const cardRect = (await card.boundingBox())!;
    const stage = (await card.locator('.stage').boundingBox())!;
    expect(labels).toHaveLength(5);
    for (const [i, a] of labels.entries()) {
      expect(inside(a, cardRect), `label ${i} in the card`).toBe(true);
      expect(inside(a, stage), `label ${i} on the photo`).toBe(true);
      for (const b of labels.slice(i + 1)) expect(overlap(a, b)).toBe(0);
    }
    // The thumbnail is ~260 px wide: the labels are small there.
    const size = await card
      .getByTestId('face-label')
      .first()
      .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    expect(size).toBeLessThanOrEqual(11);

    // Opened large: a dialog with the same five faces; arrow keys move on, Esc closes.
    await card.getByTestId('photo-open').click();
    const viewer = page.getByTestId('photo-viewer');
    await viewer.waitFor();
    expect(await viewer.getByTestId('face-box').count()).toBe(5);
    const big = await rects(viewer.getByTestId('face-label'));
    for (const [i, a] of big.entries()) for (const b of big.slice(i + 1)) expect(overlap(a, b)).toBe(0);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => viewer.getByTestId('face-box').count()).toBe(1);
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    expect(watch.errors).toEqual([]);
    await context.close();
  });

  it('shows a face it is not sure of as unsure: own colour, symbol and words; table and CSV say so', async () => {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    await presetSettings(context, 'wasm');
    await serveUnsureEnsemble(context);
    const page = await context.newPage();
    await page.goto(baseUrl);
    await waitForModels(page);
    await page.getByTestId('dropzone').drop({ files: [fileForDrop(utkFaces(1)[0])] });
    await page.locator('[data-testid="photo-card"][data-status="done"]').waitFor({ timeout: 180_000 });
    const box = page.getByTestId('face-box');
    expect(await box.getAttribute('data-unsure')).toBe('true');
    expect(await box.getAttribute('class')).toContain('tone-unsure');
    expect(await box.evaluate((e) => getComputedStyle(e).borderTopStyle)).toBe('dotted');
    expect(await box.getAttribute('aria-label')).toMatch(/^Face 1: Not sure, .*Not sure: only \d of \d models say/);
    const label = page.getByTestId('face-label');
    // One face filling the photo: its label is the symbol alone, with the words on hover and focus.
    expect(await label.innerText()).toMatch(/^\?/);
    expect(await label.getAttribute('title')).toMatch(/^Face 1: Not sure, /);
    const row = page.getByTestId('result-row');
    expect(await row.locator('td').nth(1).innerText()).toMatch(
      /^\? Not sure \(best guess: (Mask on|Mask worn wrongly|No mask)\)/,
    );
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-button').click()]);
    const line = readFileSync((await download.path())!, 'utf8')
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r\n/)[1];
    expect(line).toMatch(
      /^[^,]+,1,\d+,\d+,\d+,\d+,unsure,(male|female),(<30|30-59|>=60),\d+,.*,(wear|incorrect|not_wear),/,
    );
    await context.close();
  });

  it('switches auto -> webgl -> wasm -> cpu without a reload, and checks a photo on the last', async () => {
    const { context, page, watch, requests } = await openApp(browser, baseUrl, 'auto');
    expect(await waitForModels(page)).toBe('wasm');
    await page.evaluate(() => {
      (window as Window & { __sameDocument?: boolean }).__sameDocument = true;
    });
    const status = page.getByTestId('engine-status');
    for (const backend of ['webgl', 'wasm', 'cpu']) {
      await page.getByTestId('backend-select').selectOption(backend);
      await expect
        .poll(async () => `${await status.getAttribute('data-status')} ${await status.getAttribute('data-backend')}`, {
          timeout: 180_000,
        })
        .toBe(`ready ${backend}`);
    }
    expect(await status.innerText()).toContain('Running on JavaScript (processor, slow)');
    expect(await page.evaluate(() => (window as Window & { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await page.getByTestId('dropzone').drop({ files: [fileForDrop(utkFaces(1)[0])] });
    await page.locator('[data-testid="photo-card"][data-status="done"]').waitFor({ timeout: 240_000 });
    expect(await page.getByTestId('face-box').count()).toBe(1);
    expect(await page.locator('[role="alert"]').count()).toBe(0);
    expect(watch.errors).toEqual([]);
    expect(foreignRequests(requests, baseUrl)).toEqual([]);
    await context.close();
  });

  it('draws Korean with the shipped font, without system Korean fonts', async () => {
    // This machine has no Korean fonts (fc-list :lang=ko is empty); where there are, the shipped font still comes first.
    const { context, page, requests } = await openApp(browser, baseUrl, 'wasm');
    await page.getByTestId('lang-select').selectOption('ko');
    const tagline = page.locator('.header p.muted');
    const text = await tagline.innerText();
    expect(text).toContain('마스크');
    await page.waitForFunction(() => document.fonts.check('16px "Noto Sans KR"', '마스크 착용'));
    await page.evaluate(() => document.fonts.ready);
    // The fonts Chromium really drew the text with, and how many glyphs each drew.
    const cdp = await context.newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '.header p.muted' });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    const hangul = [...text].filter((c) => /[\uac00-\ud7a3]/.test(c)).length;
    // Chromium reports the font file's own name ("Noto Sans KR Thin" for fontsource's subsets).
    const noto = fonts.find((f) => f.familyName.startsWith('Noto Sans KR'));
    expect(noto, JSON.stringify(fonts)).toBeDefined();
    expect(noto!.isCustomFont).toBe(true);
    expect(noto!.glyphCount).toBe(hangul);
    // Real glyphs: two different syllables draw differently (tofu boxes all look the same).
    const differ = await page.evaluate(() => {
      const draw = (ch: string) => {
        const c = document.createElement('canvas');
        c.width = c.height = 40;
        const g = c.getContext('2d')!;
        g.font = '32px "Noto Sans KR"';
        g.fillText(ch, 2, 34);
        return Array.from(g.getImageData(0, 0, 40, 40).data).join();
      };
      return draw('마') !== draw('스');
    });
    expect(differ).toBe(true);
    expect(requests.some((u) => /\/assets\/noto-sans-kr-\d+-400-normal-[\w-]+\.woff2$/.test(u))).toBe(true);
    expect(foreignRequests(requests, baseUrl)).toEqual([]);
    await context.close();
  });

  it('a deep path loads the app (the kiosk under /kiosk/...), also from the service worker offline', async () => {
    const context = await browser.newContext();
    await presetSettings(context, 'wasm');
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${baseUrl}kiosk/door1`);
    expect(page.url()).toBe(`${baseUrl}?kiosk`);
    await page.getByTestId('kiosk-sign').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('boot-message').count()).toBe(0);
    // No camera in this browser: the kiosk says so, and promises no photo check it does not show.
    const problem = page.getByTestId('camera-problem');
    await problem.waitFor({ timeout: 30_000 });
    expect(await problem.innerText()).not.toContain('Photo checks');

    await page.goto(`${baseUrl}some/deep/page?x=1`);
    expect(page.url()).toBe(`${baseUrl}?x=1`);
    await waitForModels(page);
    // Camera off: no "0.0 FPS", only the backend.
    expect(await page.getByTestId('camera-stats').innerText()).toBe('WebAssembly (processor)');

    // Once the service worker controls the page, it sends deep links home even offline.
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await context.setOffline(true);
    await page.goto(`${baseUrl}kiosk/door2`);
    expect(page.url()).toBe(`${baseUrl}?kiosk`);
    await page.getByTestId('kiosk-sign').waitFor({ timeout: 60_000 });
    expect(watch.errors).toEqual([]);
    await context.close();
  });

  it('names duplicates, holds the CSV until the batch is done, calls an empty file empty, and shows load progress to 100%', async () => {
    const context = await browser.newContext();
    await presetSettings(context, 'wasm');
    // Every value the progress bar shows, read from the page as it changes.
    await context.addInitScript(() => {
      const seen: [number, number][] = [];
      (window as Window & { __progress?: [number, number][] }).__progress = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('[data-testid="model-progress"]');
        if (!bar) return;
        const v: [number, number] = [Number(bar.getAttribute('data-loaded')), Number(bar.getAttribute('data-total'))];
        const last = seen.at(-1);
        if (!last || last[0] !== v[0] || last[1] !== v[1]) seen.push(v);
      }).observe(document, { subtree: true, childList: true, attributes: true });
    });
    const requests = recordRequests(context);
    const page = await context.newPage();
    await page.goto(baseUrl);
    await waitForModels(page);
    const progress = await page.evaluate(() => (window as Window & { __progress?: [number, number][] }).__progress!);
    expect(progress.length).toBeGreaterThan(1);
    const [loaded, total] = progress.at(-1)!;
    expect(total).toBeGreaterThan(10e6);
    expect(loaded).toBe(total);

    const empty = join(mkdtempSync(join(tmpdir(), 'maskcheck-empty-')), 'empty.jpg');
    writeFileSync(empty, '');
    const faces = utkFaces(4);
    const csv = page.getByTestId('csv-button');
    await page.getByTestId('dropzone').drop({ files: [...faces, maskedFace()].map((f) => fileForDrop(f)) });
    // While photos are still being checked, the CSV waits and says for how many.
    expect(await csv.isDisabled()).toBe(true);
    expect(await csv.innerText()).toMatch(/^Download CSV \(waiting for [1-5] photos?\)$/);
    await expect.poll(() => csv.isDisabled(), { timeout: 180_000 }).toBe(false);
    expect(await csv.innerText()).toBe('Download CSV');

    await page
      .getByTestId('dropzone')
      .drop({ files: [fileForDrop(faces[0]), fileForDrop(faces[1]), fileForDrop(empty)] });
    const dupes = page.getByTestId('photo-duplicates');
    await dupes.waitFor();
    expect(await dupes.innerText()).toBe(
      `Already in the list, not added again: ${faces[0].split('/').pop()}, ${faces[1].split('/').pop()}`,
    );
    const emptyCard = page.locator('[data-testid="photo-card"][data-name="empty.jpg"]');
    await emptyCard.and(page.locator('[data-status="error"]')).waitFor({ timeout: 30_000 });
    expect(await emptyCard.getByTestId('photo-error').innerText()).toBe('The file empty.jpg is empty (0 bytes).');
    expect(await page.getByTestId('photo-card').count()).toBe(6);
    expect(foreignRequests(requests, baseUrl)).toEqual([]);
    await context.close();
  });
});

describe('kiosk with a group in front of the camera', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch(fakeCameraArgs(fakeCameraVideo(groupPhoto(), 960, 720)));
  });

  afterAll(async () => {
    await browser?.close();
  });

  const open = async (path: string, setup?: (c: BrowserContext) => Promise<void>): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
    await presetSettings(context, 'wasm');
    await setup?.(context);
    const page = await context.newPage();
    await page.goto(`${baseUrl}${path}`);
    return page;
  };

  it('?kiosk asks for a tap to go full screen; labels never cover the sign; the exit is visible and Esc leaves', async () => {
    const page = await open('?kiosk');
    const prompt = page.getByTestId('kiosk-start');
    await prompt.waitFor();
    expect(await prompt.innerText()).toContain('Tap to start full screen');
    await prompt.click();
    await prompt.waitFor({ state: 'detached' });
    const sign = page.getByTestId('kiosk-sign');
    await page.getByTestId('face-label').first().waitFor({ timeout: 180_000 });
    // Over several frames: no label on the sign, every label on the camera view.
    const stats = page.getByTestId('camera-stats');
    const until = Number(await stats.getAttribute('data-frames')) + 3;
    for (;;) {
      const signRect = (await sign.boundingBox())!;
      const stage = (await page.locator('.camera .stage').boundingBox())!;
      // Labels are redrawn every frame: one taken out while being read measures 0 x 0.
      const shown = (await rects(page.getByTestId('face-label'))).filter((r) => r.width > 0);
      for (const r of shown) {
        expect(overlap(r, signRect)).toBe(0);
        expect(inside(r, stage, 2), JSON.stringify({ r, stage })).toBe(true);
      }
      if (Number(await stats.getAttribute('data-frames')) >= until) break;
      await page.waitForTimeout(300);
    }
    expect(await page.getByRole('heading', { name: 'People seen per hour' }).isVisible()).toBe(true);
    const exit = page.getByTestId('kiosk-exit');
    expect(await exit.isVisible()).toBe(true);
    expect(Number(await exit.evaluate((e) => getComputedStyle(e).opacity))).toBeGreaterThan(0.5);
    await page.keyboard.press('Escape');
    await page.getByTestId('backend-select').waitFor();
    await page.context().close();
  });

  it('never thanks or warns on a face it is not sure of', async () => {
    const page = await open('?kiosk', serveUnsureEnsemble);
    await page.getByTestId('kiosk-start').click();
    const sign = page.getByTestId('kiosk-sign');
    await page.getByTestId('face-box').first().waitFor({ timeout: 180_000 });
    const stats = page.getByTestId('camera-stats');
    const until = Number(await stats.getAttribute('data-frames')) + 5;
    const states = new Set<string>();
    while (Number(await stats.getAttribute('data-frames')) < until) {
      states.add((await sign.getAttribute('data-state')) ?? '');
      await page.waitForTimeout(200);
    }
    expect([...states].filter((s) => s !== 'none')).toEqual(['checking']);
    expect(await sign.innerText()).toContain('Checking… please look at the camera');
    // Nobody is counted on a guess.
    expect(await page.getByTestId('counts-chart').count()).toBe(0);
    await page.context().close();
  });

  it.each(['?kiosk=0', '?kiosk=false'])('%s stays in the normal view', async (query) => {
    const page = await open(query);
    await page.getByTestId('backend-select').waitFor();
    expect(await page.getByTestId('kiosk-sign').count()).toBe(0);
    expect(await page.getByTestId('kiosk-start').count()).toBe(0);
    await page.context().close();
  });
});
