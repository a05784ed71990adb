import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join } from 'node:path';
import { isUrlInput } from '../decode/isUrlInput.js';
import { UsageError } from '../errors.js';
import { isVideoFileName } from './videoExtensions.js';

type Tinyglobby = typeof import('tinyglobby');
let tinyglobby: Tinyglobby | undefined;

/**
 * tinyglobby and its matcher, loaded at the first argument that is no existing path: labelling a file by its name, the
 * common case, does not pay their loading (about 8 ms of every run's start-up).
 */
function globber(): Tinyglobby {
  tinyglobby ??= createRequire(import.meta.url)('tinyglobby') as Tinyglobby;
  return tinyglobby;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** True when `arg` names several inputs: a folder, or a pattern that is not itself an existing file's name. */
export function namesSeveralInputs(arg: string): boolean {
  if (isUrlInput(arg)) return false;
  return exists(arg) ? isDirectory(arg) : globber().isDynamicPattern(arg);
}

/**
 * The inputs named by command-line arguments, in order and without repeats: a file or URL as given (a missing file
 * stays, so that its run reports it), a folder as the videos directly inside it (by extension), a pattern the shell
 * did not expand (`clips/*.mp4`, also on shells that never expand) as the paths it matches. A folder or pattern that
 * names no video is a usage error.
 */
export function expandInputs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const arg of args) {
    if (isUrlInput(arg) || !namesSeveralInputs(arg)) {
      out.push(arg);
      continue;
    }
    const found = isDirectory(arg)
      ? readdirSync(arg)
          .sort()
          .filter(isVideoFileName)
          .map((name) => join(arg, name))
          .filter((path) => !isDirectory(path))
      : globber().globSync(arg, { absolute: isAbsolute(arg), onlyFiles: true, expandDirectories: false }).sort();
    if (found.length === 0) throw new UsageError('E_USAGE', isDirectory(arg) ? `no video files in folder ${arg}` : `no file matches ${arg}`);
    out.push(...found);
  }
  return [...new Set(out)];
}
