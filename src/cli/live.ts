import type { Command } from 'commander';
import { labelLive, DEFAULT_LIVE_QUEUE } from '../../pipelines/labelLive.js';
import { DecodeError, UsageError } from '../errors.js';
import { SegmentBuilder } from '../labels/SegmentBuilder.js';
import { listDevices } from '../decode/listDevices.js';
import { formatSummary, LiveStats } from '../live/LiveStats.js';
import { startLiveServer, type LiveServer } from '../live/liveServer.js';
import { liveSourceFromOptions, type LiveSourceOptions } from '../live/liveSourceFromOptions.js';
import { loadModel } from '../recurrent/modelFile.js';
import type { LabelEvent } from '../types.js';
import { DEFAULT_LIVE_MODEL_PATH } from '../packageRoot.js';
import { nonNegativeInt, oneOf, positiveInt, modelOption } from './options.js';
import { runUntilDone, type RunOutcome } from './runUntilDone.js';

const OUTPUTS = ['jsonl', 'segments', 'none'] as const;
type LiveOutput = (typeof OUTPUTS)[number];

interface LiveOptions extends LiveSourceOptions {
  model: string;
  format: LiveOutput;
  queue: number;
  serve?: number;
  host: string;
  listDevices?: boolean;
}

export function registerLive(program: Command): void {
  program
    .command('live')
    .description(
      'Label a live source in real time: a camera, a network stream, or stdin; print events and/or serve a live page.',
    )
    .option('--device <name>', 'camera: Linux /dev/videoN or N (v4l2), macOS index or name (avfoundation), Windows name (dshow)')
    .option('--list-devices', 'list the cameras ffmpeg can see, then exit')
    .option('-i, --input <url|file|->', 'network stream (rtsp://, udp://, tcp://, http://…), a file, or - for stdin')
    .option('--input-format <fmt>', 'ffmpeg input format for --input (e.g. mpegts on stdin, lavfi)')
    .option('--re', 'read --input at its native frame rate, like a camera (for files)')
    .option('--video-size <WxH>', 'camera capture size, e.g. 640x480')
    .option('--framerate <fps>', 'camera capture rate', positiveInt)
    .addOption(modelOption(DEFAULT_LIVE_MODEL_PATH, 'the shipped live model (no look-ahead), models/default/live.safetensors'))
    .option('-f, --format <format>', `stdout: ${OUTPUTS.join(', ')} (jsonl: one event per frame; segments: one line per closed segment)`, oneOf(OUTPUTS), 'jsonl')
    .option('--queue <frames>', 'frames that may wait for the network before the oldest is dropped', positiveInt, DEFAULT_LIVE_QUEUE)
    .option('--serve <port>', 'serve the live page and its WebSocket on this port (0: any free port)', nonNegativeInt)
    .option('--host <host>', 'interface for --serve (default: localhost only)', '127.0.0.1')
    .action(async (opts: LiveOptions) => {
      if (opts.listDevices) {
        process.stdout.write(await listDevices(process.platform));
        return;
      }
      const hasSource = opts.device !== undefined || opts.input !== undefined;
      if (!hasSource && opts.serve === undefined) {
        throw new UsageError('E_USAGE', 'live: give a source (--device, --input URL|FILE|-) or --serve PORT for the browser camera');
      }
      const source = hasSource ? liveSourceFromOptions(opts) : null;
      const model = await loadModel(opts.model);
      const stats = new LiveStats();
      let server: LiveServer | null = null;
      if (opts.serve !== undefined) {
        server = await startLiveServer({
          port: opts.serve,
          host: opts.host,
          model,
          stats: source ? () => stats.summary() : undefined,
          sourceName: source ? (opts.device ?? (opts.input === '-' ? 'stdin' : opts.input) ?? null) : null,
        });
        process.stderr.write(`framewise live: page at ${server.url}\n`);
      }
      const out = stdoutWriter(opts.format);
      let outcome: RunOutcome;
      try {
        if (source) {
          outcome = await runUntilDone(labelLive(source, { model, queue: opts.queue, stats }), (ev) => {
            out.write(ev);
            server?.publish(ev);
          }).catch((err: unknown) => {
            // A Ctrl-C in a terminal reaches ffmpeg too; its exit is then a stop, not a failure.
            if (err instanceof DecodeError && /received signal/i.test(err.stderrTail)) return 'interrupted' as const;
            throw err;
          });
        } else {
          outcome = await untilSignal();
        }
      } finally {
        out.close();
        await server?.close();
        if (source && typeof source.input !== 'string') source.input.destroy();
      }
      if (source) process.stderr.write(formatSummary(stats.summary()) + '\n');
      if (outcome === 'interrupted') process.stderr.write('framewise live: stopped\n');
      process.exitCode = 0;
    });
}

/** Per-frame JSONL lines, or one JSONL line per segment as it closes, written straight to stdout. */
function stdoutWriter(format: LiveOutput): { write(ev: LabelEvent): void; close(): void } {
  // A closed stdout (e.g. `| head`) ends the run like Ctrl-C: stop ffmpeg, summary on stderr, exit 0.
  process.stdout.once('error', () => process.emit('SIGTERM'));
  const r3 = (x: number): number => Math.round(x * 1000) / 1000;
  const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
  if (format === 'none') return { write() {}, close() {} };
  if (format === 'jsonl') {
    return {
      write(ev) {
        const scores: Record<string, number> = {};
        for (const [k, v] of Object.entries(ev.scores)) scores[k] = r4(v);
        const line = {
          frame: ev.frame,
          time: r3(ev.time),
          label: ev.label,
          score: r4(ev.score),
          scores,
          // Unix epoch ms: when the frame left the decoder and when its label was emitted.
          decoded_at: ev.decodedAt === undefined ? null : r3(performance.timeOrigin + ev.decodedAt),
          emitted_at: ev.emittedAt === undefined ? null : r3(performance.timeOrigin + ev.emittedAt),
        };
        process.stdout.write(JSON.stringify(line) + '\n');
      },
      close() {},
    };
  }
  const builder = new SegmentBuilder();
  const emit = (segs: ReturnType<SegmentBuilder['flush']>): void => {
    for (const s of segs) {
      const line = { ...s, start_time: r3(s.start_time), end_time: r3(s.end_time), score: r4(s.score) };
      process.stdout.write(JSON.stringify(line) + '\n');
    }
  };
  return {
    write: (ev) => emit(builder.push(ev)),
    close: () => emit(builder.flush()),
  };
}

/** Serve-only mode runs until Ctrl-C / SIGTERM. */
function untilSignal(): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve('interrupted');
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
