import { createHash } from 'node:crypto';
import type { LabelJobData } from './LabelJob.js';

/**
 * A job's id: a hash of the video's content and of every option that changes the outputs. The same file added
 * twice (under any name) with the same options is the same job, which BullMQ does not add again. The input's path
 * is not part of it: a copy of a video already labelled is not labelled again.
 */
export function labelJobId(data: LabelJobData): string {
  const options = JSON.stringify([data.contentHash, data.model, [...data.formats].sort(), data.outDir, data.eventsOnly]);
  // BullMQ refuses ids that are integers or contain ':'; a prefix and hex digits are neither.
  return `fw-${createHash('sha256').update(options).digest('hex').slice(0, 32)}`;
}
