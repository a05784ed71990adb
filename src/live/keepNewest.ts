import { Observable, type MonoTypeOperatorFunction } from 'rxjs';

/** Counts what a {@link keepNewest} queue did; shared with whoever reports live statistics. */
export interface QueueCounters {
  /** Items that entered the queue. */
  received: number;
  /** Items dropped because the queue was full when a newer one arrived. */
  dropped: number;
  /** Largest number of items that waited at once. */
  maxDepth: number;
  /** Items waiting right now (lets another stage yield to this queue's consumer). */
  waiting: number;
}

export interface KeepNewestOptions<T> {
  /** Most items that may wait for the consumer (>= 1). */
  capacity: number;
  /** Updated in place, so the caller can read counters while the stream runs. */
  counters?: QueueCounters;
  /** Called with each dropped item (e.g. to log it); must not throw. */
  onDrop?: (item: T) => void;
}

export function createQueueCounters(): QueueCounters {
  return { received: 0, dropped: 0, maxDepth: 0, waiting: 0 };
}

/**
 * A bounded queue between a live producer and a slower consumer, with a **keep-newest** drop policy:
 * at most `capacity` items wait; when an item arrives and the queue is full, the *oldest waiting* item
 * is dropped (and counted), so the consumer always works on the freshest data and latency stays bounded.
 *
 * Items are handed downstream one per event-loop turn (setImmediate), never synchronously from the
 * producer's callback: between two items, Node gets to read the producer's pipe/socket, so frames that
 * arrive while the consumer is busy land in this queue (where they can be dropped) instead of piling up
 * unboundedly in a stream buffer. Completion and errors are delivered after the queued items drain.
 *
 * Memory is bounded by `capacity` items plus whatever the producer itself buffers.
 */
export function keepNewest<T>(opts: KeepNewestOptions<T>): MonoTypeOperatorFunction<T> {
  const capacity = Math.max(1, Math.floor(opts.capacity));
  return (source) =>
    new Observable<T>((subscriber) => {
      const counters = opts.counters ?? createQueueCounters();
      // Ring buffer: [capacity] slots, `head` = oldest, `size` items.
      const ring: Array<T | undefined> = new Array<T | undefined>(capacity);
      let head = 0;
      let size = 0;
      let done: { error?: unknown; failed: boolean } | null = null;
      let scheduled: NodeJS.Immediate | null = null;

      const schedule = (): void => {
        if (scheduled === null && !subscriber.closed) scheduled = setImmediate(drainOne);
      };

      const drainOne = (): void => {
        scheduled = null;
        if (size > 0) {
          const item = ring[head] as T;
          ring[head] = undefined;
          head = (head + 1) % capacity;
          size--;
          counters.waiting = size;
          subscriber.next(item);
        }
        if (size > 0) schedule();
        else if (done !== null) {
          if (done.failed) subscriber.error(done.error);
          else subscriber.complete();
        }
      };

      const sub = source.subscribe({
        next(item) {
          counters.received++;
          if (size === capacity) {
            const oldest = ring[head] as T;
            ring[head] = item;
            head = (head + 1) % capacity;
            counters.dropped++;
            opts.onDrop?.(oldest);
          } else {
            ring[(head + size) % capacity] = item;
            size++;
          }
          if (size > counters.maxDepth) counters.maxDepth = size;
          counters.waiting = size;
          schedule();
        },
        error(err: unknown) {
          done = { error: err, failed: true };
          schedule();
        },
        complete() {
          done = { failed: false };
          schedule();
        },
      });

      return () => {
        sub.unsubscribe();
        if (scheduled !== null) clearImmediate(scheduled);
        scheduled = null;
        ring.fill(undefined);
        size = 0;
        counters.waiting = 0;
      };
    });
}
