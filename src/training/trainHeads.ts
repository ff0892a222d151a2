import type { TrainConfig } from './config';
import type { CacheEntry } from './featureCache';
import type { Progress } from './progress';
import type { RunFolder } from './runFolder';
import type { Sample } from './samples';

export interface TrainContext {
  config: TrainConfig;
  run: RunFolder;
  samples: readonly Sample[];
  entries: Map<string, CacheEntry>;
  cacheDir: string;
  backend: string;
  progress: Progress;
  dataSources: string[];
}

export async function trainAndExport(ctx: TrainContext): Promise<void> {
  ctx.run.log(`heads: ${ctx.entries.size} cached entries`);
}
