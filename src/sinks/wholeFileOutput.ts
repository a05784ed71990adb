import { accessSync, closeSync, constants, lstatSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { OutputError, UsageError } from '../errors.js';
import { checkOutputPath } from './checkOutputPath.js';
import { removeStaleTempFiles, tempFileName } from './staleTempFiles.js';
import { openOutputFile, writeAllSync } from './textOutput.js';

/** A file written once, whole, at the end of a run (segments JSON, scene lists, editor exports). */
export interface WholeFileOutput {
  /** Writes `text` to a temporary file beside the target and renames it over the target. */
  write(text: string): void;
}

/**
 * The file a whole-file output at `path` replaces: the path itself, or the file a symbolic link there points to
 * (the link stays). Anything there that is not a regular file is refused (checkOutputPath), and the folder must be
 * writable, so a bad target fails before the run rather than after it.
 */
function renameTarget(path: string): string {
  checkOutputPath(path, { inputs: [], wholeFile: true, purpose: 'output file' });
  let target = path;
  try {
    if (lstatSync(path).isSymbolicLink()) target = realpathSync(path);
  } catch {
    // nothing there yet
  }
  try {
    accessSync(dirname(target), constants.W_OK);
  } catch (err) {
    throw new UsageError('E_USAGE', `cannot write output file ${path}: ${(err as Error).message}`, { cause: err });
  }
  return target;
}

/**
 * Checks the target now (before the run) and writes it only at the end: the temporary file is created at that moment
 * (a run killed before has nothing to leave behind; one killed during the write leaves a hidden file that the next
 * run on the same target removes), so the target is never a half-written document.
 */
export function wholeFileOutput(path: string): WholeFileOutput {
  const target = renameTarget(path);
  removeStaleTempFiles(dirname(target), basename(target));
  return {
    write(text) {
      // Checked again: something may have been put there during the run.
      renameTarget(path);
      const tmp = tempFileName(dirname(target), basename(target));
      const fd = openOutputFile(tmp, 'temporary file');
      try {
        try {
          writeAllSync(fd, text);
        } finally {
          closeSync(fd);
        }
        renameSync(tmp, target);
      } catch (err) {
        rmSync(tmp, { force: true });
        throw new OutputError('E_OUTPUT', `cannot write output file ${path}: ${(err as Error).message}`, { cause: err });
      }
    },
  };
}
