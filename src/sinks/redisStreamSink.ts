import { Redis } from 'ioredis';
import { SegmentDecoder, type SegmentDecoderOptions } from '../labels/SegmentDecoder.js';
import { redisOptions } from '../queue/redisOptions.js';
import { roundScore, roundTime } from './formatting.js';
import { jsonlLine } from './jsonlSink.js';
import type { LabelSink } from './LabelSink.js';

export interface RedisStreamSinkOptions {
  /** Keep about this many entries (XADD MAXLEN ~ N): Redis trims whole nodes, so a few more may stay. */
  maxLen: number;
  /** Also publish each segment as it closes (kind "segment"), formed with these options. */
  segments?: SegmentDecoderOptions;
  /** How long to wait for the first connection when the run starts (default 3 s); events before it count as unpublished. */
  connectTimeoutMs?: number;
}

export interface PublishCounts {
  /** Entries Redis accepted. */
  published: number;
  /** Entries that could not be sent (Redis unreachable, connection lost while in flight). */
  unpublished: number;
}

export interface RedisStreamSink extends LabelSink {
  /** Resolves once connected, or after connectTimeoutMs; never rejects (an outage must not stop the run). */
  ready(): Promise<void>;
  counts(): PublishCounts;
}

/** The longest a closing sink waits for entries still in flight. */
const CLOSE_WAIT_MS = 3000;

/**
 * Publishes each label event to a Redis stream (XADD with MAXLEN ~ N), as `kind` ("event" or "segment") and `data`
 * (the event's JSONL line with epoch timing, or the segment's line). Labelling never waits for Redis: while it is
 * unreachable, events are counted as unpublished (no offline buffer that would grow without bound) and the client
 * reconnects in the background; publishing resumes with the next event once it is back.
 */
export function redisStreamSink(url: string, stream: string, opts: RedisStreamSinkOptions): RedisStreamSink {
  const client = new Redis({
    ...redisOptions(url),
    enableOfflineQueue: false, // fail at once while disconnected, rather than queue in memory
    maxRetriesPerRequest: 0,
    retryStrategy: (times) => Math.min(100 * times, 2000),
  });
  client.on('error', () => undefined); // outages are counted, not printed per attempt
  const decoder = opts.segments ? new SegmentDecoder(opts.segments) : null;
  let published = 0;
  let unpublished = 0;
  const inFlight = new Set<Promise<unknown>>();
  let closing: Promise<void> | null = null;
  let abandoned = false;

  const publish = (kind: 'event' | 'segment', data: string): void => {
    if (client.status !== 'ready') {
      unpublished++;
      return;
    }
    const sent = client.xadd(stream, 'MAXLEN', '~', opts.maxLen, '*', 'kind', kind, 'data', data).then(
      () => !abandoned && published++,
      () => !abandoned && unpublished++,
    );
    inFlight.add(sent);
    void sent.finally(() => inFlight.delete(sent));
  };
  const segmentLines = (list: ReturnType<SegmentDecoder['push']>): void => {
    for (const s of list) publish('segment', JSON.stringify({ ...s, start_time: roundTime(s.start_time), end_time: roundTime(s.end_time), score: roundScore(s.score) }));
  };

  const ready = new Promise<void>((resolve) => {
    if (client.status === 'ready') resolve();
    client.once('ready', () => resolve());
    setTimeout(resolve, opts.connectTimeoutMs ?? 3000).unref();
  });

  return {
    ready: () => ready,
    counts: () => ({ published, unpublished }),
    write(ev) {
      if (closing) throw new Error('sink is closed');
      publish('event', jsonlLine(ev, { timing: true }).trimEnd());
      if (decoder) segmentLines(decoder.push(ev));
    },
    close() {
      closing ??= (async () => {
        if (decoder) segmentLines(decoder.flush());
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => (timer = setTimeout(r, CLOSE_WAIT_MS)))]);
        clearTimeout(timer);
        // Entries still without a reply are given up for lost.
        abandoned = true;
        unpublished += inFlight.size;
        client.disconnect();
      })();
      return closing;
    },
  };
}
