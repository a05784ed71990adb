import { createQueueCounters, type QueueCounters } from './keepNewest.js';

/** A snapshot of a live run's counters, as printed in the summary and sent to the live page. */
export interface LiveSummary {
  /** Frames that left the decoder. */
  frames: number;
  /** Frames that got a label event. */
  labelled: number;
  /** Frames dropped by the keep-newest queue. */
  drops: number;
  /** Frame leaving the decoder → its label emitted, in ms (includes queue wait and the model's delay). */
  latencyP50: number;
  latencyP99: number;
  /** Newest frame leaving the decoder → the label it triggered, in ms: framewise's own work per frame. */
  processingP50: number;
  processingP99: number;
}

/** How many recent latency samples the percentiles are computed over (a bounded window: runs are unbounded). */
const WINDOW = 8192;

/** A fixed-size window of recent samples. */
class SampleWindow {
  /** [WINDOW] recent samples, ring-ordered. */
  private readonly values = new Float64Array(WINDOW);
  private count = 0;
  add(v: number): void {
    this.values[this.count % WINDOW] = v;
    this.count++;
  }
  percentile(p: number): number {
    const n = Math.min(this.count, WINDOW);
    if (n === 0) return 0;
    const sorted = this.values.slice(0, n).sort();
    const i = Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1));
    return sorted[i];
  }
}

/** Live counters shared by the pipeline stages; read at any time, e.g. on SIGINT. */
export class LiveStats {
  frames = 0;
  labelled = 0;
  /** The keep-newest queue's counters (dropped = frames dropped). */
  readonly queue: QueueCounters = createQueueCounters();
  private readonly latency = new SampleWindow();
  private readonly processing = new SampleWindow();

  get drops(): number {
    return this.queue.dropped;
  }

  recordLatency(frameToLabelMs: number, processingMs: number): void {
    this.labelled++;
    this.latency.add(frameToLabelMs);
    this.processing.add(processingMs);
  }

  summary(): LiveSummary {
    const r = (x: number): number => Math.round(x * 1000) / 1000;
    return {
      frames: this.frames,
      labelled: this.labelled,
      drops: this.drops,
      latencyP50: r(this.latency.percentile(50)),
      latencyP99: r(this.latency.percentile(99)),
      processingP50: r(this.processing.percentile(50)),
      processingP99: r(this.processing.percentile(99)),
    };
  }
}

/** The one-line summary printed to stderr when a live run stops. */
export function formatSummary(s: LiveSummary): string {
  return (
    `framewise live: ${s.frames} frames, ${s.labelled} labelled, ${s.drops} dropped; ` +
    `latency p50 ${s.latencyP50.toFixed(1)} ms, p99 ${s.latencyP99.toFixed(1)} ms ` +
    `(processing p50 ${s.processingP50.toFixed(2)} ms, p99 ${s.processingP99.toFixed(2)} ms)`
  );
}
