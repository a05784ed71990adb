/**
 * `framewise worker` and the library's startWorker(): a BullMQ worker (src/queue/queueWorker.ts) whose jobs are
 * run by labelJob, the same labelling as `framewise label`. Returns a handle; close() drains (running jobs finish).
 */
import type { LabelJobData, LabelJobProgress, LabelJobResult } from '../src/queue/LabelJob.js';
import { DEFAULT_QUEUE } from '../src/queue/LabelJob.js';
import { queueWorker, type QueueWorker, type QueueWorkerOptions } from '../src/queue/queueWorker.js';
import { DEFAULT_JOBS } from './defaultJobs.js';
import { labelJob } from './labelJob.js';

export interface StartWorkerOptions extends Omit<QueueWorkerOptions, 'queue'> {
  /** Queue name (default "framewise"). */
  queue?: string;
  /** Jobs run at once (default DEFAULT_JOBS: one per core, at most four, as `framewise worker`). */
  concurrency?: number;
}

export function startWorker(opts: StartWorkerOptions): Promise<QueueWorker> {
  const settings = { ...opts, queue: opts.queue ?? DEFAULT_QUEUE, concurrency: opts.concurrency ?? DEFAULT_JOBS };
  return queueWorker<LabelJobData, LabelJobResult, LabelJobProgress>(settings, (data, ctx) =>
    labelJob(data, { signal: ctx.signal, onProgress: ctx.progress }),
  );
}
