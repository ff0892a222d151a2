/**
 * `npm run soak`: the app's camera view on Chromium's fake camera (a real face
 * photo) for many analysed frames, watching tensors and the JS heap for leaks.
 * Builds the app into a folder of its own, serves it with `vite preview`,
 * judges the run against a stated bound (scripts/soak/judge.ts) and writes
 * docs/soak.json, docs/soak.png and the soak section of docs/BENCHMARKS.md.
 * Exits 1 when the run fails the bound.
 *
 *   npm run soak                                  # 10,000 frames on wasm
 *   npm run soak -- --frames 300 --no-write       # a short check, nothing written
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { format, resolveConfig } from 'prettier';
import { OUT_DIR, buildApp, startPreview } from './lib/previewServer';
import { ROOT, utkFaces } from './lib/browser';
import { positiveNumber, positiveWholeNumber } from '../src/node/cliNumbers';
import { replaceSection } from './lib/docSections';
import { defaultSoakPlan } from './soak/judge';
import { renderSoakSection, writeSoakChart, type SoakReport } from './soak/report';
import { runSoak, type SoakOptions } from './soak/run';

const BACKENDS = ['wasm', 'webgl', 'webgpu', 'cpu'] as const;

function backendArg(v: string): SoakOptions['backend'] {
  if (!(BACKENDS as readonly string[]).includes(v)) throw new InvalidArgumentError(`one of ${BACKENDS.join(', ')}`);
  return v as SoakOptions['backend'];
}

function sh(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

function machine(): SoakReport['meta']['machine'] {
  const model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? '?';
  const os = /PRETTY_NAME="?([^"\n]+)/.exec(
    existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '',
  );
  return {
    cpu: model.trim(),
    nproc: Number(sh('nproc', [])) || cpus().length,
    memoryMB: totalmem() / 1024 / 1024,
    os: os?.[1] ?? process.platform,
  };
}

/** The commit the app was built from, marked when the app's sources differ from it. */
function commit(): string {
  const head = sh('git', ['rev-parse', '--short', 'HEAD']) || 'unknown';
  const dirty = sh('git', [
    'status',
    '--porcelain',
    '--',
    'src/app',
    'src/inference',
    'src/core',
    'models',
    'index.html',
  ]);
  return dirty ? `${head} with uncommitted changes in the app's sources` : head;
}

async function writeFormatted(path: string, text: string): Promise<void> {
  const config = (await resolveConfig(path)) ?? {};
  writeFileSync(path, await format(text, { ...config, filepath: path }));
}

const program = new Command()
  .name('npm run soak --')
  .description("Runs the app's camera view on a fake camera for many frames and checks tensors and heap stay flat.")
  .option('--frames <n>', 'frames to analyse', positiveWholeNumber, 10_000)
  .option('--backend <name>', `backend to force (${BACKENDS.join(', ')})`, backendArg, 'wasm' as SoakOptions['backend'])
  .option('--sample-every <n>', 'frames between samples (default: frames / 1000)', positiveWholeNumber)
  .option(
    '--warmup <n>',
    'warm-up frames before the bound applies (default: frames / 20, 10 to 100)',
    positiveWholeNumber,
  )
  .option('--max-heap-growth-mb <mb>', "bound on the JS heap floor's rise, first to last tenth", positiveNumber, 8)
  .option('--photo <file>', 'face photo for the fake camera (default: the first UTKFace photo)')
  .option('--out <dir>', 'where soak.json, soak.png and BENCHMARKS.md are', 'docs')
  .option('--no-write', 'print the result only, write nothing')
  .parse();

const o = program.opts<{
  frames: number;
  backend: SoakOptions['backend'];
  sampleEvery?: number;
  warmup?: number;
  maxHeapGrowthMb: number;
  photo?: string;
  out: string;
  write: boolean;
}>();

const began = Date.now();
const log = (line: string) => console.log(`[soak ${((Date.now() - began) / 1000).toFixed(0)} s] ${line}`);
const plan = defaultSoakPlan(o.frames);
const sampleEvery = o.sampleEvery ?? plan.sampleEvery;
const bound = { ...plan.bound, maxHeapGrowthMB: o.maxHeapGrowthMb, warmupFrames: o.warmup ?? plan.bound.warmupFrames };
const photo = resolve(o.photo ?? utkFaces(1)[0]);
const builtFrom = commit();

/** Builds, serves, runs and writes; true when the run met the bound. */
async function main(): Promise<boolean> {
  mkdirSync(resolve(OUT_DIR, '..'), { recursive: true });
  const dist = mkdtempSync(`${resolve(OUT_DIR, '..')}/soak-dist-`);
  try {
    log(`building the app into ${dist}`);
    buildApp(dist);
    const preview = await startPreview(dist);
    let run;
    try {
      log(`${o.frames} frames on ${o.backend}, a sample every ${sampleEvery}; bound ${JSON.stringify(bound)}`);
      run = await runSoak({
        baseUrl: preview.url,
        frames: o.frames,
        backend: o.backend,
        sampleEvery,
        bound,
        photo,
        log,
      });
    } finally {
      preview.stop();
    }
    const v = run.verdict;
    log(
      `${run.frames} frames in ${run.durationS.toFixed(0)} s; tensors ${v.baseline?.numTensors} -> max ${v.maxTensorsAfterWarmup}; ` +
        `heap ${v.heapFirstTenthMB?.toFixed(2)} -> ${v.heapLastTenthMB?.toFixed(2)} MB; ${v.pass ? 'PASS' : `FAIL: ${v.failures.join('; ')}`}`,
    );
    if (o.write) {
      const outDir = resolve(ROOT, o.out);
      mkdirSync(outDir, { recursive: true });
      writeSoakChart(join(outDir, 'soak.png'), run);
      const args = process.argv.slice(2);
      const report: SoakReport = {
        meta: {
          generatedAt: new Date().toISOString(),
          command: `npm run soak${args.length ? ` -- ${args.join(' ')}` : ''}`,
          commandS: (Date.now() - began) / 1000,
          machine: machine(),
          chromium: run.chromium,
          commit: builtFrom,
          chart: 'soak.png',
        },
        run,
      };
      await writeFormatted(join(outDir, 'soak.json'), JSON.stringify(report, null, 2));
      const md = join(outDir, 'BENCHMARKS.md');
      const old = existsSync(md) ? readFileSync(md, 'utf8') : '# Benchmarks\n';
      await writeFormatted(md, replaceSection(old, 'soak', renderSoakSection(report)));
      log(
        `wrote ${join(o.out, 'soak.json')}, ${join(o.out, 'soak.png')} and the soak section of ${join(o.out, 'BENCHMARKS.md')}`,
      );
    }
    return v.pass;
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
}

process.exit((await main()) ? 0 : 1);
