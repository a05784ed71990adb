import { Observable, Subject, interval, lastValueFrom, map, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createQueueCounters, keepNewest } from '../src/live/keepNewest.js';

function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // simulate a consumer that cannot keep up
  }
}

/** n items due one per `ms`; like a camera's buffer, everything due is delivered when the loop gets a turn. */
function paced(n: number, ms: number): Observable<number> {
  return new Observable<number>((s) => {
    const t0 = performance.now();
    let i = 0;
    const timer = setInterval(() => {
      const due = Math.min(n, Math.floor((performance.now() - t0) / ms) + 1);
      while (i < due) s.next(i++);
      if (i === n) s.complete();
    }, ms);
    return () => clearInterval(timer);
  });
}

describe('keepNewest', () => {
  it('passes everything, in order, to a consumer that keeps up', async () => {
    const counters = createQueueCounters();
    const out = await lastValueFrom(interval(1).pipe(take(50), keepNewest({ capacity: 2, counters }), toArray()));
    expect(out).toEqual([...Array(50).keys()]);
    expect(counters).toMatchObject({ received: 50, dropped: 0 });
  });

  it('keeps only the newest items of a burst and counts the rest as dropped', async () => {
    const counters = createQueueCounters();
    const dropped: number[] = [];
    const burst = new Observable<number>((s) => {
      for (let i = 0; i < 100; i++) s.next(i); // synchronous: the consumer gets no turn in between
      s.complete();
    });
    const out = await lastValueFrom(burst.pipe(keepNewest({ capacity: 3, counters, onDrop: (x) => dropped.push(x) }), toArray()));
    expect(out).toEqual([97, 98, 99]);
    expect(counters).toEqual({ received: 100, dropped: 97, maxDepth: 3, waiting: 0 });
    expect(dropped).toEqual([...Array(97).keys()]);
  });

  it('drops under a slow consumer while items still arrive, and ends with the newest', async () => {
    const counters = createQueueCounters();
    const seen: number[] = [];
    await lastValueFrom(
      paced(60, 1).pipe(
        keepNewest({ capacity: 2, counters }),
        map((x) => {
          busyWait(8); // 8 ms per item against 1 ms arrivals
          seen.push(x);
          return x;
        }),
        toArray(),
      ),
    );
    expect(counters.received).toBe(60);
    expect(counters.dropped).toBeGreaterThan(0);
    expect(seen.length + counters.dropped).toBe(60);
    expect(seen[seen.length - 1]).toBe(59);
    expect(counters.maxDepth).toBeLessThanOrEqual(2);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
  });

  it('delivers queued items before an error', async () => {
    const src = new Subject<number>();
    const got: number[] = [];
    const done = new Promise<unknown>((resolve) =>
      src.pipe(keepNewest({ capacity: 4 })).subscribe({ next: (x) => got.push(x), error: resolve }),
    );
    src.next(1);
    src.next(2);
    src.error(new Error('boom'));
    const err = await done;
    expect(got).toEqual([1, 2]);
    expect((err as Error).message).toBe('boom');
  });

  it('delivers nothing after unsubscribe', async () => {
    const src = new Subject<number>();
    const got: number[] = [];
    const sub = src.pipe(keepNewest({ capacity: 4 })).subscribe((x) => got.push(x));
    src.next(1);
    sub.unsubscribe();
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual([]);
    expect(src.observed).toBe(false);
  });
});
