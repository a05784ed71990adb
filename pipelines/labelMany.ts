/**
 * `framewise label a.mp4 b.mp4 …` (or a folder, or a pattern): several files labelled, `jobs` at a time, each by
 * labelToOutputs into one output of the chosen format, beside its input or under `outDir`. One file's failure is
 * recorded and the others go on; an abort stops the running files and starts no other.
 */
import { basename, dirname, extname, join, resolve } from 'node:path';
import { isUrlInput } from '../src/decode/isUrlInput.js';
import { FramewiseError, UsageError } from '../src/errors.js';
import { createOutDir } from '../src/sinks/createOutDir.js';
import { resolveModel } from '../src/recurrent/resolveModel.js';
import type { SinkFormat } from '../src/sinks/LabelSink.js';
import { expandInputs } from '../src/source/expandInputs.js';
import { FORMAT_EXTENSION } from '../src/sinks/formatExtension.js';
import { DEFAULT_JOBS } from './defaultJobs.js';
import { labelToOutputs, type LabelToOutputsOptions, type VideoInfo } from './labelToOutputs.js';

export { namesSeveralInputs } from '../src/source/expandInputs.js';

/** labelToOutputs' options for every file (the model loaded once), plus where outputs go and how many run at once. */
export interface LabelManyOptions extends Omit<LabelToOutputsOptions, 'out' | 'also' | 'overlay' | 'onInfo' | 'onEvent' | 'onOverlayProgress'> {
  /** Folder for the outputs (created if needed); default beside each input. */
  outDir?: string;
  /** Files labelled at the same time (default DEFAULT_JOBS). */
  jobs?: number;
  /** Called once with the files the arguments name, before the first starts. */
  onInputs?: (inputs: readonly string[]) => void;
  /** Called as each file starts. */
  onStart?: (input: string, out: string) => void;
  /** Called as each file ends, completed or failed (not for files stopped by the abort). */
  onDone?: (result: LabelManyResult) => void;
  /** Called as each file is probed (null: it could not be). */
  onInfo?: (input: string, info: VideoInfo | null) => void;
  /** Called for each frame labelled, of any file (progress). */
  onFrame?: (input: string) => void;
}

export type LabelManyResult =
  | { input: string; out: string; status: 'done'; frames: number; seconds: number }
  | { input: string; out: string; status: 'failed'; error: unknown; seconds: number }
  /** Stopped by the abort, or never started because of it. */
  | { input: string; out: string; status: 'interrupted' };

/** Where an input's output goes: its name without the extension, plus the format's, beside it or in `outDir`. */
function outputOf(input: string, format: SinkFormat, outDir: string | undefined): string {
  const name = isUrlInput(input) ? basename(new URL(input).pathname) || 'stream' : basename(input);
  const stem = name.slice(0, name.length - extname(name).length) || name;
  return join(outDir ?? dirname(input), stem + FORMAT_EXTENSION[format]);
}

export async function labelMany(args: readonly string[], opts: LabelManyOptions): Promise<LabelManyResult[]> {
  const jobs = opts.jobs ?? DEFAULT_JOBS;
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError('E_USAGE', `--jobs must be a whole number ≥ 1, got ${jobs}`);
  const inputs = expandInputs(args);
  if (inputs.length === 0) throw new UsageError('E_USAGE', 'no input given');
  const url = inputs.find(isUrlInput);
  if (url && opts.outDir === undefined) throw new UsageError('E_USAGE', `${url} is a URL: give --out-dir for its output`);
  const outs = inputs.map((input) => outputOf(input, opts.format, opts.outDir));
  // Two inputs writing one output (a.mp4 and a.mkv) would overwrite each other: refuse before labelling anything.
  const seen = new Map<string, string>();
  for (const [i, out] of outs.entries()) {
    const other = seen.get(resolve(out));
    if (other !== undefined) {
      throw new UsageError('E_USAGE', `${other} and ${inputs[i]} would both write ${out}: rename one, or label it in another run with its own --out-dir`);
    }
    seen.set(resolve(out), inputs[i]);
  }
  if (opts.outDir !== undefined) createOutDir(opts.outDir);
  const model = await resolveModel(opts.model);
  opts.onInputs?.(inputs);
  const { outDir: _outDir, jobs: _jobs, onInputs: _onInputs, onStart: _onStart, onDone: _onDone, onInfo, onFrame, ...each } = opts;

  const results: LabelManyResult[] = inputs.map((input, i) => ({ input, out: outs[i], status: 'interrupted' }));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < inputs.length && !opts.signal?.aborted) {
      const i = next++;
      const [input, out] = [inputs[i], outs[i]];
      opts.onStart?.(input, out);
      const t0 = performance.now();
      const seconds = (): number => (performance.now() - t0) / 1000;
      try {
        const run = await labelToOutputs(input, {
          ...each,
          model,
          out,
          onInfo: onInfo && ((info) => onInfo(input, info)),
          onEvent: onFrame && (() => onFrame(input)),
        });
        // A run ended by the abort returns what it had; it is not a completed file.
        if (opts.signal?.aborted) continue;
        results[i] = { input, out, status: 'done', frames: run.frames, seconds: seconds() };
      } catch (error) {
        if (opts.signal?.aborted || (error instanceof FramewiseError && error.code === 'E_ABORTED')) continue;
        results[i] = { input, out, status: 'failed', error, seconds: seconds() };
      }
      opts.onDone?.(results[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, inputs.length) }, worker));
  return results;
}
