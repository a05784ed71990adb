/**
 * `framewise queue status|results|retry-failed|clean`: open the queue, do one thing with it, close it.
 */
import { DEFAULT_QUEUE } from '../src/queue/LabelJob.js';
import { LabelQueue } from '../src/queue/LabelQueue.js';

export type { QueueStatus } from '../src/queue/LabelQueue.js';
export type { SinkFormat } from '../src/sinks/LabelSink.js';

export async function withLabelQueue<T>(redis: string, queue: string | undefined, use: (q: LabelQueue) => Promise<T>): Promise<T> {
  const q = await LabelQueue.open(redis, queue ?? DEFAULT_QUEUE);
  try {
    return await use(q);
  } finally {
    await q.close();
  }
}
