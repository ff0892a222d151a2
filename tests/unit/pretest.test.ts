import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium, planSetup } from '../../scripts/lib/systemTools';

const has =
  (...files: string[]) =>
  (f: string) =>
    files.includes(f);

describe('planSetup', () => {
  it('does nothing when Chromium and ffmpeg are there', () => {
    const exists = has('/usr/bin/chromium', '/usr/bin/ffmpeg');
    expect(planSetup({ env: { PATH: '/usr/bin' }, exists, isRoot: false })).toEqual({ action: 'none' });
  });

  it('installs what is missing with apt-get when root', () => {
    const exists = has('/usr/bin/apt-get', '/usr/bin/ffmpeg');
    expect(planSetup({ env: { PATH: '/usr/bin' }, exists, isRoot: true })).toEqual({
      action: 'install',
      missing: ['chromium'],
      command: ['apt-get', 'install', '-y', '-qq', 'chromium'],
    });
  });

  it('stops with the one command to run when it cannot install', () => {
    const plan = planSetup({ env: { PATH: '/usr/bin' }, exists: has('/usr/bin/apt-get'), isRoot: false });
    expect(plan.action).toBe('stop');
    if (plan.action !== 'stop') return;
    expect(plan.missing).toEqual(['chromium', 'ffmpeg']);
    expect(plan.message).toContain('The browser tests need Chromium and ffmpeg, which are not installed.');
    expect(plan.message).toContain('Install them with: sudo apt-get install -y chromium ffmpeg');
    expect(plan.message).toContain('npm run test:unit');
  });

  it('without apt-get, names the Debian command as an example', () => {
    const plan = planSetup({ env: { PATH: '/bin' }, exists: has('/usr/bin/chromium'), isRoot: true });
    expect(plan).toMatchObject({ action: 'stop', missing: ['ffmpeg'] });
    if (plan.action === 'stop') expect(plan.message).toContain("with your system's package manager");
  });

  it('finds Chromium by CHROMIUM_PATH only when set, else Debian’s, else on PATH', () => {
    expect(findChromium({ CHROMIUM_PATH: '/opt/c', PATH: '/usr/bin' }, has('/opt/c', '/usr/bin/chromium'))).toBe(
      '/opt/c',
    );
    expect(findChromium({ CHROMIUM_PATH: '/opt/none' }, has('/usr/bin/chromium'))).toBeNull();
    expect(findChromium({ PATH: '/snap/bin' }, has('/snap/bin/chromium-browser'))).toBe('/snap/bin/chromium-browser');
  });
});

describe('scripts/pretest.ts', () => {
  it('with Chromium and ffmpeg absent from PATH (and no apt-get), exits 1 and says what to install', () => {
    // A PATH with nothing on it but node itself.
    const bin = mkdtempSync(join(tmpdir(), 'maskcheck-path-'));
    writeFileSync(join(bin, 'node'), `#!/bin/sh\nexec "${process.execPath}" "$@"\n`);
    chmodSync(join(bin, 'node'), 0o755);
    const root = resolve(import.meta.dirname, '../..');
    const run = spawnSync(process.execPath, [resolve(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/pretest.ts'], {
      cwd: root,
      env: { PATH: bin, CHROMIUM_PATH: join(bin, 'no-chromium'), HOME: process.env.HOME },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('pretest: The browser tests need Chromium and ffmpeg, which are not installed.');
    expect(run.stderr).toContain('sudo apt-get install -y chromium ffmpeg');
    expect(run.stderr).toContain(`CHROMIUM_PATH is ${join(bin, 'no-chromium')}, where there is no file.`);
  });
});
