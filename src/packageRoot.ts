import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding framewise's package.json, whether running from src/ (tsx) or dist/src/ (built). */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('framewise: package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

export const packageRoot: string = findRoot();

/** The shipped default model (models/default/model.safetensors). */
export const DEFAULT_MODEL_PATH: string = join(packageRoot, 'models', 'default', 'model.safetensors');

/** The shipped live model: the same recipe with no look-ahead (delay 0), so labels come out with the frame. */
export const DEFAULT_LIVE_MODEL_PATH: string = join(packageRoot, 'models', 'default', 'live.safetensors');
