/**
 * Takes the README's screenshots: the built app in headless Chromium, its fake
 * camera fed a real face photo (from ../shared/data, or MASKCHECK_DATA).
 *   npx tsx scripts/screenshot-camera.ts [photo.jpg]            -> docs/screenshot-camera.png
 *   npx tsx scripts/screenshot-camera.ts --kiosk [photo.jpg]    -> docs/screenshot-kiosk.png
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fakeCameraArgs, fakeCameraVideo, launch, maskedFace, presetSettings, utkFaces } from '../tests/e2e/harness';
import { ROOT, buildApp, startPreview } from '../tests/e2e/server';

const kiosk = process.argv.includes('--kiosk');
const photo = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? (kiosk ? maskedFace() : utkFaces(40).at(-1)!);
const out = resolve(ROOT, `docs/screenshot-${kiosk ? 'kiosk' : 'camera'}.png`);

buildApp();
const preview = await startPreview();
const browser = await launch(fakeCameraArgs(fakeCameraVideo(photo, 960, 720)));
try {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await presetSettings(context, 'wasm');
  const page = await context.newPage();
  await page.goto(kiosk ? `${preview.url}?kiosk` : preview.url);
  if (!kiosk) {
    await page.getByTestId('engine-status').and(page.locator('[data-status="ready"]')).waitFor({ timeout: 180_000 });
    await page.getByTestId('camera-start').click();
  }
  await page.getByTestId('face-box').first().waitFor({ timeout: 180_000 });
  // Let the FPS reading and the tracked label settle.
  await page.waitForTimeout(3000);
  mkdirSync(resolve(ROOT, 'docs'), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`wrote ${out} from ${photo}`);
} finally {
  await browser.close();
  preview.stop();
}
