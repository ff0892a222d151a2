/** `runs/<timestamp>/`: config, log, metrics and plots of one training run. */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RunFolder {
  dir: string;
  log: (msg: string) => void;
  writeJson: (name: string, value: unknown) => void;
  path: (name: string) => string;
}

export function createRunFolder(root: string, echo = true): RunFolder {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return openFolder(join(root, stamp), echo);
}

/** A folder used like a run folder (log.txt, JSON, pictures), e.g. a report folder. */
export function openFolder(dir: string, echo = true): RunFolder {
  mkdirSync(dir, { recursive: true });
  const logFile = join(dir, 'log.txt');
  const started = Date.now();
  return {
    dir,
    log: (msg) => {
      const line = `[${((Date.now() - started) / 1000).toFixed(1).padStart(7)} s] ${msg}`;
      appendFileSync(logFile, line + '\n');
      if (echo) console.log(line);
    },
    writeJson: (name, value) => writeFileSync(join(dir, name), JSON.stringify(value, null, 2) + '\n'),
    path: (name) => join(dir, name),
  };
}
