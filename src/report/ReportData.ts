import type { LabelEvent, ModelMeta, Segment, VideoInfo } from '../types.js';

/** Everything a report, a timeline or an overlay is drawn from: the labels of one run over one input. */
export interface ReportData {
  /** The input as the user named it. */
  source: string;
  info: VideoInfo;
  /** The model's label names, in output order. */
  labels: string[];
  /** The model's per-label overrides (colours, roles) of the shipped defaults, if it has any. */
  labelInfo?: ModelMeta['labelInfo'];
  /** One event per labelled frame, in frame order. */
  events: LabelEvent[];
  /** Segments of those events (by the rules of the model's label registry). */
  segments: Segment[];
  /** Seconds skipped at the start of the input (--start); frame times count from the input's start. */
  start: number;
}
