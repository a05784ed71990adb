import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The file read from the working directory when no `--config` is given. */
const CONFIG_FILE = 'framewise.config.json';

/**
 * The config file that applies to these arguments: `--config PATH` (or `--config=PATH`), else framewise.config.json
 * in `cwd` if there is one, else null. A given path is returned even if it does not exist (reading it reports that).
 */
export function configPath(argv: readonly string[], cwd: string = process.cwd()): string | null {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') break;
    if (argv[i] === '--config') {
      if (argv[i + 1] !== undefined) return resolve(cwd, argv[i + 1]);
      break;
    }
    if (argv[i].startsWith('--config=')) return resolve(cwd, argv[i].slice('--config='.length));
  }
  const fallback = resolve(cwd, CONFIG_FILE);
  return existsSync(fallback) ? fallback : null;
}
