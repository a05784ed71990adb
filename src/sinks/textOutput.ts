import { closeSync, openSync, writeSync } from 'node:fs';
import { FramewiseError, OutputError, UsageError } from '../errors.js';

/** A text destination for the streaming sinks. */
export interface TextOutput {
  write(text: string): void;
  /** Flushes; closes the file if this output opened it (a given stream is left open for its owner). */
  close(): Promise<void>;
}

/** Opens `path` for writing (truncating), as a one-line user error if that is impossible. */
export function openOutputFile(path: string, purpose = 'output file'): number {
  try {
    return openSync(path, 'w');
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new UsageError('E_USAGE', `cannot write ${purpose} ${path}: ${why}`, { cause: err });
  }
}

/** Writes all of `text` to the file descriptor. */
export function writeAllSync(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

/**
 * A file written synchronously: each write is in the file (the OS's hands) when write() returns, so a
 * run stopped at any point, even killed, leaves everything written so far.
 */
export function fileOutput(path: string): TextOutput {
  let fd: number | null = openOutputFile(path);
  return {
    write(text) {
      if (fd === null) throw new Error(`output ${path} is closed`);
      try {
        writeAllSync(fd, text);
      } catch (err) {
        // A full disk (ENOSPC), an I/O error: one line, not a stack trace.
        throw new OutputError('E_OUTPUT', `cannot write output file ${path}: ${(err as Error).message}`, { cause: err });
      }
    },
    close() {
      if (fd !== null) {
        const f = fd;
        fd = null;
        closeSync(f);
      }
      return Promise.resolve();
    },
  };
}

/**
 * A stream (stdout or the caller's). Label lines are small and few per frame, so writes are not held
 * back for backpressure. A closed reader (EPIPE, e.g. `| head`) makes the next write throw an
 * E_OUTPUT_CLOSED error, which ends the run (and its ffmpeg) at once; closing the output then succeeds.
 */
export function streamOutput(stream: NodeJS.WritableStream): TextOutput {
  let failure: Error | null = null;
  let broken = false;
  const onError = (err: Error & { code?: string }) => {
    broken = true;
    if (err.code !== 'EPIPE' && failure === null) failure = new OutputError('E_OUTPUT', `cannot write the output: ${err.message}`, { cause: err });
  };
  stream.on('error', onError);
  let closing: Promise<void> | null = null;
  return {
    write(text) {
      if (closing) throw new Error('output stream is closed');
      if (broken) throw failure ?? new FramewiseError('E_OUTPUT_CLOSED', 'the output was closed by its reader');
      stream.write(text);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        if (broken) resolve();
        // An empty write's callback runs once everything before it is flushed.
        else stream.write('', () => resolve());
      }).then(() => {
        stream.off('error', onError);
        if (failure) throw failure;
      });
      return closing;
    },
  };
}
