import { lstatSync, statSync, type Stats } from 'node:fs';
import { isUrlInput } from '../decode/isUrlInput.js';
import { UsageError } from '../errors.js';

export interface OutputPathRules {
  /** Files the run reads (the input video, the model file): an output must never be one of them. */
  inputs: readonly string[];
  /**
   * The output is written whole and renamed into place (the segments document): only a regular file (or a
   * symbolic link to one, whose target is then replaced) may be there. A streamed output writes through whatever
   * is there instead (a FIFO, a terminal, /dev/null), like a shell redirection.
   */
  wholeFile: boolean;
  /** For messages, e.g. "output file", "report", "overlay". */
  purpose?: string;
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Refuses, before anything is opened, an output that would destroy an input (the same file under any name: a
 * symbolic link, a hard link, `./a.mp4` for `a.mp4`) or, for a whole-file output, replace something that is not a
 * regular file (a device, a FIFO, a dangling link). Nothing there yet is fine.
 */
export function checkOutputPath(out: string, rules: OutputPathRules): void {
  const purpose = rules.purpose ?? 'output';
  try {
    lstatSync(out);
  } catch {
    return; // nothing there: a new file
  }
  const target = statOrNull(out);
  if (target === null) throw new UsageError('E_USAGE', `${purpose} ${out} is a symbolic link to nothing: refusing to replace it`);
  for (const input of rules.inputs) {
    if (input === '-' || isUrlInput(input)) continue;
    const st = statOrNull(input);
    if (st && st.dev === target.dev && st.ino === target.ino) {
      throw new UsageError('E_USAGE', `${purpose} ${out} is the input ${input}: refusing to overwrite it`);
    }
  }
  if (target.isDirectory()) throw new UsageError('E_USAGE', `${purpose} ${out} is a directory`);
  if (rules.wholeFile && !target.isFile()) {
    throw new UsageError('E_USAGE', `${purpose} ${out} is ${kindOf(target)}: a whole-file output replaces only a regular file`);
  }
}
