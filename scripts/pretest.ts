/**
 * `npm test`'s own set-up (the `pretest` script): the browser tests need
 * Chromium and ffmpeg. Missing ones are installed with apt-get when this runs
 * as root on Debian or Ubuntu; otherwise it stops with the command to run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { planSetup } from './lib/systemTools';

const context = { env: process.env, exists: existsSync, isRoot: process.getuid?.() === 0 };
const plan = planSetup(context);
if (plan.action === 'install') {
  console.log(`pretest: installing ${plan.missing.join(' and ')} for the browser tests (apt-get)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install =
    update.status === 0 ? spawnSync(plan.command[0], plan.command.slice(1), { stdio: 'inherit', env }) : update;
  const after = planSetup({ ...context, isRoot: false });
  if (install.status !== 0 || after.action !== 'none') {
    console.error(`pretest: apt-get could not install ${plan.missing.join(' and ')}.`);
    if (after.action === 'stop') console.error(after.message);
    process.exit(1);
  }
} else if (plan.action === 'stop') {
  console.error(`pretest: ${plan.message}`);
  process.exit(1);
}
