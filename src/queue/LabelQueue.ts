import { Queue, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { connectRedis } from './connectRedis.js';
import type { LabelJobData, LabelJobProgress, LabelJobResult } from './LabelJob.js';

/** How a job is retried after a failure that may pass (see queueWorker: bad inputs are never retried). */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** Delay before the first retry, doubled at each next one. */
  backoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, backoffMs: 2000 };

export interface QueueStatus {
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
  /** Frames labelled by the completed and active jobs. */
  framesDone: number;
  /** Frames of those jobs expected in all (active jobs count what their probe said). */
  framesTotal: number;
  /** Completed jobs per minute and frames per second, from the first start to the last finish; null before two. */
  jobsPerMinute: number | null;
  framesPerSecond: number | null;
  failedJobs: FailedJob[];
}

export interface FailedJob {
  id: string;
  input: string;
  reason: string;
  attempts: number;
}

export interface CompletedJob extends LabelJobResult {
  id: string;
}

type LabelJobRecord = Job<LabelJobData, LabelJobResult>;

/**
 * The queue of label jobs on Redis (BullMQ): adding, counting, exporting results, retrying and cleaning. One
 * connection, closed by close().
 */
export class LabelQueue {
  private constructor(
    private readonly queue: Queue<LabelJobData, LabelJobResult>,
    private readonly connection: Redis,
  ) {}

  /** Connects (an unreachable server is an E_REDIS error) and opens the queue named `name`. */
  static async open(redisUrl: string, name: string): Promise<LabelQueue> {
    const connection = await connectRedis(redisUrl);
    return new LabelQueue(new Queue<LabelJobData, LabelJobResult>(name, { connection }), connection);
  }

  /**
   * Adds the jobs whose id is not in the queue yet (in any state: waiting, active, completed or failed); returns
   * the ids added and those that were already there.
   */
  async add(jobs: readonly { id: string; data: LabelJobData }[], retry: RetryPolicy = DEFAULT_RETRY): Promise<{ added: string[]; existing: string[] }> {
    const added: string[] = [];
    const existing: string[] = [];
    const fresh: { id: string; data: LabelJobData }[] = [];
    const seen = new Set<string>();
    for (const job of jobs) {
      if (seen.has(job.id) || (await this.queue.getJob(job.id))) existing.push(job.id);
      else fresh.push(job);
      seen.add(job.id);
    }
    // BullMQ ignores an add whose id exists, so two `queue add` racing still label each video once.
    await this.queue.addBulk(
      fresh.map(({ id, data }) => ({
        name: 'label',
        data,
        opts: { jobId: id, attempts: retry.attempts, backoff: { type: 'exponential', delay: retry.backoffMs } },
      })),
    );
    added.push(...fresh.map((j) => j.id));
    return { added, existing };
  }

  async status(): Promise<QueueStatus> {
    const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');
    const completed = (await this.queue.getCompleted(0, -1)) as LabelJobRecord[];
    const active = (await this.queue.getActive(0, -1)) as LabelJobRecord[];
    const failed = (await this.queue.getFailed(0, -1)) as LabelJobRecord[];
    let framesDone = 0;
    let framesTotal = 0;
    for (const job of completed) {
      framesDone += job.returnvalue?.frames ?? 0;
      framesTotal += job.returnvalue?.frames ?? 0;
    }
    for (const job of active) {
      const p = progressOf(job);
      framesDone += p?.frames ?? 0;
      framesTotal += p?.total ?? p?.frames ?? 0;
    }
    // Loops, not Math.max(...): an archive's queue can hold more jobs than a call takes arguments.
    let first = Infinity;
    let last = -Infinity;
    for (const { processedOn = 0, finishedOn = 0 } of completed) {
      if (processedOn > 0) first = Math.min(first, processedOn);
      if (finishedOn > 0) last = Math.max(last, finishedOn);
    }
    const span = Number.isFinite(first) && Number.isFinite(last) ? (last - first) / 1000 : 0;
    const completedFrames = completed.reduce((n, j) => n + (j.returnvalue?.frames ?? 0), 0);
    return {
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      completed: counts.completed ?? 0,
      failed: counts.failed ?? 0,
      framesDone,
      framesTotal,
      jobsPerMinute: completed.length >= 2 && span > 0 ? (completed.length / span) * 60 : null,
      framesPerSecond: completed.length >= 2 && span > 0 ? completedFrames / span : null,
      failedJobs: failed.map((j) => ({ id: j.id ?? '', input: j.data.input, reason: j.failedReason, attempts: j.attemptsMade })),
    };
  }

  /** Every completed job's result, oldest first. */
  async results(): Promise<CompletedJob[]> {
    const completed = (await this.queue.getCompleted(0, -1)) as LabelJobRecord[];
    return completed
      .filter((j) => j.returnvalue)
      .sort((a, b) => (a.finishedOn ?? 0) - (b.finishedOn ?? 0))
      .map((j) => ({ id: j.id ?? '', ...j.returnvalue }));
  }

  /** Moves every failed job back to waiting, with its attempts counted afresh; returns how many. */
  async retryFailed(): Promise<number> {
    const { failed = 0 } = await this.queue.getJobCounts('failed');
    if (failed > 0) await this.queue.retryJobs({ state: 'failed', count: 1000 });
    return failed;
  }

  /** Removes the completed and failed jobs (their results with them); waiting and active jobs stay. */
  async clean(): Promise<{ completed: number; failed: number }> {
    const completed = await this.queue.clean(0, 0, 'completed');
    const failed = await this.queue.clean(0, 0, 'failed');
    return { completed: completed.length, failed: failed.length };
  }

  async close(): Promise<void> {
    await this.queue.close();
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}

function progressOf(job: LabelJobRecord): LabelJobProgress | null {
  const p: unknown = job.progress;
  return typeof p === 'object' && p !== null && 'frames' in p ? (p as LabelJobProgress) : null;
}
