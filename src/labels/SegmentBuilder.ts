import type { LabelEvent, Segment } from '../types.js';
import { DEFAULT_LABEL_REGISTRY } from './defaultLabels.js';
import type { LabelRegistry } from './labelRegistry.js';

export interface SegmentBuilderOptions {
  /**
   * The label set whose rules (gradual and point labels, minimum lengths, successors) apply; each option below
   * overrides its part. Default: the default label set's registry.
   */
  registry?: LabelRegistry;
  /** Merge adjacent fragments of different gradual labels into one event (default true). */
  mergeGradual?: boolean;
  /** Labels of multi-frame transitions (default: the registry's gradual labels). */
  gradualLabels?: readonly string[];
  /** Shortest run (frames) a label may form on its own; unnamed labels: 1. Default: the registry's minFrames. */
  minFrames?: Record<string, number>;
  /**
   * Single-frame events that mark a change from the frame before (default: the registry's point labels, `cut`): they
   * never absorb a short neighbour, and never open a stream (its first frame has nothing before it).
   */
  pointLabels?: readonly string[];
  /**
   * Labels whose segment must be followed by a segment of another label, else it is absorbed like a too-short one;
   * at the end of the stream it stands. Default: the registry's followedBy (fade_out → black).
   */
  followedBy?: Record<string, string>;
  /** A run of a key label directly followed by a frame of its value label becomes part of that label. Default: the registry's joinsNext (cut → black). */
  joinsNext?: Record<string, string>;
}

/** A run of frames being built; `sums` adds up every label's probability so any label's mean is at hand. */
interface Run {
  label: string;
  start: number;
  end: number;
  startTime: number;
  endTime: number;
  n: number;
  /** Sum over the run's frames of each label's probability. */
  sums: Map<string, number>;
  /** Frames per originally winning label (decides the dominant label of merged gradual fragments). */
  counts: Map<string, number>;
}

function addTo(m: Map<string, number>, k: string, v: number): void {
  m.set(k, (m.get(k) ?? 0) + v);
}

/**
 * Turns per-frame labels into segments, incrementally. Four stages, each deterministic:
 * 1. Runs: consecutive frames with the same label form a run; a run that joins its successor (joinsNext: a cut
 *    followed by black) takes the successor's label and goes on.
 * 2. Gradual grouping (mergeGradual): consecutive runs of gradual labels form one group, labelled by
 *    the gradual label with the most frames (the earliest of them on a tie).
 * 3. Minimum duration: a group shorter than its label's minFrames is absorbed by the segment before it
 *    (which keeps its label), unless that segment is a point label (`cut`) or there is none: then it is
 *    absorbed by the segment after it (a short group with nothing after it stays as it is). A point label
 *    at the start of the stream counts as too short. Neighbours that end up with the same label, or
 *    (mergeGradual) both gradual, join into one segment.
 * 4. Successors: a segment whose label must be followed by another (followedBy: a fade out by black) and is
 *    followed by something else is absorbed in the same way; the segment before it waits for that decision.
 * A segment's score is the mean probability of its label over all its frames (for an unmerged run: the
 * mean winning probability). start_time/end_time are the times of its first and last (inclusive) frames.
 * push() returns the segments that became final — a segment is final once the group after it has closed
 * too, since that group could still be absorbed into it —; flush() returns the rest and starts over.
 */
export class SegmentBuilder {
  private readonly mergeGradual: boolean;
  private readonly gradual: Set<string>;
  private readonly minFrames: Record<string, number>;
  private readonly point: Set<string>;
  private readonly followedBy: Map<string, string>;
  private readonly joinsNext: Map<string, string>;
  /** The run of identical labels being extended. */
  private run: Run | null = null;
  /** The group (a run, or consecutive gradual runs) waiting for its successor to close. */
  private group: Run | null = null;
  /** The segment that may still absorb or merge what follows. */
  private open: Run | null = null;
  /** A too-short group with nothing before it that may absorb it (start of stream, or a cut before it). */
  private pending: Run | null = null;
  /** The segment before an open one whose successor is still to be checked (followedBy); it may absorb it. */
  private held: Run | null = null;

  constructor(opts: SegmentBuilderOptions = {}) {
    const rules = (opts.registry ?? DEFAULT_LABEL_REGISTRY).segmentRules();
    this.mergeGradual = opts.mergeGradual ?? true;
    this.gradual = new Set(opts.gradualLabels ?? rules.gradualLabels);
    this.minFrames = { ...(opts.minFrames ?? rules.minFrames) };
    this.point = new Set(opts.pointLabels ?? rules.pointLabels);
    this.followedBy = new Map(Object.entries(opts.followedBy ?? rules.followedBy));
    this.joinsNext = new Map(Object.entries(opts.joinsNext ?? rules.joinsNext));
  }

  push(ev: LabelEvent): Segment[] {
    const run = this.run;
    if (run && (run.label === ev.label || this.joinsNext.get(run.label) === ev.label)) {
      run.label = ev.label;
      run.end = ev.frame;
      run.endTime = ev.time;
      run.n++;
      this.addScores(run, ev);
      return [];
    }
    const closed = run ? this.closeRun(run) : [];
    const next: Run = {
      label: ev.label,
      start: ev.frame,
      end: ev.frame,
      startTime: ev.time,
      endTime: ev.time,
      n: 1,
      sums: new Map(),
      counts: new Map(),
    };
    this.addScores(next, ev);
    this.run = next;
    return closed;
  }

  flush(): Segment[] {
    const out: Segment[] = [];
    if (this.run) out.push(...this.closeRun(this.run));
    if (this.group) out.push(...this.closeGroup(this.group));
    const o = this.open;
    const p = this.pending;
    if (o && p && o.label === p.label) this.merge(o, p, o.label);
    if (this.held) out.push(toSegment(this.held));
    if (o) out.push(toSegment(o));
    // Nothing came after it: the short group stands alone.
    if (p && !(o && o.label === p.label)) out.push(toSegment(p));
    this.run = null;
    this.group = null;
    this.open = null;
    this.pending = null;
    this.held = null;
    return out;
  }

  private addScores(run: Run, ev: LabelEvent): void {
    let hasWinner = false;
    for (const k in ev.scores) {
      addTo(run.sums, k, ev.scores[k]);
      if (k === ev.label) hasWinner = true;
    }
    if (!hasWinner) addTo(run.sums, ev.label, ev.score);
    addTo(run.counts, ev.label, 1);
  }

  private closeRun(run: Run): Segment[] {
    this.run = null;
    const g = this.group;
    if (g && this.bothGradual(g, run)) {
      this.merge(g, run, null);
      return [];
    }
    const out = g ? this.closeGroup(g) : [];
    this.group = run;
    return out;
  }

  private closeGroup(closed: Run): Segment[] {
    this.group = null;
    let g = closed;
    if (this.pending) {
      // A short group waiting for a successor is absorbed by it.
      const p = this.pending;
      this.pending = null;
      this.merge(p, g, this.bothGradual(p, g) ? null : g.label);
      g = p;
      if (this.isShort(g)) {
        this.pending = g;
        return [];
      }
    } else if (this.isShort(g)) {
      if (!this.open || this.point.has(this.open.label)) {
        this.pending = g;
        return [];
      }
      this.merge(this.open, g, this.open.label);
      return [];
    }
    return this.settle(g);
  }

  /**
   * A group long enough to stand meets the open segment: they join, or the open one is final (or stray). With none
   * open, the stream starts here, and a point label (a change from the frame before) waits to be absorbed.
   */
  private settle(g: Run): Segment[] {
    const o = this.open;
    if (!o && this.point.has(g.label)) {
      this.pending = g;
      return [];
    }
    if (o && (g.label === o.label || this.bothGradual(o, g))) {
      this.merge(o, g, g.label === o.label ? o.label : null);
      return [];
    }
    if (o && this.followedBy.has(o.label) && this.followedBy.get(o.label) !== g.label) return this.absorbStray(o, g);
    const out = this.held ? [toSegment(this.held)] : [];
    this.held = null;
    if (o && this.followedBy.has(g.label)) this.held = o;
    else if (o) out.push(toSegment(o));
    this.open = g;
    return out;
  }

  /** The open segment `o` is not followed as it must be (by `g`): absorbed as a too-short group would be. */
  private absorbStray(o: Run, g: Run): Segment[] {
    const h = this.held;
    this.held = null;
    this.open = h;
    if (h && !this.point.has(h.label)) {
      this.merge(h, o, h.label);
      return this.settle(g);
    }
    this.merge(o, g, g.label);
    return this.settle(o);
  }

  private bothGradual(a: Run, b: Run): boolean {
    return this.mergeGradual && this.gradual.has(a.label) && this.gradual.has(b.label);
  }

  private isShort(r: Run): boolean {
    return r.n < (this.minFrames[r.label] ?? 1);
  }

  /** Appends b to a (b follows a). label null: the dominant gradual label of the result. */
  private merge(a: Run, b: Run, label: string | null): void {
    a.end = b.end;
    a.endTime = b.endTime;
    a.n += b.n;
    for (const [k, v] of b.sums) addTo(a.sums, k, v);
    for (const [k, v] of b.counts) addTo(a.counts, k, v);
    if (label !== null) {
      a.label = label;
      return;
    }
    // Map order is first appearance, so a tie goes to the earliest label.
    let best = a.label;
    let bestCount = -1;
    for (const [k, v] of a.counts) {
      if (this.gradual.has(k) && v > bestCount) {
        best = k;
        bestCount = v;
      }
    }
    a.label = best;
  }
}

function toSegment(r: Run): Segment {
  return {
    label: r.label,
    start: r.start,
    end: r.end,
    start_time: r.startTime,
    end_time: r.endTime,
    score: (r.sums.get(r.label) ?? 0) / r.n,
  };
}
