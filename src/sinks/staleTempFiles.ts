import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** The temporary file a whole-file output is written to before the rename: hidden, beside the target, with our pid. */
export function tempFileName(dir: string, base: string): string {
  return join(dir, `.${base}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * Removes the temporary files of earlier runs on `base` whose process is gone (killed with SIGKILL between
 * creating and renaming its temporary file), so such a run leaves nothing behind for long. Best effort: an
 * unreadable folder is left as it is.
 */
export function removeStaleTempFiles(dir: string, base: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const prefix = `.${base}.`;
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const m = /^(\d+)\.[0-9a-z]+\.tmp$/.exec(name.slice(prefix.length));
    if (!m || Number(m[1]) === process.pid || alive(Number(m[1]))) continue;
    rmSync(join(dir, name), { force: true });
  }
}
