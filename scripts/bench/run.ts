/**
 * `npm run bench`: browser benchmarks of maskcheck and Human per tfjs backend
 * in headless Chromium, training throughput in Node, the download size; writes
 * docs/benchmarks.json and docs/BENCHMARKS.md.
 *
 *   npm run bench                      # everything, default frame counts and time caps
 *   npm run bench -- --backends wasm   # a subset
 *   npm run bench -- --quick           # a few frames each: proves it runs
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { Command } from 'commander';
import { format, resolveConfig } from 'prettier';
import {
  DATA_DIR,
  HUMAN_MODELS_DIR,
  MODELS_DIR,
  ROOT,
  benchPhotos,
  buildBenchPage,
  choosePhotos,
  launchBrowser,
  runPage,
  startBenchServer,
} from './browser';
import {
  DOWNLOAD_TARGET_BYTES,
  evaluateTargets,
  renderReport,
  type BackendRun,
  type BenchResults,
  type FileSize,
} from './report';
import { benchTraining } from './training';
import { chooseWasmThreads } from '../../src/core/wasmThreads';
import { positiveNumber, positiveWholeNumber } from '../../src/node/cliNumbers';
import { BENCH_BACKENDS, ENGINES, type BenchBackend, type EngineName, type PageResult } from './types';

interface Plan {
  frames: number;
  frames5: number;
  budgetS: number;
}

/**
 * Frames asked for and the time cap per loop. WebGL and WebGPU run on a
 * software renderer here and CPU is slow: the caps keep a full run near 25 min
 * on a 2-core VM, so those backends run fewer frames than asked (the report
 * gives the counts run).
 */
const PLANS: Record<BenchBackend, Plan> = {
  wasm: { frames: 1000, frames5: 200, budgetS: 120 },
  webgl: { frames: 1000, frames5: 200, budgetS: 60 },
  cpu: { frames: 200, frames5: 50, budgetS: 40 },
  webgpu: { frames: 100, frames5: 20, budgetS: 30 },
};
const QUICK: Plan = { frames: 3, frames5: 2, budgetS: 20 };

function pkgVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'not installed';
  }
}

function sizes(dir: string, files: readonly string[]): FileSize[] {
  return files.map((file) => ({ file, bytes: statSync(join(dir, file)).size }));
}

/**
 * Processes outside this run (not this process or its children, e.g. our
 * Chromium) using noticeable CPU (ps's lifetime average), as short command lines.
 */
function otherBusy(): string[] {
  try {
    const out = execFileSync('ps', ['-eo', 'pid=,ppid=,pcpu=,args='], { encoding: 'utf8' });
    const rows = out
      .split('\n')
      .map((l) => l.trim().match(/^(\d+)\s+(\d+)\s+([\d.]+)\s+(.*)$/))
      .filter((m): m is RegExpMatchArray => m !== null)
      .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), cpu: Number(m[3]), args: m[4] }));
    const ours = new Set([process.pid]);
    for (let grew = true; grew;) {
      grew = false;
      for (const r of rows)
        if (ours.has(r.ppid) && !ours.has(r.pid)) {
          ours.add(r.pid);
          grew = true;
        }
    }
    return rows
      .filter((r) => !ours.has(r.pid) && r.cpu >= 20)
      .map((r) => `${r.args.replace(/\s+/g, ' ').slice(0, 100)} (${r.cpu}% CPU)`);
  } catch {
    return [];
  }
}

function cpuModel(): string {
  return cpus()[0]?.model ?? 'unknown';
}

function osName(): string {
  try {
    const rel = readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]*)/m);
    return `${rel?.[1] ?? process.platform}, Linux ${execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim()}`;
  } catch {
    return process.platform;
  }
}

function nproc(): number {
  try {
    return Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  } catch {
    return cpus().length;
  }
}

/** Writes through Prettier with the repo's config, so `npm run lint` passes on the output. */
async function writeFormatted(path: string, text: string): Promise<void> {
  const config = (await resolveConfig(path)) ?? {};
  writeFileSync(path, await format(text, { ...config, filepath: path }));
}

/** sha256 of ensemble.json: tells whether the models were replaced while the bench ran. */
function modelsFingerprint(): string {
  return createHash('sha256')
    .update(readFileSync(join(MODELS_DIR, 'ensemble.json')))
    .digest('hex');
}

function humanModelFiles(): string[] {
  // Human's face detector (blazeface) and description (faceres: age, gender), with their weights.
  return ['blazeface.json', 'blazeface.bin', 'faceres.json', 'faceres.bin'];
}

async function main(): Promise<void> {
  const program = new Command()
    .name('bench')
    .option('--backends <list>', 'comma-separated tfjs backends, run in this order', 'wasm,webgl,webgpu,cpu')
    .option('--quick', 'a few frames per backend (smoke run); writes to --out as usual', false)
    .option('--budget-scale <x>', 'multiply every time cap (e.g. 0.5 for a faster, rougher run)', positiveNumber, 1)
    .option('--out <dir>', 'where BENCHMARKS.md and benchmarks.json go', 'docs')
    .option('--no-training', 'skip the Node training throughput')
    .option('--training-faces <n>', 'photos for feature extraction', positiveWholeNumber, 64)
    .option('--head-samples <n>', 'random feature rows per head', positiveWholeNumber, 4096)
    .option('--head-epochs <n>', 'epochs per head', positiveWholeNumber, 3)
    .parse();
  const o = program.opts<{
    backends: string;
    quick: boolean;
    budgetScale: number;
    out: string;
    training: boolean;
    trainingFaces: number;
    headSamples: number;
    headEpochs: number;
  }>();
  const backends = o.backends.split(',').map((b) => b.trim()) as BenchBackend[];
  for (const b of backends) if (!BENCH_BACKENDS.includes(b)) throw new Error(`unknown backend "${b}"`);
  const command = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  const log = (msg: string) => console.log(`[bench] ${msg}`);

  const started = Date.now();
  const busyStart = otherBusy();
  /** Busy processes seen after each page, so a job that ran only mid-way is reported too. */
  const busyDuring = new Set<string>();
  const noteBusy = () => otherBusy().forEach((b) => busyDuring.add(b.replace(/ \([\d.]+% CPU\)$/, '')));
  const loadStart = loadavg();
  const modelsAtStart = modelsFingerprint();

  // Training first: it is short, and a browser run cut off later still leaves it written.
  let training: BenchResults['training'] = { error: 'skipped (--no-training)' };
  if (o.training) {
    log('training throughput (Node)');
    try {
      training = await benchTraining({
        modelsDir: MODELS_DIR,
        dataDir: DATA_DIR,
        faces: o.quick ? 8 : o.trainingFaces,
        maskedFaces: o.quick ? 4 : Math.max(1, Math.round(o.trainingFaces / 4)),
        headSamples: o.quick ? 512 : o.headSamples,
        headEpochs: o.quick ? 1 : o.headEpochs,
        log: (m) => log(`  ${m}`),
      });
    } catch (e) {
      training = { error: e instanceof Error ? e.message : String(e) };
    }
  }

  log('building the bench page');
  await buildBenchPage();
  const candidates = benchPhotos();
  const server = await startBenchServer(candidates);
  // Threaded WASM needs a cross-origin isolated page: the same files with COOP/COEP.
  const isolatedServer = await startBenchServer(candidates, true);
  const threads = chooseWasmThreads('auto', nproc(), true).threads;
  const browser = await launchBrowser();
  const chromiumVersion = browser.version();
  const browserRuns: BackendRun[] = [];

  const outDir = resolve(ROOT, o.out);
  /** Writes the report as it stands; after each backend, so a run cut short still leaves its figures. */
  const write = async (photos: BenchResults['photos'], pending: string[]): Promise<BenchResults> => {
    const spec = JSON.parse(readFileSync(join(MODELS_DIR, 'ensemble.json'), 'utf8')) as {
      sha256: Record<string, string>;
      createdAt?: string;
    };
    const ourFiles = sizes(MODELS_DIR, Object.keys(spec.sha256).sort());
    const humanFiles = sizes(HUMAN_MODELS_DIR, humanModelFiles());
    const wasmDir = join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
    const modelsNow = modelsFingerprint();
    const partial: Omit<BenchResults, 'targets'> = {
      generatedAt: new Date().toISOString(),
      command,
      durationS: (Date.now() - started) / 1000,
      pendingBackends: pending,
      modelsChangedDuringRun: modelsNow !== modelsAtStart,
      machine: {
        nproc: nproc(),
        cpuModel: cpuModel(),
        memoryBytes: totalmem(),
        os: osName(),
        loadAverage: { start: loadStart, end: loadavg() },
        otherBusy: { start: busyStart, during: [...busyDuring], end: otherBusy() },
      },
      versions: {
        Node: process.version,
        Chromium: chromiumVersion,
        '@tensorflow/tfjs': pkgVersion('@tensorflow/tfjs'),
        '@tensorflow/tfjs-backend-wasm': pkgVersion('@tensorflow/tfjs-backend-wasm'),
        '@tensorflow/tfjs-backend-webgpu': pkgVersion('@tensorflow/tfjs-backend-webgpu'),
        '@vladmandic/human': pkgVersion('@vladmandic/human'),
        'playwright-core': pkgVersion('playwright-core'),
        vite: pkgVersion('vite'),
        'models/ensemble.json createdAt': spec.createdAt ?? 'unknown',
        'models/ensemble.json sha256': modelsNow.slice(0, 16),
      },
      photos,
      download: {
        ours: {
          files: ourFiles,
          totalBytes: ourFiles.reduce((a, f) => a + f.bytes, 0),
          specBytes: statSync(join(MODELS_DIR, 'ensemble.json')).size,
        },
        human: { files: humanFiles, totalBytes: humanFiles.reduce((a, f) => a + f.bytes, 0) },
        wasmBinaryBytes: statSync(join(wasmDir, 'tfjs-backend-wasm-simd.wasm')).size,
        targetBytes: DOWNLOAD_TARGET_BYTES,
      },
      browser: browserRuns,
      training,
    };
    const results: BenchResults = { ...partial, targets: evaluateTargets(partial) };
    mkdirSync(outDir, { recursive: true });
    await writeFormatted(join(outDir, 'benchmarks.json'), JSON.stringify(results, null, 2));
    // Sections other commands own (the soak run's) are carried over from the file being replaced.
    const mdPath = join(outDir, 'BENCHMARKS.md');
    const previous = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '';
    await writeFormatted(mdPath, renderReport(results, previous));
    return results;
  };

  let results: BenchResults;
  try {
    log('choosing photos');
    const choice = await choosePhotos(browser, server);
    const photoUrls = choice.chosen.map((i) => server.photoUrls[i]);
    const isolatedPhotoUrls = choice.chosen.map((i) => isolatedServer.photoUrls[i]);
    const photos: BenchResults['photos'] = {
      files: choice.chosen.map((i) => basename(candidates[i])),
      rule:
        `the first five consecutive UTKFace photos (by file name, from the first ${candidates.length}) whose 3x2 grid ` +
        'both detectors find exactly five faces in, on WASM',
      facesPerWindow: choice.counts,
    };
    log(`photos: ${photos.files.join(', ')}`);
    results = await write(photos, backends);
    for (const [bi, backend] of backends.entries()) {
      const base = o.quick ? QUICK : PLANS[backend];
      const plan = { ...base, budgetS: Math.max(1, Math.round(base.budgetS * o.budgetScale)) };
      const run: BackendRun = { backend, ...plan, ours: null, human: null, oursThreaded: null, errors: {} };
      // On WASM ours runs twice: single-threaded beside Human (both on the plain page), then threaded on the isolated one.
      const pages: { slot: EngineName | 'oursThreaded'; engine: EngineName; threads: number }[] = [
        ...ENGINES.map((engine) => ({ slot: engine, engine, threads: 1 })),
        ...(backend === 'wasm' && threads > 1
          ? [{ slot: 'oursThreaded' as const, engine: 'ours' as const, threads }]
          : []),
      ];
      for (const { slot, engine, threads: pageThreads } of pages) {
        const label = pageThreads > 1 ? `${engine} (${pageThreads} threads)` : engine;
        log(`${label} on ${backend}: up to ${plan.frames} + ${plan.frames5} frames, ${plan.budgetS} s cap per loop`);
        const t = Date.now();
        try {
          const result: PageResult = await runPage(
            browser,
            pageThreads > 1 ? isolatedServer : server,
            {
              engine,
              backend,
              frames: plan.frames,
              frames5: plan.frames5,
              detectorRuns: Math.min(plan.frames, 100),
              memberRuns: Math.min(plan.frames, 50),
              budgetS: plan.budgetS,
              photos: pageThreads > 1 ? isolatedPhotoUrls : photoUrls,
              threads: pageThreads,
            },
            (plan.budgetS * 4 + 600) * 1000,
          );
          run[slot] = result;
          noteBusy();
          log(
            `  ${result.backend}: frame1 median ${result.frame1.median.toFixed(1)} ms (n=${result.frame1.n}), ` +
              `frame5 ${result.frame5.median.toFixed(1)} ms (n=${result.frame5.n}) in ${((Date.now() - t) / 1000).toFixed(0)} s`,
          );
        } catch (e) {
          run.errors[slot] = e instanceof Error ? e.message : String(e);
          log(`  failed: ${run.errors[slot]}`);
        }
      }
      browserRuns.push(run);
      results = await write(photos, backends.slice(bi + 1));
    }
  } finally {
    await browser.close();
    await server.stop();
    await isolatedServer.stop();
  }
  log(
    `wrote ${join(o.out, 'BENCHMARKS.md')} and ${join(o.out, 'benchmarks.json')} in ${results.durationS.toFixed(0)} s`,
  );
  for (const t of results.targets)
    log(`target: ${t.name}: ${t.value} -> ${t.met === null ? 'not measured' : t.met ? 'met' : `MISSED ${t.missedBy}`}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
