/** Progress bars with ETA (cli-progress); quiet one-line-per-step logging when not on a terminal. */
import cliProgress from 'cli-progress';

export interface Bar {
  increment(n: number, payload?: Record<string, unknown>): void;
  stop(): void;
}

export interface Progress {
  bar(name: string, total: number): Bar;
}

export function terminalProgress(log: (msg: string) => void): Progress {
  return {
    bar(name, total) {
      const tty = process.stderr.isTTY;
      const bar = new cliProgress.SingleBar(
        {
          format: `${name.padEnd(10)} [{bar}] {percentage}% {value}/{total} | ETA {eta_formatted} | {duration_formatted} {extra}`,
          stream: process.stderr,
          noTTYOutput: !tty,
          notTTYSchedule: 30_000,
          hideCursor: tty,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { extra: '' });
      const start = Date.now();
      return {
        increment(n, payload) {
          const extra = payload
            ? Object.entries(payload)
                .map(([k, v]) => `${k} ${String(v)}`)
                .join(' ')
            : '';
          bar.increment(n, { extra });
        },
        stop() {
          bar.stop();
          log(`${name}: ${total} in ${((Date.now() - start) / 1000).toFixed(1)} s`);
        },
      };
    },
  };
}
