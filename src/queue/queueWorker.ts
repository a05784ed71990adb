import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { InputError, ModelError, UsageError } from '../errors.js';
import { connectRedis } from './connectRedis.js';

/** What the worker's job function gets besides the job's data. */
export interface JobContext<P> {
  id: string;
  /** 1 for the first try. */
  attempt: number;
  /** Fires when the job must stop: it made no progress for too long, or the worker is closed by force. */
  signal: AbortSignal;
  /** Reports progress (stored on the job) and proves the job is alive to the no-progress timeout. */
  progress(p: P): void;
}

export interface QueueWorkerOptions {
  redis: string;
  queue: string;
  /** Jobs run at once by this worker (default 1). */
  concurrency?: number;
  /** A job that reports no progress for this long is stopped and fails (then retried); default 5 minutes. */
  noProgressTimeoutMs?: number;
  /**
   * How long a job's lock lasts without renewal (BullMQ `lockDuration`, default 30 s) and how often workers look
   * for jobs whose lock expired (`stalledInterval`, default 30 s): after a worker dies, its jobs are taken up again
   * within about their sum. Shorter values find dead workers sooner at the cost of more Redis traffic.
   */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** Told when a job starts, completes or fails (for a log). */
  onJob?: (event: WorkerJobEvent) => void;
}

export type WorkerJobEvent =
  | { type: 'active'; id: string; attempt: number }
  | { type: 'completed'; id: string }
  | { type: 'failed'; id: string; reason: string; willRetry: boolean };

export interface QueueWorker {
  /** "host:pid", stored on the jobs it runs. */
  readonly name: string;
  /** Jobs it runs at once. */
  readonly concurrency: number;
  /** Stops taking jobs, lets the running ones finish, and disconnects. */
  close(): Promise<void>;
  /** Jobs this worker completed and failed. */
  counts(): { completed: number; failed: number };
}

const DEFAULT_NO_PROGRESS_MS = 5 * 60_000;

/**
 * The BullMQ worker edge: takes jobs from `queue` and runs `work` on each, with the failure policy framewise uses.
 * A FramewiseError that says the job itself is wrong (InputError, ModelError, UsageError: a missing, unreadable or
 * corrupt video, a bad model or option) fails the job at once with its one-line message: retrying cannot help.
 * Any other error (ffmpeg killed, a full disk, Redis lost, no progress) is retried with exponential backoff up to
 * the job's attempts. A worker killed outright leaves its jobs locked; their locks expire and another worker
 * takes them up again (BullMQ's stalled-job recovery).
 */
export async function queueWorker<D, R, P extends object>(opts: QueueWorkerOptions, work: (data: D, ctx: JobContext<P>) => Promise<R>): Promise<QueueWorker> {
  const connection: Redis = await connectRedis(opts.redis);
  const name = `${hostname()}:${process.pid}`;
  const noProgressMs = opts.noProgressTimeoutMs ?? DEFAULT_NO_PROGRESS_MS;
  let completed = 0;
  let failed = 0;

  const processor = async (job: Job<D, R>, _token?: string, cancelled?: AbortSignal): Promise<R> => {
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    cancelled?.addEventListener('abort', stop, { once: true });
    let stalled = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stalled = true;
        controller.abort();
      }, noProgressMs);
    };
    arm();
    try {
      return await work(job.data, {
        id: job.id ?? '',
        attempt: job.attemptsMade + 1,
        signal: controller.signal,
        progress: (p) => {
          arm();
          job.updateProgress(p).catch(() => undefined); // progress is informative; a lost update is no failure
        },
      });
    } catch (err) {
      if (stalled) throw new Error(`no progress for ${Math.round(noProgressMs / 1000)} s`, { cause: err });
      if (err instanceof InputError || err instanceof ModelError || err instanceof UsageError) throw new UnrecoverableError(err.message);
      throw err;
    } finally {
      clearTimeout(timer);
      cancelled?.removeEventListener('abort', stop);
    }
  };

  const concurrency = opts.concurrency ?? 1;
  const worker = new Worker<D, R>(opts.queue, processor, {
    connection,
    name,
    concurrency,
    // BullMQ's defaults apply where these are not given (an explicit undefined would replace them).
    ...(opts.lockDurationMs !== undefined && { lockDuration: opts.lockDurationMs }),
    ...(opts.stalledIntervalMs !== undefined && { stalledInterval: opts.stalledIntervalMs }),
  });
  worker.on('error', () => undefined); // connection trouble: BullMQ reconnects; a job's own failure arrives as 'failed'
  worker.on('active', (job) => opts.onJob?.({ type: 'active', id: job.id ?? '', attempt: job.attemptsMade + 1 }));
  worker.on('completed', (job) => {
    completed++;
    opts.onJob?.({ type: 'completed', id: job.id ?? '' });
  });
  worker.on('failed', (job, err) => {
    failed++;
    const willRetry = !(err instanceof UnrecoverableError) && job !== undefined && job.attemptsMade < (job.opts.attempts ?? 1);
    opts.onJob?.({ type: 'failed', id: job?.id ?? '', reason: err.message, willRetry });
  });
  await worker.waitUntilReady();

  let closing: Promise<void> | null = null;
  return {
    name,
    concurrency,
    close: () =>
      (closing ??= (async () => {
        await worker.close();
        await connection.quit().catch(() => connection.disconnect());
      })()),
    counts: () => ({ completed, failed }),
  };
}
