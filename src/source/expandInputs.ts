import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { isUrlInput } from '../decode/isUrlInput.js';
import { UsageError } from '../errors.js';

/** What counts as a video inside a folder given as an input. */
const VIDEO_EXTENSIONS = new Set(['.mp4', '.m4v', '.mkv', '.mov', '.avi', '.webm', '.mpg', '.mpeg', '.ts', '.mts', '.m2ts', '.wmv', '.flv', '.ogv', '.3gp', '.mxf']);
const PATTERN = /[*?[]/;

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

/** A shell pattern for one path segment (`*`, `?`, `[...]`) as a regular expression; a leading dot is never matched. */
function segmentRegExp(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        const body = segment.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^(?!\\.)${re}$`);
}

/** Paths matching a pattern whose segments may hold wildcards (no `**`), sorted. */
function glob(pattern: string): string[] {
  const absolute = pattern.startsWith('/');
  let found = [absolute ? '/' : ''];
  for (const segment of pattern.split('/').filter((s, i) => s !== '' || i === 0)) {
    if (segment === '') continue;
    const next: string[] = [];
    for (const base of found) {
      if (!PATTERN.test(segment)) {
        const path = base === '' ? segment : join(base, segment);
        if (exists(path)) next.push(path);
        continue;
      }
      const re = segmentRegExp(segment);
      let names: string[];
      try {
        names = readdirSync(base === '' ? '.' : base);
      } catch {
        continue;
      }
      for (const name of names.sort()) if (re.test(name)) next.push(base === '' ? name : join(base, name));
    }
    found = next;
  }
  return found.filter((p) => p !== '' && p !== '/');
}

/** True when `arg` names several inputs: a folder, or a pattern that is not itself an existing file's name. */
export function namesSeveralInputs(arg: string): boolean {
  if (isUrlInput(arg)) return false;
  return isDirectory(arg) || (PATTERN.test(arg) && !exists(arg));
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
          .filter((name) => VIDEO_EXTENSIONS.has(extname(name).toLowerCase()) && !name.startsWith('.'))
          .map((name) => join(arg, name))
          .filter((path) => !isDirectory(path))
      : glob(arg).filter((path) => !isDirectory(path));
    if (found.length === 0) throw new UsageError('E_USAGE', isDirectory(arg) ? `no video files in folder ${arg}` : `no file matches ${arg}`);
    out.push(...found);
  }
  return [...new Set(out)];
}
