/**
 * Live camera with Chromium's fake device fed a real face: a labelled box
 * appears with FPS and backend shown. A second browser without a camera
 * shows the "no camera" message with a retry button, and photos still work.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, waitForModels } from '../../scripts/lib/appHarness';
import { fakeCameraArgs, fakeCameraVideo, foreignRequests, openApp, utkFaces } from './harness';

const baseUrl = inject('baseUrl');

describe('camera view', () => {
  let browser: Browser;
  let page: Page;
  let requests: string[];
  let watch: { errors: string[] };

  beforeAll(async () => {
    browser = await launch(fakeCameraArgs(fakeCameraVideo(utkFaces(1)[0])));
    ({ page, requests, watch } = await openApp(browser, baseUrl, 'wasm'));
    await waitForModels(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('draws a labelled box on the face and shows FPS and the backend', async () => {
    await page.getByTestId('camera-start').click();
    const box = page.getByTestId('face-box').first();
    await box.waitFor({ timeout: 60_000 });
    expect(await box.getAttribute('aria-label')).toMatch(
      /^Face 1: (Mask on|Mask worn wrongly|No mask|Not sure), (Male|Female)\??, (Under 30|30–59|60 and over)\??\. (\d of \d models say “[^”]+”; on average they give it \d+%|Not sure: only \d of \d models say “[^”]+” \(the best guess\), and on average they give it \d+%)\.$/,
    );
    expect(await page.getByTestId('face-label').first().innerText()).toMatch(/\d\/\d · \d+%/);
    // The face sits in the middle of the 640x480 frame.
    const stage = await page.locator('.camera .stage').boundingBox();
    const b = (await box.boundingBox())!;
    const cx = (b.x + b.width / 2 - stage!.x) / stage!.width;
    const cy = (b.y + b.height / 2 - stage!.y) / stage!.height;
    expect(cx).toBeGreaterThan(0.35);
    expect(cx).toBeLessThan(0.65);
    expect(cy).toBeGreaterThan(0.3);
    expect(cy).toBeLessThan(0.7);
    await expect
      .poll(() => page.getByTestId('camera-stats').innerText(), { timeout: 30_000 })
      .toMatch(/^(\d+\.\d FPS|\d+\.\d s per frame) · WebAssembly \(processor\)$/);
  });

  it('keeps the tensor count flat frame after frame', async () => {
    const stats = page.getByTestId('camera-stats');
    const frames = async () => Number(await stats.getAttribute('data-frames'));
    const start = (await frames()) + 3;
    await expect.poll(frames, { timeout: 60_000 }).toBeGreaterThanOrEqual(start);
    const before = Number(await stats.getAttribute('data-tensors'));
    expect(before).toBeGreaterThan(0);
    await expect.poll(frames, { timeout: 120_000 }).toBeGreaterThanOrEqual(start + 30);
    expect(Number(await stats.getAttribute('data-tensors'))).toBe(before);
  });

  it('runs a kiosk: big sign, controls hidden, screen kept awake, people counted', async () => {
    await page.getByRole('button', { name: 'Kiosk mode' }).click();
    const sign = page.getByTestId('kiosk-sign');
    await expect
      .poll(() => sign.getAttribute('data-state'), { timeout: 30_000 })
      .toMatch(/^(wear|incorrect|not_wear)$/);
    expect(await sign.innerText()).toMatch(
      /Thank you for wearing a mask|Please cover your nose and mouth|Please put on a mask/,
    );
    expect(await page.getByTestId('backend-select').count()).toBe(0);
    expect(await page.getByTestId('camera-start').count()).toBe(0);
    // Labels are re-drawn every frame (and tracks restart with the kiosk), so poll.
    const labelSize = () =>
      page
        .locator('.face-label')
        .first()
        .evaluate((el) => parseFloat(getComputedStyle(el).fontSize) || 0, undefined, { timeout: 5000 })
        .catch(() => 0);
    await expect.poll(labelSize, { timeout: 30_000 }).toBeGreaterThanOrEqual(22);
    await expect.poll(() => page.locator('.app').getAttribute('data-wakelock')).toMatch(/^(held|refused)$/);
    // The one person in view settles after a few frames and is counted once.
    await page.getByTestId('counts-chart').waitFor({ timeout: 60_000 });
    // A kiosk opens a lost camera again by itself.
    await page.evaluate(() => {
      const video = document.querySelector('video')!;
      (video.srcObject as MediaStream).getVideoTracks()[0].dispatchEvent(new Event('ended'));
    });
    await page.getByTestId('camera-problem').waitFor({ timeout: 10_000 });
    await page.getByTestId('camera-problem').waitFor({ state: 'detached', timeout: 20_000 });
    await page.getByTestId('face-box').first().waitFor({ timeout: 30_000 });
    // Long enough for a new track to settle: the same person must not count twice.
    const stats = page.getByTestId('camera-stats');
    const seen = Number(await stats.getAttribute('data-frames'));
    await expect
      .poll(async () => Number(await stats.getAttribute('data-frames')), { timeout: 30_000 })
      .toBeGreaterThan(seen + 10);
    await page.keyboard.press('Escape');
    await page.getByTestId('backend-select').waitFor();
    expect(await page.getByTestId('counts-total').innerText()).toMatch(/^1 person: /);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download counts (CSV)' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8')
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r\n/);
    expect(csv[0]).toBe('hour,people,wear,incorrect,not_wear');
    expect(csv).toHaveLength(2);
    expect(csv[1]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:00,1,[01],[01],[01]$/);

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Reset counts' }).click();
    await page.getByTestId('counts-total').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => localStorage.getItem('maskcheck.kioskCounts'))).toBe('{"version":1,"hours":{}}');
  });

  it('says when the camera stops, and a retry brings it back', async () => {
    // What an unplugged camera does: its track ends.
    await page.evaluate(() => {
      const video = document.querySelector('video')!;
      (video.srcObject as MediaStream).getVideoTracks()[0].dispatchEvent(new Event('ended'));
    });
    const problem = page.getByTestId('camera-problem');
    await problem.waitFor({ timeout: 10_000 });
    expect(await problem.getAttribute('data-status')).toBe('unplugged');
    expect(await problem.innerText()).toContain('Reconnect it');
    await problem.getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId('face-box').first().waitFor({ timeout: 60_000 });
    expect(await problem.count()).toBe(0);
  });

  it('switches to Korean and keeps it after a reload', async () => {
    await page.getByTestId('lang-select').selectOption('ko');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ko');
    await page.reload();
    await waitForModels(page);
    expect(await page.getByRole('heading', { level: 2 }).first().innerText()).toBe('카메라');
    await page.getByTestId('lang-select').selectOption('en');
  });

  it('stayed on its own origin under the CSP', () => {
    expect(foreignRequests(requests, baseUrl)).toEqual([]);
    expect(watch.errors).toEqual([]);
  });
});

describe('camera permission denied', () => {
  let browser: Browser;

  afterAll(async () => {
    await browser?.close();
  });

  it('explains how to allow it and offers a retry', async () => {
    browser = await launch(['--use-fake-device-for-media-stream']);
    const { page } = await openApp(browser, baseUrl, 'wasm');
    await waitForModels(page);
    await page.getByTestId('camera-start').click();
    const problem = page.getByTestId('camera-problem');
    await problem.waitFor({ timeout: 30_000 });
    expect(await problem.getAttribute('data-status')).toBe('denied');
    expect(await problem.innerText()).toContain('Camera access was denied');
    expect(await problem.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
  });
});

describe('without a camera', () => {
  let browser: Browser;

  afterAll(async () => {
    await browser?.close();
  });

  it('says so, offers a retry, and photo checks still work', async () => {
    // Permission granted but no device: getUserMedia fails with NotFoundError.
    browser = await launch(['--use-fake-ui-for-media-stream']);
    const { page } = await openApp(browser, baseUrl, 'wasm');
    await waitForModels(page);
    await page.getByTestId('camera-start').click();
    const problem = page.getByTestId('camera-problem');
    await problem.waitFor({ timeout: 30_000 });
    expect(await problem.getAttribute('data-status')).toMatch(/^(absent|error|unplugged)$/);
    expect(await problem.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);

    const [face] = utkFaces(1);
    await page.getByTestId('photo-input').setInputFiles(face);
    await page.locator('[data-testid="photo-card"][data-status="done"]').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('face-box').count()).toBe(1);
  });
});
