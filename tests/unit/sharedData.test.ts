import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertSharedData } from '../helpers/data';

describe('assertSharedData', () => {
  it('names the missing folder and how to point elsewhere', () => {
    expect(() => assertSharedData('/nonexistent/data')).toThrow(
      'shared data not found at /nonexistent/data: these tests need ../shared/data (set MASKCHECK_DATA to another folder)',
    );
  });

  it('wants the manifest, not just a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mc-data-'));
    expect(() => assertSharedData(dir)).toThrow(/shared data not found/);
    writeFileSync(join(dir, 'manifest.csv'), 'path,subject\n');
    expect(() => assertSharedData(dir)).not.toThrow();
  });

  it('finds the data these tests run on', () => {
    expect(() => assertSharedData()).not.toThrow();
  });
});
