import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { DEFAULT_JOBS } from '../../pipelines/defaultJobs.js';
import { labelMany, namesSeveralInputs, type LabelManyResult } from '../../pipelines/labelMany.js';
import { labelToOutputs, sinkFormatOf, type SinkFormat, type VideoInfo } from '../../pipelines/labelToOutputs.js';
import { FramewiseError, UsageError } from '../errors.js';
import { interruptible } from '../process/interruptible.js';
import { fastDecodeOption, nonNegativeNumber, nonNegativeInt, positiveNumber, oneOf, modelOption, positiveInt, sensitivityOptions, sensitivityOf } from './options.js';
import { filesProgress, progressBar, wantProgress, type Progress } from './progressBar.js';

const FORMATS = ['jsonl', 'csv', 'vtt', 'srt', 'segments', 'scenes-csv', 'edl', 'otio', 'fcpxml'] as const satisfies readonly SinkFormat[];

interface LabelOptions {
  model: string;
  format?: SinkFormat;
  out?: string;
  start?: number;
  duration?: number;
  fastDecode?: boolean;
  eventsOnly?: boolean;
  splitGradual?: boolean;
  progress?: boolean;
  overlay?: string;
  outDir?: string;
  jobs?: number;
  cutSensitivity?: number;
  gradualSensitivity?: number;
  minSceneLength?: number;
}

export function registerLabel(program: Command): void {
  program
    .command('label')
    .description('Label every frame of a video file (or URL) and write the events; several files, a folder or a pattern: one output per file.')
    .argument('<inputs...>', 'video file or URL; or several files, folders (the videos inside) or patterns (clips/*.mp4)')
    .addOption(modelOption())
    .option('-f, --format <format>', `output format: ${FORMATS.join(', ')} (default: from the -o extension, else jsonl)`, oneOf(FORMATS))
    .option('-o, --out <file>', 'write to this file instead of stdout (one input only)')
    .option('--out-dir <folder>', 'several inputs: write each output here (default: beside its input), named after the input with the format\'s extension')
    .option('-j, --jobs <n>', `several inputs: label this many files at once (default ${DEFAULT_JOBS})`, positiveInt)
    .option('--start <seconds>', 'skip this many seconds first (frame numbers and times stay the input\'s)', nonNegativeNumber)
    .option('--duration <seconds>', 'label only this many seconds (more than 0)', positiveNumber)
    .addOption(fastDecodeOption())
    .option('--events-only', 'only transition and frame events, not still/motion (all formats)')
    .option('--split-gradual', 'scene formats: split each gradual transition at its middle between the two scenes (default: in neither)')
    .option('--min-scene-length <frames>', 'scene formats: join a scene shorter than this to its neighbour across a cut (default 0)', nonNegativeInt)
    .option('--overlay <file>', 'also write a copy of the video (.mp4, .mkv, .mov) with the labels drawn on it')
    .addOption(sensitivityOptions()[0])
    .addOption(sensitivityOptions()[1])
    .option('--progress', 'show a progress bar even when output is piped')
    .option('--no-progress', 'never show a progress bar')
    .action(async (inputs: string[], opts: LabelOptions) => {
      if (inputs.length > 1 || opts.outDir !== undefined || opts.jobs !== undefined || namesSeveralInputs(inputs[0])) {
        await labelSeveral(inputs, opts);
        return;
      }
      const input = inputs[0];
      const format = sinkFormatOf(opts.out, opts.format);
      const show = wantProgress(opts.progress, !opts.out);
      let bar: Progress | null = null;
      let overlayBar: Progress | null = null;
      let done = 0;
      const { outcome } = await interruptible((signal) =>
        labelToOutputs(input, {
          ...runOptions(opts),
          format,
          out: opts.out,
          overlay: opts.overlay,
          signal,
          onInfo: (info) => (bar = progressBar(show, expectedFrames(info, opts.start, opts.duration))),
          onEvent: () => bar?.update(++done),
          onOverlayProgress: (n) => {
            if (!overlayBar) {
              bar?.stop();
              overlayBar = progressBar(show, done, 'frames drawn');
            }
            overlayBar.update(n);
          },
        }).finally(() => {
          bar?.stop();
          overlayBar?.stop();
        }),
      );
      if (outcome === 'interrupted') {
        process.stderr.write(`framewise: interrupted; ${opts.overlay && overlayBar ? `${opts.overlay} is incomplete` : 'output is complete up to the last frame written'}\n`);
        process.exitCode = 130;
      }
    });
}

/** Several inputs: one summary line per file on stderr; exit 1 if any failed, 130 when interrupted. */
async function labelSeveral(inputs: string[], opts: LabelOptions): Promise<void> {
  if (opts.out !== undefined) throw new UsageError('E_USAGE', '-o/--out takes one input; with several, use --out-dir (or nothing: each output goes beside its input)');
  if (opts.overlay !== undefined) throw new UsageError('E_USAGE', '--overlay takes one input');
  const format = opts.format ?? 'jsonl';
  let progress = filesProgress(false, []);
  const { outcome, value } = await interruptible((signal) =>
    labelMany(inputs, {
      ...runOptions(opts),
      format,
      outDir: opts.outDir,
      jobs: opts.jobs,
      signal,
      onInputs: (files) => (progress = filesProgress(wantProgress(opts.progress, false), files.map((f) => [f, sizeOf(f)]))),
      onInfo: (input, info) => progress.onInfo(input, expectedFrames(info, opts.start, opts.duration)),
      onFrame: (input) => progress.onFrame(input),
      onDone: (r) => progress.fileDone(r.input, summaryLine(r)),
    }).finally(() => progress.stop()),
  );
  const results = value ?? [];
  if (outcome === 'interrupted') {
    const left = results.filter((r) => r.status === 'interrupted').length;
    process.stderr.write(`framewise: interrupted; ${left} of ${results.length} file(s) not labelled (their outputs are incomplete or absent)\n`);
    process.exitCode = 130;
    return;
  }
  const failed = results.filter((r) => r.status === 'failed').length;
  const done = results.filter((r) => r.status === 'done').length;
  process.stderr.write(`framewise: ${done} of ${results.length} file(s) labelled${failed > 0 ? `, ${failed} failed` : ''}\n`);
  if (failed > 0) process.exitCode = 1;
}

/** What one file's run and several files' runs take alike from the command line. */
function runOptions(opts: LabelOptions) {
  const { model, start, duration, fastDecode, eventsOnly, splitGradual, minSceneLength } = opts;
  return { model, start, duration, fastDecode, eventsOnly, splitGradual, minSceneLength, sensitivity: sensitivityOf(opts) };
}

function summaryLine(r: LabelManyResult): string {
  if (r.status === 'done') return `${r.input}: ${r.frames} frames in ${r.seconds.toFixed(1)} s (${(r.frames / Math.max(r.seconds, 1e-3)).toFixed(0)} fps) → ${r.out}`;
  if (r.status === 'failed') {
    const why = r.error instanceof FramewiseError ? r.error.message : `internal error: ${r.error instanceof Error ? (r.error.stack ?? r.error.message) : String(r.error)}`;
    return `${r.input}: failed: ${why}`;
  }
  return `${r.input}: interrupted`;
}

/** A file's size in bytes, 0 for a URL or what cannot be read (progress only). */
function sizeOf(input: string): number {
  try {
    return statSync(input).size;
  } catch {
    return 0;
  }
}

function expectedFrames(info: VideoInfo | null, start = 0, duration?: number): number | null {
  if (!info || info.frames === null) return null;
  const after = Math.max(0, info.frames - Math.round(start * info.fps));
  return duration === undefined ? after : Math.min(after, Math.round(duration * info.fps));
}
