import type { Command } from 'commander';
import { labelFile } from '../../pipelines/labelFile.js';
import { probeVideo } from '../decode/probeVideo.js';
import { loadModel } from '../recurrent/modelFile.js';
import { labelRegistry } from '../labels/labelRegistry.js';
import { segmentsOf } from '../labels/segmentsOf.js';
import { checkOverlayOut, writeOverlay } from '../report/writeOverlay.js';
import { createSink } from '../sinks/createSink.js';
import type { LabelEvent } from '../types.js';
import type { SinkFormat } from '../sinks/LabelSink.js';
import { nonNegativeNumber, oneOf, modelOption } from './options.js';
import { progressBar, wantProgress } from './progressBar.js';
import { runUntilDone } from './runUntilDone.js';

const FORMATS = ['jsonl', 'csv', 'vtt', 'srt', 'segments'] as const satisfies readonly SinkFormat[];

interface LabelOptions {
  model: string;
  format: SinkFormat;
  out?: string;
  start?: number;
  duration?: number;
  eventsOnly?: boolean;
  progress?: boolean;
  overlay?: string;
}

export function registerLabel(program: Command): void {
  program
    .command('label')
    .description('Label every frame of a video file (or URL) and write the events.')
    .argument('<input>', 'video file or URL')
    .addOption(modelOption())
    .option('-f, --format <format>', `output format: ${FORMATS.join(', ')}`, oneOf(FORMATS), 'jsonl')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .option('--start <seconds>', 'skip this many seconds first', nonNegativeNumber)
    .option('--duration <seconds>', 'label only this many seconds', nonNegativeNumber)
    .option('--events-only', 'vtt/srt: only transition and frame events, not still/motion')
    .option('--overlay <file>', 'also write a copy of the video (.mp4, .mkv, .mov) with the labels drawn on it')
    .option('--progress', 'show a progress bar even when output is piped')
    .option('--no-progress', 'never show a progress bar')
    .action(async (input: string, opts: LabelOptions) => {
      if (opts.overlay) checkOverlayOut(opts.overlay);
      const model = await loadModel(opts.model);
      const info = await probeVideo(input);
      const registry = labelRegistry(model.meta);
      const sink = createSink(opts.format, {
        out: opts.out,
        source: input,
        fps: info.fps,
        frames: info.frames,
        eventsOnly: opts.eventsOnly,
        segments: { registry },
      });
      const expected = info.frames === null ? null : expectedFrames(info.frames, info.fps, opts.start, opts.duration);
      const bar = progressBar(wantProgress(opts.progress, !opts.out), expected);
      // The overlay draws a whole-video timeline, so it needs every event once labelling is done.
      const events: LabelEvent[] = [];
      let outcome;
      try {
        outcome = await runUntilDone(labelFile(input, { model, info, start: opts.start, duration: opts.duration }), (ev) => {
          sink.write(ev);
          if (opts.overlay) events.push(ev);
          bar.update(ev.frame + 1);
        });
      } finally {
        bar.stop();
        await sink.close();
      }
      if (outcome === 'interrupted') {
        process.stderr.write('framewise: interrupted; output is complete up to the last frame written\n');
        process.exitCode = 130;
        return;
      }
      if (opts.overlay) {
        const data = { labels: [...model.meta.labels], labelInfo: model.meta.labelInfo, events, segments: segmentsOf(events, { registry }), info, start: opts.start ?? 0 };
        const overlayBar = progressBar(wantProgress(opts.progress, !opts.out), events.length, 'frames drawn');
        // Ctrl-C while drawing ends ffmpeg (which closes the file playable up to there) and exits 130.
        const stop = new AbortController();
        const interrupt = (): void => stop.abort();
        const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
        signals.forEach((s) => process.once(s, interrupt));
        try {
          await writeOverlay(input, data, { out: opts.overlay, duration: opts.duration, signal: stop.signal, onProgress: (n) => overlayBar.update(n) });
        } catch (err) {
          if (!stop.signal.aborted) throw err;
          process.stderr.write(`framewise: interrupted; ${opts.overlay} is incomplete\n`);
          process.exitCode = 130;
        } finally {
          signals.forEach((s) => process.off(s, interrupt));
          overlayBar.stop();
        }
      }
    });
}

function expectedFrames(frames: number, fps: number, start = 0, duration?: number): number {
  const after = Math.max(0, frames - Math.round(start * fps));
  return duration === undefined ? after : Math.min(after, Math.round(duration * fps));
}
