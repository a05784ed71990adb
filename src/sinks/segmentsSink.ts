import { accessSync, closeSync, constants, lstatSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { OutputError, UsageError } from '../errors.js';
import { SegmentBuilder, type SegmentBuilderOptions } from '../labels/SegmentBuilder.js';
import type { LabelEvent, Segment } from '../types.js';
import { roundScore, roundTime } from './formatting.js';
import { COMPLETE, type LabelSink, type RunEnd } from './LabelSink.js';
import { checkOutputPath } from './checkOutputPath.js';
import { removeStaleTempFiles, tempFileName } from './staleTempFiles.js';
import { openOutputFile, writeAllSync, type TextOutput } from './textOutput.js';

export interface SegmentsSinkOptions {
  source?: string;
  /** Written as is; when absent, estimated from the frame times seen (null if fewer than two frames). */
  fps?: number;
  /** Used only when no frame was labelled; otherwise the file states the frames it covers (last + 1). */
  frames?: number | null;
  segments?: SegmentBuilderOptions;
}

/** The segments JSON document (docs/architecture.md, "Formats"). */
export interface SegmentsDocument {
  source: string | null;
  fps: number | null;
  frames: number | null;
  segments: Segment[];
  /** Present (false) only when the run did not finish: the segments cover the frames labelled before it stopped. */
  complete?: false;
  /** Why the run did not finish ("interrupted", or the error's message). */
  error?: string;
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
 * The whole-file format: segments are collected and the document is written on close(). To a file, it
 * goes to a temporary file in the same folder, created only at close (a run killed before has nothing to leave
 * behind; one killed during the write leaves a hidden file the next run on the same target removes), and is
 * renamed over the target, so the target is never a half-written document.
 */
export function segmentsSink(dest: { path: string } | TextOutput, opts: SegmentsSinkOptions = {}): LabelSink {
  const builder = new SegmentBuilder(opts.segments);
  const segments: Segment[] = [];
  let first: LabelEvent | null = null;
  let last: LabelEvent | null = null;
  let closing: Promise<void> | null = null;

  let target: string | null = null;
  if ('path' in dest) {
    target = renameTarget(dest.path);
    removeStaleTempFiles(dirname(target), basename(target));
  }

  const document = (end: RunEnd): SegmentsDocument => {
    let fps: number | null = opts.fps ?? null;
    if (fps === null && first && last && last.frame > first.frame && last.time > first.time) {
      fps = (last.frame - first.frame) / (last.time - first.time);
    }
    return {
      source: opts.source ?? null,
      fps,
      frames: last ? last.frame + 1 : (opts.frames ?? null),
      segments: segments.map((s) => ({
        label: s.label,
        start: s.start,
        end: s.end,
        start_time: roundTime(s.start_time),
        end_time: roundTime(s.end_time),
        score: roundScore(s.score),
      })),
      ...(end.complete ? {} : { complete: false as const, error: end.reason }),
    };
  };

  const finish = async (end: RunEnd): Promise<void> => {
    segments.push(...builder.flush());
    const text = JSON.stringify(document(end), null, 2) + '\n';
    if (target !== null && 'path' in dest) {
      // Checked again: something may have been put there during the run.
      renameTarget(dest.path);
      const path = tempFileName(dirname(target), basename(target));
      const fd = openOutputFile(path, 'temporary file');
      try {
        try {
          writeAllSync(fd, text);
        } finally {
          closeSync(fd);
        }
        renameSync(path, target);
      } catch (err) {
        rmSync(path, { force: true });
        throw new OutputError('E_OUTPUT', `cannot write output file ${dest.path}: ${(err as Error).message}`, { cause: err });
      }
    } else if (!('path' in dest)) {
      dest.write(text);
      await dest.close();
    }
  };

  return {
    write(ev) {
      if (closing) throw new Error('sink is closed');
      first ??= ev;
      last = ev;
      segments.push(...builder.push(ev));
    },
    close(end = COMPLETE) {
      closing ??= finish(end);
      return closing;
    },
  };
}
