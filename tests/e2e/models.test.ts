/**
 * Model files are checked against the sha256 in ensemble.json as they load:
 * an altered or missing file stops loading with a message naming it (in
 * either language), and the retry button loads the models once the file is
 * right again. A damaged or missing ensemble.json (the list of files itself)
 * is named too.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, presetSettings, waitForModels } from '../../scripts/lib/appHarness';

const baseUrl = inject('baseUrl');

describe('model file checks', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    await presetSettings(context, 'wasm');
    return { context, page: await context.newPage() };
  }

  it('names an altered weight file, and loads after a retry once it is right', async () => {
    const { context, page } = await open();
    let corrupt = true;
    await page.route('**/models/heads/mobileface.bin', async (route) => {
      const response = await route.fetch();
      const body = Buffer.from(await response.body());
      if (corrupt) body[body.length - 1] ^= 0xff;
      await route.fulfill({ response, body });
    });
    await page.goto(baseUrl);
    const status = page.getByTestId('engine-status');
    await status.and(page.locator('[data-status="error"]')).waitFor({ timeout: 120_000 });
    expect(await status.innerText()).toMatch(/heads\/mobileface\.bin is damaged or altered: sha256 [0-9a-f]{12}…/);
    corrupt = false;
    await status.getByRole('button', { name: 'Try again' }).click();
    expect(await waitForModels(page)).toBe('wasm');
    await context.close();
  });

  it('names a damaged ensemble.json, and a missing one', async () => {
    const { context, page } = await open();
    let damaged = true;
    await page.route('**/models/ensemble.json', async (route) => {
      const response = await route.fetch();
      const text = await response.text();
      // Cut short, as a broken download or a full disk leaves it.
      if (damaged) await route.fulfill({ response, body: text.slice(0, Math.floor(text.length / 2)) });
      else await route.fulfill({ status: 404, body: 'gone' });
    });
    await page.goto(baseUrl);
    const status = page.getByTestId('engine-status');
    await status.and(page.locator('[data-status="error"]')).waitFor({ timeout: 120_000 });
    expect(await status.innerText()).toMatch(
      /^The models could not be loaded: ensemble\.json is damaged \(not valid JSON\): .+ Try again$/,
    );
    damaged = false;
    await status.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => status.innerText(), { timeout: 60_000 }).toMatch(/ensemble\.json is missing \(HTTP 404\)/);
    expect(await status.getAttribute('data-status')).toBe('error');
    await context.close();
  });

  it('names a missing model file', async () => {
    const { context, page } = await open();
    await page.route('**/models/faceres.bin', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto(baseUrl);
    const status = page.getByTestId('engine-status');
    await status.and(page.locator('[data-status="error"]')).waitFor({ timeout: 120_000 });
    const text = await status.innerText();
    expect(text).toContain('The models could not be loaded: the model file faceres.bin is missing (HTTP 404)');
    // In Korean, the file name kept.
    await page.getByTestId('lang-select').selectOption('ko');
    expect(await status.innerText()).toContain(
      '모델을 불러오지 못했습니다: 모델 파일 faceres.bin이(가) 없습니다(HTTP 404)',
    );
    await context.close();
  });
});
