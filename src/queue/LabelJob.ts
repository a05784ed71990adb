import type { SinkFormat } from '../sinks/LabelSink.js';

/** The queue framewise uses when none is named. */
export const DEFAULT_QUEUE = 'framewise';

/** What one queued job asks for: label one video into outputs in a shared folder. Stored in Redis as JSON. */
export interface LabelJobData {
  /** Absolute path of the video, as every worker must see it. */
  input: string;
  /** sha256 of the video's bytes when it was enqueued (names the outputs). */
  contentHash: string;
  /** Model file or folder (absolute path). */
  model: string;
  formats: SinkFormat[];
  /** Absolute path of the folder the outputs are written to. */
  outDir: string;
  eventsOnly: boolean;
}

/** How far a running job is; stored as the job's progress. */
export interface LabelJobProgress {
  /** Frames labelled so far. */
  frames: number;
  /** Frames expected, when the probe could tell. */
  total: number | null;
  /** Labelling speed so far, frames per second of wall time. */
  fps: number;
}

/** What a completed job stores: small, for `queue results`. */
export interface LabelJobResult {
  input: string;
  frames: number;
  /** The input's frame rate (null if it could not be probed). */
  fps: number | null;
  /** Wall time of the labelling, in seconds. */
  seconds: number;
  /** Number of segments per label. */
  segments: Record<string, number>;
  /** Paths of the outputs written, one per format. */
  outputs: string[];
  /** The worker that did it (host:pid). */
  worker: string;
}
