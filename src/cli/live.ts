import type { Command } from 'commander';
import { DEFAULT_LIVE_QUEUE } from '../../pipelines/labelStream.js';
import { formatSummary, listDevices, runLive, type LiveOutput, type LiveSourceOptions } from '../../pipelines/runLive.js';
import { UsageError } from '../errors.js';
import { DEFAULT_LIVE_MODEL_PATH } from '../packageRoot.js';
import { interruptible } from '../process/interruptible.js';
import { nonNegativeInt, oneOf, positiveInt, modelOption, sensitivityOptions, sensitivityOf } from './options.js';

/** An interface only this machine can reach. */
function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
}

const OUTPUTS = ['jsonl', 'segments', 'none'] as const satisfies readonly LiveOutput[];

interface LiveOptions extends LiveSourceOptions {
  model: string;
  cutSensitivity?: number;
  gradualSensitivity?: number;
  format: LiveOutput;
  queue: number;
  serve?: number;
  host: string;
  allowHost: string[];
  listDevices?: boolean;
  publish?: string;
  publishMaxlen: number;
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
    .addOption(sensitivityOptions()[0])
    .addOption(sensitivityOptions()[1])
    .option('--queue <frames>', 'frames that may wait for the network before the oldest is dropped (sources that cannot wait)', positiveInt, DEFAULT_LIVE_QUEUE)
    .option('--serve <port>', 'serve the live page and its WebSocket on this port (0: any free port)', nonNegativeInt)
    .option('--host <host>', 'interface for --serve (default: localhost only)', '127.0.0.1')
    .option('--allow-host <name>', 'another host name the page may be reached under (e.g. a reverse proxy\'s); repeatable', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--publish <redis://host:port/stream>', 'also append every event (with -f segments, every closed segment) to a Redis stream')
    .option('--publish-maxlen <n>', 'entries the stream keeps, about (XADD MAXLEN ~ N)', positiveInt, 10000)
    .action(async (opts: LiveOptions) => {
      if (opts.listDevices) {
        process.stdout.write(await listDevices(process.platform));
        return;
      }
      const hasSource = opts.device !== undefined || opts.input !== undefined;
      if (!hasSource && opts.serve === undefined) {
        throw new UsageError('E_USAGE', 'live: give a source (--device, --input URL|FILE|-) or --serve PORT for the browser camera');
      }
      if (opts.serve !== undefined && !isLoopbackHost(opts.host)) {
        process.stderr.write(
          `framewise live: warning: --host ${opts.host} makes the live page (and the camera feed) reachable from the network, without a password\n`,
        );
      }
      const { outcome, value: summary } = await interruptible((signal) =>
        runLive({
          source: hasSource ? opts : null,
          model: opts.model,
          sensitivity: sensitivityOf(opts),
          output: opts.format,
          queue: opts.queue,
          serve: opts.serve === undefined ? undefined : { port: opts.serve, host: opts.host, allowedHosts: opts.allowHost },
          signal,
          onServing: (url) => process.stderr.write(`framewise live: page at ${url}\n`),
          publish: opts.publish === undefined ? undefined : { url: opts.publish, maxLen: opts.publishMaxlen },
          onPublished: (c) => process.stderr.write(`framewise live: ${c.published} entries published to ${opts.publish}, ${c.unpublished} unpublished\n`),
        }),
      );
      if (summary) process.stderr.write(formatSummary(summary) + '\n');
      if (outcome === 'interrupted') process.stderr.write('framewise live: stopped\n');
      process.exitCode = 0;
    });
}
