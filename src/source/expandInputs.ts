import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { isUrlInput } from '../decode/isUrlInput.js';
import { UsageError } from '../errors.js';
import { isVideoFileName } from './videoExtensions.js';

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
  return isDirectory(arg) || (isDynamicPattern(arg) && !exists(arg));
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
      : globSync(arg, { absolute: isAbsolute(arg), onlyFiles: true, expandDirectories: false }).sort();
    if (found.length === 0) throw new UsageError('E_USAGE', isDirectory(arg) ? `no video files in folder ${arg}` : `no file matches ${arg}`);
    out.push(...found);
  }
  return [...new Set(out)];
}
