import type { Command } from 'commander';
import { basename, extname } from 'node:path';
import { writeReport, type ReportFormat } from '../../pipelines/writeReport.js';
import { interruptible } from '../process/interruptible.js';
import { nonNegativeNumber, positiveNumber, oneOf, positiveInt, modelOption, sensitivityOptions, sensitivityOf, withOptions, progressOptions } from './options.js';
import { frameProgress, wantProgress } from './progressBar.js';

const FORMATS = ['html', 'png'] as const satisfies readonly ReportFormat[];

interface ReportOptions {
  model: string;
  format: ReportFormat;
  out?: string;
  start?: number;
  duration?: number;
  video: boolean;
  width?: number;
  progress?: boolean;
  cutSensitivity?: number;
  gradualSensitivity?: number;
}

export function registerReport(program: Command): void {
  withOptions(
    program
      .command('report')
      .description('Label a video and write a self-contained HTML report (timeline, scores, thumbnails, segments) or a timeline PNG.')
      .argument('<input>', 'video file or URL')
      .addOption(modelOption())
      .option('-f, --format <format>', `output format: ${FORMATS.join(', ')}`, oneOf(FORMATS), 'html')
      .option('-o, --out <file>', 'output file (default: <input name>.report.html or <input name>.timeline.png)')
      .option('--start <seconds>', 'skip this many seconds first', nonNegativeNumber)
      .option('--duration <seconds>', 'label only this many seconds (more than 0)', positiveNumber)
      .option('--no-video', 'html: do not link the input in a <video> player')
      .option('--width <pixels>', 'png: image width (default 1600)', positiveInt),
    sensitivityOptions(),
    progressOptions(),
  )
    .action(async (input: string, opts: ReportOptions) => {
      const out = opts.out ?? `${basename(input, extname(input))}.${opts.format === 'png' ? 'timeline.png' : 'report.html'}`;
      const progress = frameProgress(wantProgress(opts.progress, false));
      const { value: r } = await interruptible((signal) =>
        writeReport(input, {
          model: opts.model,
          out,
          format: opts.format,
          start: opts.start,
          duration: opts.duration,
          video: opts.video,
          width: opts.width,
          modelPath: opts.model,
          sensitivity: sensitivityOf(opts),
          signal,
          onInfo: progress.onInfo,
          onEvent: progress.onEvent,
        }).finally(progress.stop),
      );
      if (!r) {
        process.stderr.write(`framewise: interrupted; ${out} was not written\n`);
        process.exitCode = 130;
        return;
      }
      process.stderr.write(`framewise: wrote ${out} (${r.data.events.length} frames, ${r.data.segments.length} segments)\n`);
    });
}
