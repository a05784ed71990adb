import type { Redis } from 'ioredis';
import { Observable } from 'rxjs';
import type { Segment } from '../types.js';
import { connectRedis } from './connectRedis.js';

/** A label event as published on a stream: its JSONL line (docs/architecture.md, "Formats") with epoch timing. */
export interface PublishedEvent {
  frame: number;
  time: number;
  label: string;
  score: number;
  scores: Record<string, number>;
  /** Unix epoch ms when the frame left the decoder and when its label was emitted (null if unknown). */
  decoded_at: number | null;
  emitted_at: number | null;
}

/** One stream entry, with its id (pass it as `from` to resume after it). */
export type LabelStreamEntry = { id: string; kind: 'event'; event: PublishedEvent } | { id: string; kind: 'segment'; segment: Segment };

export interface ReadLabelEventsOptions {
  /**
   * Where to start: after this entry id ("0": from the oldest entry still kept); default "$", only entries added
   * from now on. A consumer that stores the last id it handled resumes there without a gap or a repeat.
   */
  from?: string;
  /** Stops the reading (the Observable completes, the iterator returns). */
  signal?: AbortSignal;
  /** Entries per read (default 500). */
  batch?: number;
}

/** Observable of the entries, and an async iterator over them: reading stops on unsubscribe or `break`. */
export type LabelEventReader = Observable<LabelStreamEntry> & AsyncIterable<LabelStreamEntry>;

const BLOCK_MS = 1000;

/**
 * Follows a stream that `framewise live --publish` (redisStreamSink) writes, with XREAD on its own connection.
 * Any number of readers can follow one stream; each sees every entry still in the stream from its `from` on, in order.
 */
export function readLabelEvents(redisUrl: string, stream: string, opts: ReadLabelEventsOptions = {}): LabelEventReader {
  const entries = async function* (signal: AbortSignal): AsyncGenerator<LabelStreamEntry> {
    const client: Redis = await connectRedis(redisUrl);
    const stop = (): void => client.disconnect(); // ends a blocked XREAD at once
    signal.addEventListener('abort', stop, { once: true });
    try {
      let last = opts.from ?? '$';
      if (last === '$') {
        // Pin "now" to an id, so nothing added between two reads is missed.
        const newest = await client.xrevrange(stream, '+', '-', 'COUNT', 1);
        last = newest[0]?.[0] ?? '0-0';
      }
      while (!signal.aborted) {
        const reply = await client.xread('COUNT', opts.batch ?? 500, 'BLOCK', BLOCK_MS, 'STREAMS', stream, last).catch((err: unknown) => {
          if (signal.aborted) return null;
          throw err;
        });
        for (const [, items] of reply ?? []) {
          for (const [id, fields] of items) {
            last = id;
            const entry = parseEntry(id, fields);
            if (entry) yield entry;
          }
        }
      }
    } finally {
      signal.removeEventListener('abort', stop);
      client.disconnect();
    }
  };

  const observable = new Observable<LabelStreamEntry>((subscriber) => {
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) controller.abort();
    void (async () => {
      try {
        for await (const entry of entries(controller.signal)) {
          if (subscriber.closed) break;
          subscriber.next(entry);
        }
        subscriber.complete();
      } catch (err) {
        subscriber.error(err);
      }
    })();
    return () => {
      opts.signal?.removeEventListener('abort', onAbort);
      controller.abort();
    };
  });

  return Object.assign(observable, {
    [Symbol.asyncIterator]: (): AsyncIterator<LabelStreamEntry> => {
      const controller = new AbortController();
      opts.signal?.addEventListener('abort', () => controller.abort(), { once: true });
      if (opts.signal?.aborted) controller.abort();
      const it = entries(controller.signal);
      return {
        next: () => it.next(),
        return: async () => {
          controller.abort();
          return it.return(undefined);
        },
      };
    },
  });
}

function parseEntry(id: string, fields: string[]): LabelStreamEntry | null {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]] = fields[i + 1];
  if (f.data === undefined) return null;
  if (f.kind === 'event') return { id, kind: 'event', event: JSON.parse(f.data) as PublishedEvent };
  if (f.kind === 'segment') return { id, kind: 'segment', segment: JSON.parse(f.data) as Segment };
  return null; // an entry someone else added: not ours to read
}
