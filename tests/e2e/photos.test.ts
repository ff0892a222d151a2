/**
 * Photo check in the built app: dropped photos come back with boxes, result
 * rows and a CSV; a text file gets its own error and the photos dropped with
 * it still go through. No request leaves the origin, and the CSP holds.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fileForDrop, launch, maskedFace, waitForModels } from '../../scripts/lib/appHarness';
import { foreignRequests, openApp, plainJpeg, twoFacesPhoto, utkFaces } from './harness';

const baseUrl = inject('baseUrl');

describe('photo check', () => {
  let browser: Browser;
  let page: Page;
  let requests: string[];
  let watch: { errors: string[] };

  beforeAll(async () => {
    browser = await launch();
    ({ page, requests, watch } = await openApp(browser, baseUrl, 'wasm'));
    expect(await waitForModels(page)).toBe('wasm');
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('labels dropped photos, lists a row per face and exports the CSV', async () => {
    const [bare] = utkFaces(1);
    const masked = maskedFace();
    await page.getByTestId('dropzone').drop({ files: [fileForDrop(bare), fileForDrop(masked)] });

    const cards = page.getByTestId('photo-card');
    await expect.poll(() => cards.count()).toBe(2);
    await page
      .locator('[data-testid="photo-card"][data-status="pending"]')
      .first()
      .waitFor({ state: 'detached', timeout: 120_000 });
    for (const name of [bare, masked].map((p) => p.split('/').pop()!)) {
      const card = page.locator(`[data-testid="photo-card"][data-name="${name}"]`);
      expect(await card.getAttribute('data-status')).toBe('done');
      // One face per photo, drawn with a box and a worded label.
      await expect.poll(() => card.getByTestId('face-box').count()).toBe(1);
      const label = await card.getByTestId('face-box').getAttribute('aria-label');
      expect(label).toMatch(
        /Face 1: (Mask on|Mask worn wrongly|No mask|Not sure), (Male|Female)\??, (Under 30|30–59|60 and over)\??\. (Not sure: only )?\d of \d models say/,
      );
      expect(await page.locator(`[data-testid="result-row"][data-name="${name}"]`).count()).toBe(1);
    }

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-button').click()]);
    const csv = readFileSync((await download.path())!, 'utf8')
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r\n/);
    expect(csv[0]).toBe(
      'file,face,x,y,width,height,mask,gender,age_group,members,mask_votes,gender_votes,age_group_votes,mask_confidence,gender_confidence,age_group_confidence,mask_guess,gender_guess,age_group_guess,error',
    );
    expect(csv).toHaveLength(3);
    for (const line of csv.slice(1)) {
      expect(line).toMatch(
        /^[^,]+\.jpg,1,\d+,\d+,\d+,\d+,(wear|incorrect|not_wear|unsure),(male|female|unsure),(<30|30-59|>=60|unsure),\d+,\d,\d,\d,[01]\.\d\d,[01]\.\d\d,[01]\.\d\d,(wear|incorrect|not_wear),(male|female),(<30|30-59|>=60),$/,
      );
    }
  });

  it('gives a text file its own error while the photos beside it still go through', async () => {
    await page.getByRole('button', { name: 'Clear photos' }).click();
    const [face] = utkFaces(2).slice(1);
    await page.getByTestId('dropzone').drop({
      files: [
        { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture\n') },
        // A JPEG cut in half: the name and type say image, the bytes do not.
        { name: 'cut.jpg', mimeType: 'image/jpeg', buffer: readFileSync(face).subarray(0, 3000) },
        fileForDrop(face),
      ],
    });
    const text = page.locator('[data-testid="photo-card"][data-name="notes.txt"]');
    await text.and(page.locator('[data-status="error"]')).waitFor({ timeout: 60_000 });
    expect(await text.getByTestId('photo-error').getAttribute('data-error')).toBe('not_image');
    expect(await text.getByRole('alert').innerText()).toContain('notes.txt is not an image');

    const cut = page.locator('[data-testid="photo-card"][data-name="cut.jpg"]');
    await cut.and(page.locator('[data-status="error"]')).waitFor({ timeout: 60_000 });
    expect(await cut.getByTestId('photo-error').getAttribute('data-error')).toBe('corrupt');
    expect(await cut.getByRole('alert').innerText()).toBe(
      'The image cut.jpg is damaged or cut short and cannot be read.',
    );

    const good = page.locator(`[data-testid="photo-card"][data-name="${face.split('/').pop()}"]`);
    await good.and(page.locator('[data-status="done"]')).waitFor({ timeout: 120_000 });
    expect(await good.getByTestId('face-box').count()).toBe(1);
    expect(await page.getByTestId('result-row').count()).toBe(3);
  });

  it('finds and labels several faces in one photo', async () => {
    await page.getByRole('button', { name: 'Clear photos' }).click();
    const [a, b] = utkFaces(3).slice(1);
    await page.getByTestId('photo-input').setInputFiles(twoFacesPhoto(a, b));
    const card = page.locator('[data-testid="photo-card"][data-name="two-faces.png"]');
    await card.and(page.locator('[data-status="done"]')).waitFor({ timeout: 120_000 });
    const boxes = card.getByTestId('face-box');
    expect(await boxes.count()).toBe(2);
    const xs = await boxes.evaluateAll((els) =>
      els.map((e) => parseFloat((e as HTMLElement).style.left)).sort((p, q) => p - q),
    );
    // One face in each half of the picture.
    expect(xs[0]).toBeLessThan(50);
    expect(xs[1]).toBeGreaterThan(50);
    expect(await page.getByTestId('result-row').count()).toBe(2);
  });

  it('refuses an image of more than 40 megapixels with its own message', async () => {
    await page.getByRole('button', { name: 'Clear photos' }).click();
    await page.getByTestId('photo-input').setInputFiles(plainJpeg(8000, 6000));
    const card = page.locator('[data-testid="photo-card"][data-name="plain-8000x6000.jpg"]');
    await card.and(page.locator('[data-status="error"]')).waitFor({ timeout: 60_000 });
    expect(await card.getByTestId('photo-error').getAttribute('data-error')).toBe('too_many_pixels');
    expect(await card.getByRole('alert').innerText()).toBe(
      'The image plain-8000x6000.jpg is too large (48 megapixels; the limit is 40).',
    );
  });

  it('asked nothing from any other origin and broke no CSP rule', () => {
    expect(requests.length).toBeGreaterThan(10);
    expect(foreignRequests(requests, baseUrl)).toEqual([]);
    expect(watch.errors).toEqual([]);
  });
});
