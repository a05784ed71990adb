import { mkdirSync } from 'node:fs';
import { UsageError } from '../errors.js';

/** Creates an output folder and its parents; one that cannot be made is a usage error naming it, not a stack trace. */
export function createOutDir(dir: string, what = '--out-dir'): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new UsageError('E_USAGE', `cannot create ${what} ${dir}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
