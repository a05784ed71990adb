import type { Command } from 'commander';
import { labelToOutputs } from '../../pipelines/labelToOutputs.js';
import { interruptible } from '../process/interruptible.js';
import type { SinkFormat } from '../sinks/LabelSink.js';
import { sinkFormatOf } from '../sinks/sinkFormatOf.js';
import type { VideoInfo } from '../types.js';
import { nonNegativeNumber, nonNegativeInt, positiveNumber, oneOf, modelOption, sensitivityOptions, sensitivityOf } from './options.js';
import { progressBar, wantProgress, type Progress } from './progressBar.js';

const FORMATS = ['jsonl', 'csv', 'vtt', 'srt', 'segments', 'scenes-csv', 'edl', 'otio', 'fcpxml'] as const satisfies readonly SinkFormat[];

interface LabelOptions {
  model: string;
  format?: SinkFormat;
  out?: string;
  start?: number;
  duration?: number;
  eventsOnly?: boolean;
  splitGradual?: boolean;
  progress?: boolean;
  overlay?: string;
  cutSensitivity?: number;
  gradualSensitivity?: number;
  minSceneLength?: number;
}

export function registerLabel(program: Command): void {
  program
    .command('label')
    .description('Label every frame of a video file (or URL) and write the events.')
    .argument('<input>', 'video file or URL')
    .addOption(modelOption())
    .option('-f, --format <format>', `output format: ${FORMATS.join(', ')} (default: from the -o extension, else jsonl)`, oneOf(FORMATS))
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .option('--start <seconds>', 'skip this many seconds first (frame numbers and times stay the input\'s)', nonNegativeNumber)
    .option('--duration <seconds>', 'label only this many seconds (more than 0)', positiveNumber)
    .option('--events-only', 'only transition and frame events, not still/motion (all formats)')
    .option('--split-gradual', 'scene formats: split each gradual transition at its middle between the two scenes (default: in neither)')
    .option('--min-scene-length <frames>', 'scene formats: join a scene shorter than this to its neighbour across a cut (default 0)', nonNegativeInt)
    .option('--overlay <file>', 'also write a copy of the video (.mp4, .mkv, .mov) with the labels drawn on it')
    .addOption(sensitivityOptions()[0])
    .addOption(sensitivityOptions()[1])
    .option('--progress', 'show a progress bar even when output is piped')
    .option('--no-progress', 'never show a progress bar')
    .action(async (input: string, opts: LabelOptions) => {
      const format = sinkFormatOf(opts.out, opts.format);
      const show = wantProgress(opts.progress, !opts.out);
      let bar: Progress | null = null;
      let overlayBar: Progress | null = null;
      let done = 0;
      const { outcome } = await interruptible((signal) =>
        labelToOutputs(input, {
          model: opts.model,
          format,
          out: opts.out,
          start: opts.start,
          duration: opts.duration,
          eventsOnly: opts.eventsOnly,
          splitGradual: opts.splitGradual,
          minSceneLength: opts.minSceneLength,
          sensitivity: sensitivityOf(opts),
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

function expectedFrames(info: VideoInfo | null, start = 0, duration?: number): number | null {
  if (!info || info.frames === null) return null;
  const after = Math.max(0, info.frames - Math.round(start * info.fps));
  return duration === undefined ? after : Math.min(after, Math.round(duration * info.fps));
}
