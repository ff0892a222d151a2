/**
 * Takes the README's screenshots of the built app in headless Chromium, its
 * fake camera fed a real group photo (from ../shared/data, or MASKCHECK_DATA):
 *   docs/screenshot-camera.png   the camera view with a group
 *   docs/screenshot-photos.png   photo check: a group photo's card, labels beside the faces
 *   docs/screenshot-kiosk.png    kiosk mode with a group
 *   docs/screenshot-korean.png   the Korean UI (the shipped Korean font)
 *
 *   npx tsx scripts/screenshot-app.ts [camera|photos|kiosk|korean ...] [--photo group.jpg] [--dist .cache/e2e-dist]
 * With --dist an existing build is served instead of building one.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { fakeCameraArgs, fakeCameraVideo, groupPhoto, utkFaces } from './lib/browser';
import { fileForDrop, launch, maskedFace, presetSettings } from './lib/appHarness';
import { ROOT, buildApp, startPreview } from './lib/previewServer';

const SCENES = ['camera', 'photos', 'kiosk', 'korean'] as const;
type Scene = (typeof SCENES)[number];

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const photo = option('--photo') ?? groupPhoto();
const dist = option('--dist');
const asked = args.filter((a): a is Scene => (SCENES as readonly string[]).includes(a));
const scenes: readonly Scene[] = asked.length > 0 ? asked : SCENES;

const out = (scene: Scene) => resolve(ROOT, `docs/screenshot-${scene}.png`);

async function open(browser: Browser, url: string, lang = 'en'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await presetSettings(context, 'wasm', lang);
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

const ready = (page: Page) =>
  page.getByTestId('engine-status').and(page.locator('[data-status="ready"]')).waitFor({ timeout: 180_000 });

/** Photo check with the group photo and two single faces; the screenshot shows the cards. */
async function photos(page: Page): Promise<void> {
  await ready(page);
  await page.getByTestId('dropzone').drop({
    files: [fileForDrop(photo), fileForDrop(maskedFace()), fileForDrop(utkFaces(3)[2])],
  });
  await page
    .locator('[data-testid="photo-card"][data-status="pending"]')
    .first()
    .waitFor({ state: 'detached', timeout: 180_000 });
  await page.locator('.photo-grid').scrollIntoViewIfNeeded();
}

async function shoot(page: Page, scene: Scene, clip?: string): Promise<void> {
  mkdirSync(resolve(ROOT, 'docs'), { recursive: true });
  if (clip) await page.locator(clip).screenshot({ path: out(scene) });
  else await page.screenshot({ path: out(scene) });
  console.log(`wrote ${out(scene)}`);
}

if (!dist) buildApp();
const preview = await startPreview(dist ? resolve(ROOT, dist) : undefined);
const browser = await launch(fakeCameraArgs(fakeCameraVideo(photo, 960, 720)));
try {
  for (const scene of scenes) {
    if (scene === 'camera') {
      const page = await open(browser, preview.url);
      await ready(page);
      await page.getByTestId('camera-start').click();
      await page.getByTestId('face-box').first().waitFor({ timeout: 180_000 });
      // Let the FPS reading and the tracked labels settle.
      await page.waitForTimeout(4000);
      await shoot(page, scene);
    } else if (scene === 'kiosk') {
      const page = await open(browser, `${preview.url}?kiosk`);
      await page.getByTestId('kiosk-start').click();
      await page.getByTestId('face-box').first().waitFor({ timeout: 180_000 });
      await page.waitForTimeout(4000);
      await shoot(page, scene);
    } else if (scene === 'photos') {
      const page = await open(browser, preview.url);
      await photos(page);
      await shoot(page, scene, '.photo-grid');
    } else {
      const page = await open(browser, preview.url, 'ko');
      await photos(page);
      await page.evaluate(() => window.scrollTo(0, 0));
      await shoot(page, scene);
    }
  }
} finally {
  await browser.close();
  preview.stop();
}
