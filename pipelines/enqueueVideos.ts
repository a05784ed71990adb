/**
 * `framewise queue add` and the library's enqueueVideos(): one label job per video, its id from the video's
 * content and the options (labelJobId), so a video already queued, running, done or failed is not added again.
 */
import { resolve } from 'node:path';
import { UsageError } from '../src/errors.js';
import { DEFAULT_MODEL_PATH } from '../src/packageRoot.js';
import { contentHash } from '../src/dataset/contentHash.js';
import { expandVideoInputs } from '../src/queue/expandVideoInputs.js';
import { DEFAULT_QUEUE, type LabelJobData } from '../src/queue/LabelJob.js';
import { labelJobId } from '../src/queue/labelJobId.js';
import { DEFAULT_RETRY, LabelQueue, type RetryPolicy } from '../src/queue/LabelQueue.js';
import type { SinkFormat } from '../src/sinks/LabelSink.js';

export interface EnqueueOptions {
  /** redis://host:port of the Redis every worker uses. */
  redis: string;
  /** Queue name (default "framewise"). */
  queue?: string;
  /** Model file or folder, as every worker can reach it (default: the shipped model). */
  model?: string;
  /** Output formats written per video (default: segments). */
  formats?: readonly SinkFormat[];
  /** The folder every worker writes the outputs to. */
  outDir: string;
  eventsOnly?: boolean;
  retry?: RetryPolicy;
}

export interface EnqueuedVideo {
  id: string;
  input: string;
}

export interface EnqueueResult {
  added: EnqueuedVideo[];
  /** Videos whose job (same content, same options) was already in the queue. */
  existing: EnqueuedVideo[];
}

/** Enqueues files, folders and globs (see expandVideoInputs); nothing is added if a named path is missing. */
export async function enqueueVideos(inputs: readonly string[], opts: EnqueueOptions): Promise<EnqueueResult> {
  const formats: SinkFormat[] = [...new Set<SinkFormat>(opts.formats ?? ['segments'])];
  if (formats.length === 0) throw new UsageError('E_USAGE', 'queue add: give at least one format');
  const files = await expandVideoInputs(inputs);
  const jobs: { id: string; data: LabelJobData }[] = [];
  for (const input of files) {
    const data: LabelJobData = {
      input,
      contentHash: await contentHash(input),
      model: resolve(opts.model ?? DEFAULT_MODEL_PATH),
      formats,
      outDir: resolve(opts.outDir),
      eventsOnly: opts.eventsOnly ?? false,
    };
    jobs.push({ id: labelJobId(data), data });
  }
  const queue = await LabelQueue.open(opts.redis, opts.queue ?? DEFAULT_QUEUE);
  try {
    const { added, existing } = await queue.add(jobs, opts.retry ?? DEFAULT_RETRY);
    const inputOf = new Map(jobs.map((j) => [j.id, j.data.input]));
    const named = (ids: string[]): EnqueuedVideo[] => ids.map((id) => ({ id, input: inputOf.get(id) ?? '' }));
    return { added: named(added), existing: named(existing) };
  } finally {
    await queue.close();
  }
}
