/**
 * The two system programs the browser tests need, Chromium and ffmpeg, and
 * what to do when one is missing (`npm test`'s pretest step,
 * scripts/pretest.ts): install them with apt-get where that can be done
 * (root on Debian or Ubuntu), otherwise stop with the one command to run.
 * Pure apart from the `exists` check handed in.
 */
import { delimiter, join } from 'node:path';

export type Tool = 'chromium' | 'ffmpeg';

export interface Env {
  PATH?: string;
  CHROMIUM_PATH?: string;
}

/** The first `name` on PATH, or null. */
export function findOnPath(name: string, path: string | undefined, exists: (file: string) => boolean): string | null {
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir && exists(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** Names Chromium goes by in distributions' packages. */
const CHROMIUM_NAMES = ['chromium', 'chromium-browser'];

/**
 * Chromium for the browser tests: CHROMIUM_PATH when set (and then only
 * that), else Debian's /usr/bin/chromium, else Chromium on PATH.
 */
export function findChromium(env: Env, exists: (file: string) => boolean): string | null {
  if (env.CHROMIUM_PATH) return exists(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  if (exists('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const name of CHROMIUM_NAMES) {
    const found = findOnPath(name, env.PATH, exists);
    if (found) return found;
  }
  return null;
}

export function missingTools(env: Env, exists: (file: string) => boolean): Tool[] {
  const missing: Tool[] = [];
  if (!findChromium(env, exists)) missing.push('chromium');
  if (!findOnPath('ffmpeg', env.PATH, exists)) missing.push('ffmpeg');
  return missing;
}

export type SetupPlan =
  | { action: 'none' }
  | { action: 'install'; missing: Tool[]; command: string[] }
  | { action: 'stop'; missing: Tool[]; message: string };

export interface SetupContext {
  env: Env;
  exists: (file: string) => boolean;
  /** Running as root (apt-get can install without sudo). */
  isRoot: boolean;
}

/** What the pretest step does about missing tools. */
export function planSetup({ env, exists, isRoot }: SetupContext): SetupPlan {
  const missing = missingTools(env, exists);
  if (missing.length === 0) return { action: 'none' };
  const apt = findOnPath('apt-get', env.PATH, exists);
  // Debian and Ubuntu name the packages the same: chromium, ffmpeg.
  const packages = missing.join(' ');
  if (apt && isRoot) return { action: 'install', missing, command: ['apt-get', 'install', '-y', '-qq', ...missing] };
  const chromiumHint = env.CHROMIUM_PATH
    ? `CHROMIUM_PATH is ${env.CHROMIUM_PATH}, where there is no file. `
    : 'Or point CHROMIUM_PATH at a Chromium or Chrome. ';
  const message = [
    `The browser tests need ${missing.map((m) => (m === 'chromium' ? 'Chromium' : 'ffmpeg')).join(' and ')}, which ${
      missing.length > 1 ? 'are' : 'is'
    } not installed.`,
    apt
      ? `Install ${missing.length > 1 ? 'them' : 'it'} with: sudo apt-get install -y ${packages}`
      : `Install ${missing.length > 1 ? 'them' : 'it'} with your system's package manager (on Debian or Ubuntu: sudo apt-get install -y ${packages}).`,
    missing.includes('chromium') ? chromiumHint.trim() : '',
    'Unit tests alone run without them: npm run test:unit',
  ]
    .filter(Boolean)
    .join('\n');
  return { action: 'stop', missing, message };
}
