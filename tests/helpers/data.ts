/** Where the shared face photos are (never copied into the repo). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const DATA_DIR = process.env.MASKCHECK_DATA ?? resolve(__dirname, '../../../shared/data');
export const MODELS_DIR = resolve(__dirname, '../../models');
export const hasData = existsSync(resolve(DATA_DIR, 'manifest.csv'));
export const UTK_FACE = resolve(DATA_DIR, 'utkface/26_0_2_20170103181248536.jpg');
