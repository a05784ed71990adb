/**
 * `framewise live` as one call: a live source (or none: page only) labelled into stdout sinks and the live page.
 * Runs until the source ends or `signal` fires; the page server is started and stopped here.
 */
import { lastValueFrom } from 'rxjs';
import { FramewiseError } from '../src/errors.js';
import { labelRegistry } from '../src/labels/labelRegistry.js';
import { killedByTerminal } from '../src/process/killedByTerminal.js';
import type { LiveServer } from '../src/live/liveServer.js';
import { LiveStats, type LiveSummary } from '../src/live/LiveStats.js';
import type { Model } from '../src/recurrent/model.js';
import { broadcastSink } from '../src/sinks/broadcastSink.js';
import { jsonlSink } from '../src/sinks/jsonlSink.js';
import type { LabelSink } from '../src/sinks/LabelSink.js';
import type { PublishCounts, RedisStreamSink } from '../src/sinks/redisStreamSink.js';
import { segmentLinesSink } from '../src/sinks/segmentLinesSink.js';
import { streamOutput } from '../src/sinks/textOutput.js';
import { resolveModel } from '../src/recurrent/resolveModel.js';
import { withSensitivity, type Sensitivity } from '../src/recurrent/withSensitivity.js';
import { liveSource } from '../src/source/liveSource.js';
import { liveSourceFromOptions, type LiveSourceOptions } from '../src/source/liveSourceFromOptions.js';
import { isSource, type Source } from '../src/source/Source.js';
import { labelStream } from './labelStream.js';

// What `framewise live` lists and prints, for its callers.
export { listDevices } from '../src/decode/listDevices.js';
export { formatSummary } from '../src/live/LiveStats.js';
export type { LiveSourceOptions };

/** What live writes to its output stream: a line per frame, a line per closed segment, or nothing. */
export type LiveOutput = 'jsonl' | 'segments' | 'none';

export interface RunLiveOptions {
  /** The live source, or the command-line options naming it; null serves the page only (the browser's own camera). */
  source: Source | LiveSourceOptions | null;
  /** A model, or the path of a model file. */
  model: Model | string;
  /** Offsets on the transition labels' logits (withSensitivity); default none: the model as it is. */
  sensitivity?: Sensitivity;
  output: LiveOutput;
  /** Where the output lines go (default stdout). */
  stream?: NodeJS.WritableStream;
  queue?: number;
  /** Serve the live page on this port (0: any free one), on this interface, answering to these extra host names. */
  serve?: { port: number; host: string; allowedHosts?: readonly string[] };
  signal: AbortSignal;
  /** Called with the page's URL once it is served. */
  onServing?: (url: string) => void;
  /** Also append every event (and with output 'segments', every closed segment) to a Redis stream. */
  publish?: { url: string; maxLen: number };
  /** Told at the end how many stream entries were published and how many could not be. */
  onPublished?: (counts: PublishCounts) => void;
}

/** The live source's counters at the end (null without a source). */
export async function runLive(opts: RunLiveOptions): Promise<LiveSummary | null> {
  const { signal } = opts;
  const source = opts.source === null || isSource(opts.source) ? opts.source : liveSource(liveSourceFromOptions(opts.source));
  const model = withSensitivity(await resolveModel(opts.model), opts.sensitivity);
  const stats = new LiveStats();
  let server: LiveServer | null = null;
  if (opts.serve) {
    // The page server (ws) and the Redis client load only when asked for.
    const { startLivePage } = await import('./livePage.js');
    server = await startLivePage({
      port: opts.serve.port,
      host: opts.serve.host,
      model,
      allowedHosts: opts.serve.allowedHosts,
      stats: source ? () => stats.summary() : undefined,
      sourceName: source?.name ?? null,
      // The live source comes first: browser-camera frames wait while its frames wait for the labeller.
      sourceBusy: source ? () => stats.queue.waiting > 0 : undefined,
    });
    opts.onServing?.(server.url);
  }
  try {
    if (!source) {
      await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
      return null;
    }
    const sinks: LabelSink[] = [];
    const out = opts.stream ?? process.stdout;
    if (opts.output === 'jsonl') sinks.push(jsonlSink(streamOutput(out), { timing: true }));
    if (opts.output === 'segments') sinks.push(segmentLinesSink(streamOutput(out), { segments: { registry: labelRegistry(model.meta) } }));
    if (server) sinks.push(broadcastSink(server));
    let published: RedisStreamSink | null = null;
    if (opts.publish) {
      const { redisStreamAddress } = await import('../src/queue/redisStreamAddress.js');
      const { redisStreamSink } = await import('../src/sinks/redisStreamSink.js');
      const { redis, stream } = redisStreamAddress(opts.publish.url);
      const segments = opts.output === 'segments' ? { registry: labelRegistry(model.meta) } : undefined;
      published = redisStreamSink(redis, stream, { maxLen: opts.publish.maxLen, segments });
      sinks.push(published);
      await published.ready();
    }
    await lastValueFrom(labelStream({ source, model, queue: opts.queue, stats, signal, sinks }), { defaultValue: null }).catch((err: unknown) => {
      // A stop (Ctrl-C, SIGTERM, a closed stdout) ends a live run normally: the summary still counts.
      if (!signal.aborted && !killedByTerminal(err) && !(err instanceof FramewiseError && err.code === 'E_OUTPUT_CLOSED')) throw err;
    });
    if (published) opts.onPublished?.(published.counts());
    return stats.summary();
  } finally {
    await server?.close();
  }
}
