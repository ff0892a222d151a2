/** Where the shared face photos are: ../shared/data, or MASKCHECK_DATA (never copied into the repo). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../..');
export const DATA_DIR = resolve(process.env.MASKCHECK_DATA ?? resolve(REPO, '../shared/data'));
export const MODELS_DIR = resolve(REPO, 'models');
export const UTK_FACE = resolve(DATA_DIR, 'utkface/26_0_2_20170103181248536.jpg');

/**
 * Throws, naming the folder, unless the shared data is there. Run once before
 * the tests (each project's globalSetup), so a checkout or CI job without the
 * data fails with this message instead of skipping the tests that read photos.
 */
export function assertSharedData(dir = DATA_DIR): void {
  if (!existsSync(resolve(dir, 'manifest.csv')))
    throw new Error(
      `shared data not found at ${dir}: these tests need ../shared/data (set MASKCHECK_DATA to another folder)`,
    );
}
