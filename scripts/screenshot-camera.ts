/**
 * Takes docs/screenshot-camera.png: the built app in headless Chromium, its
 * fake camera fed a real face photo (a UTKFace image from ../shared/data, or
 * MASKCHECK_DATA), after the first labelled box appears.
 * Run: `npx tsx scripts/screenshot-camera.ts [photo.jpg]`.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fakeCameraVideo, launch, presetSettings, utkFaces, waitForModels } from '../tests/e2e/harness';
import { ROOT, buildApp, startPreview } from '../tests/e2e/server';

const photo = process.argv[2] ?? utkFaces(40).at(-1)!;
const out = resolve(ROOT, 'docs/screenshot-camera.png');

buildApp();
const preview = await startPreview();
const browser = await launch([
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  `--use-file-for-fake-video-capture=${fakeCameraVideo(photo, 960, 720)}`,
]);
try {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await presetSettings(context, 'wasm');
  const page = await context.newPage();
  await page.goto(preview.url);
  await waitForModels(page);
  await page.getByTestId('camera-start').click();
  await page.getByTestId('face-box').first().waitFor({ timeout: 60_000 });
  // Let the FPS reading settle.
  await page.waitForTimeout(3000);
  mkdirSync(resolve(ROOT, 'docs'), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`wrote ${out} from ${photo}`);
} finally {
  await browser.close();
  preview.stop();
}
