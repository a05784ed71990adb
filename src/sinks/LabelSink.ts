import type { LabelEvent } from '../types.js';

/** Where label events go. write() is synchronous and in frame order; close() is idempotent. */
export interface LabelSink {
  write(ev: LabelEvent): void;
  /** Finishes the output (flushing any open segment); safe to call on an interrupted run, and twice. */
  close(): Promise<void>;
}

export type SinkFormat = 'jsonl' | 'csv' | 'vtt' | 'srt' | 'segments';
