import type { LabelEvent } from '../types.js';

/** How a run ended, told to each sink when it closes: a whole-file output must not look complete when it is not. */
export type RunEnd = { complete: true } | { complete: false; reason: string };

export const COMPLETE: RunEnd = { complete: true };

/** Where label events go: the only writers of output. write() is synchronous and in frame order. */
export interface LabelSink {
  write(ev: LabelEvent): void;
  /**
   * Finishes the output (flushing any open segment); idempotent (the first call's `end` counts). Default end:
   * complete. An incomplete end still leaves a valid output, marked as incomplete where the format allows.
   */
  close(end?: RunEnd): Promise<void>;
}

export type SinkFormat = 'jsonl' | 'csv' | 'vtt' | 'srt' | 'segments' | SceneFormat;

/** The formats written from the scene list, whole-run outputs (src/sinks/sceneListSink.ts). */
export type SceneFormat = 'scenes-csv' | 'edl' | 'otio' | 'fcpxml';
