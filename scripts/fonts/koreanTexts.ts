/** Every Korean text the app can show: the UI's messages and the start-up message in index.html. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MESSAGES } from '../../src/app/i18n';

const ROOT = resolve(import.meta.dirname, '../..');

export function koreanTexts(): string[] {
  return [
    ...Object.values(MESSAGES.ko),
    readFileSync(resolve(ROOT, 'index.html'), 'utf8'),
    // The language menu names Korean in Korean.
    '한국어',
  ];
}
