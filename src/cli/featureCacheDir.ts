import { join } from 'node:path';
import { homedir } from 'node:os';

/** Where extracted features are cached between runs: $FRAMEWISE_CACHE, else ~/.cache/framewise/features. */
export function featureCacheDir(): string {
  return process.env.FRAMEWISE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'framewise', 'features');
}
