import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { InputError } from '../errors.js';
import { VIDEO_EXTENSIONS } from '../source/videoExtensions.js';

/**
 * The videos named by files, folders (searched recursively for video extensions) and glob patterns (quoted, so the
 * shell leaves them), as absolute paths, each once, in the order given (a folder's or glob's files sorted). A named
 * file or folder that does not exist is an InputError; a glob that matches nothing adds nothing.
 */
export async function expandVideoInputs(inputs: readonly string[], cwd = process.cwd()): Promise<string[]> {
  const out = new Set<string>();
  const videos = `**/*.{${VIDEO_EXTENSIONS.join(',')}}`;
  for (const input of inputs) {
    if (isDynamicPattern(input)) {
      const found = await glob(input, { cwd, absolute: true, onlyFiles: true, caseSensitiveMatch: false });
      found.sort().forEach((f) => out.add(f));
      continue;
    }
    const path = resolve(cwd, input);
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      throw new InputError('E_INPUT_MISSING', `${input}: no such file or folder`);
    }
    if (!isDir) {
      out.add(path);
      continue;
    }
    const found = await glob(videos, { cwd: path, absolute: true, onlyFiles: true, caseSensitiveMatch: false });
    found.sort().forEach((f) => out.add(f));
  }
  return [...out];
}
