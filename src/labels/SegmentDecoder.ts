import type { LabelEvent, Segment } from '../types.js';
import { DEFAULT_LABEL_REGISTRY } from './defaultLabels.js';
import { LabelRegistry } from './labelRegistry.js';
import { segmentModel, type SegmentModel, type SegmentModelParams } from './segmentModel.js';

export interface SegmentDecoderOptions {
  /**
   * The label set whose grammar and priors apply (roles, successors, minimum lengths, segment statistics). Default:
   * the default label set's registry. Labels the events carry beyond it take the defaults of unknown labels; one
   * first seen after the first frame ends the decoding so far (its segments come out) and decoding starts again
   * with it (a model's events name every label from the first frame on, so this is for hand-made events).
   */
  registry?: LabelRegistry;
  /**
   * Frames after which a frame's label is final at the latest (default `DEFAULT_SEGMENT_DECODING.maxLag`): should the
   * best paths not have met by then, the decoder keeps the best path's label for that frame and drops every path
   * that disagrees. A segment comes out once the label of the frame after it is final.
   */
  maxLag?: number;
  /** Tuning of the priors and the search; each field defaults to `DEFAULT_SEGMENT_DECODING`'s. */
  decoding?: Partial<SegmentDecoding>;
}

/** The decoder's numbers (docs/segments.md says how each was chosen). */
export interface SegmentDecoding extends SegmentModelParams {
  maxLag: number;
  /** A label's probability counts as at least this much (a one-hot score must not cost infinitely much to overrule). */
  scoreFloor: number;
  /** Paths whose log weight is further than this below the best are dropped (Viterbi beam; Infinity: exact). */
  beam: number;
}

export const DEFAULT_SEGMENT_DECODING: Readonly<SegmentDecoding> = Object.freeze({
  durationWeight: 1.5,
  successionWeight: 1.5,
  shareWeight: 1.25,
  durationSmoothing: 0.05,
  successionSmoothing: 0.05,
  phases: 16,
  changeWeight: -3,
  maxLag: 50,
  scoreFloor: 1e-12,
  beam: 30,
});

/** A segment of a path: its label from `start` (an index in the stream) to the start of the next node on the path. */
class PathNode {
  constructor(
    readonly label: number,
    readonly start: number,
    public parent: PathNode | null,
    readonly depth: number,
    public seen = -1,
  ) {}
}

/** The final segment being extended, and the sum of its label's probability over its frames. */
interface OpenSegment {
  label: number;
  first: LabelEvent;
  last: LabelEvent;
  frames: number;
  sum: number;
}

/**
 * Label events → segments by fixed-lag Viterbi decoding over a label grammar with duration priors (docs/segments.md).
 * Each frame's `scores` weigh every label; the registry says which label may follow which (`successors`), how long
 * a segment of each label usually lasts and which successions are common (`stats`), and the shortest a segment may
 * be (`minFrames`); a point label (`cut`) is one frame and never opens a stream. The decoder keeps, for every label
 * and phase of its segment, the best labelling of the frames so far that ends there; a frame's label is final as soon
 * as all of them agree on it, and at the latest `maxLag` frames later. push() returns the segments that became final
 * (a segment is final once the label of the frame after it is); flush() decides the rest and starts over.
 * A segment's score is the mean probability of its label over its frames; start_time/end_time are the times of its
 * first and last (inclusive) frames.
 */
export class SegmentDecoder {
  private readonly baseRegistry: LabelRegistry;
  private readonly tuning: SegmentDecoding;
  private model: SegmentModel | null = null;
  private index = new Map<string, number>();
  /** Per state: the best log weight of a labelling of the frames so far ending in it, and its path. */
  private score = new Float64Array(0);
  private next = new Float64Array(0);
  private node: Array<PathNode | null> = [];
  private nextNode: Array<PathNode | null> = [];
  /** Events not yet final, from index `finalThrough + 1`. */
  private pending: LabelEvent[] = [];
  /** Index in the stream of the next event. */
  private count = 0;
  /** Frames up to this index have their final label. */
  private finalThrough = -1;
  private open: OpenSegment | null = null;
  private visit = 0;
  /** Per label: the best exit weight and its node, this frame. */
  private exitScore = new Float64Array(0);
  private exitNode: Array<PathNode | null> = [];
  private emission = new Float64Array(0);
  /** agreedThrough's working lists, kept between frames so that a frame allocates none. */
  private readonly live: PathNode[] = [];
  private readonly level: Array<PathNode | null> = [];

  constructor(opts: SegmentDecoderOptions = {}) {
    this.baseRegistry = opts.registry ?? DEFAULT_LABEL_REGISTRY;
    this.tuning = { ...DEFAULT_SEGMENT_DECODING, ...opts.decoding };
    if (opts.maxLag !== undefined) this.tuning.maxLag = opts.maxLag;
    if (!(this.tuning.maxLag >= 1) || !Number.isInteger(this.tuning.maxLag)) throw new RangeError(`maxLag must be a whole number of frames ≥ 1, got ${this.tuning.maxLag}`);
  }

  /** The labels decoded (the registry's, then those the first event carried beyond them); empty before the first push. */
  get labels(): readonly string[] {
    return this.model?.labels ?? [];
  }

  /** Index (0-based, in push order) of the last frame whose label is final. */
  get finalIndex(): number {
    return this.finalThrough;
  }

  push(ev: LabelEvent): Segment[] {
    const before = this.model !== null && this.bringsNewLabel(ev) ? this.flush() : [];
    const model = this.model ?? this.begin(ev);
    const t = this.count++;
    this.pending.push(ev);
    this.weigh(ev);
    if (t === 0) this.first(model);
    else this.step(model, t);
    this.dropBelowBeam();
    const settled = this.settle(t);
    return before.length === 0 ? settled : [...before, ...settled];
  }

  /** Whether `ev` names a label the decoding so far does not know. */
  private bringsNewLabel(ev: LabelEvent): boolean {
    if (!this.index.has(ev.label)) return true;
    for (const k in ev.scores) if (!this.index.has(k)) return true;
    return false;
  }

  flush(): Segment[] {
    const out: Segment[] = [];
    if (this.model && this.count > 0) {
      let best = -1;
      for (let s = 0; s < this.score.length; s++) if (this.score[s] > -Infinity && (best < 0 || this.score[s] > this.score[best])) best = s;
      this.emitThrough(this.node[best]!, this.count - 1, out);
      if (this.open) out.push(this.close(this.open));
    }
    this.model = null;
    this.pending = [];
    this.count = 0;
    this.finalThrough = -1;
    this.open = null;
    return out;
  }

  /** The model for the registry's labels plus any the first event carries beyond them. */
  private begin(ev: LabelEvent): SegmentModel {
    const base = this.baseRegistry;
    const labels = [...base.labels];
    for (const l of [...Object.keys(ev.scores), ev.label]) if (!labels.includes(l)) labels.push(l);
    const registry = labels.length === base.labels.length ? base : new LabelRegistry(labels, Object.fromEntries(labels.map((l) => [l, base.info(l)])));
    const model = segmentModel(registry, this.tuning);
    this.model = model;
    this.index = new Map(labels.map((l, i) => [l, i]));
    const S = model.labelOf.length;
    const L = labels.length;
    this.score = new Float64Array(S);
    this.next = new Float64Array(S);
    this.node = new Array<PathNode | null>(S).fill(null);
    this.nextNode = new Array<PathNode | null>(S).fill(null);
    this.exitScore = new Float64Array(L);
    this.exitNode = new Array<PathNode | null>(L).fill(null);
    this.emission = new Float64Array(L);
    return model;
  }

  /** log max(p, floor) of every label for this frame. */
  private weigh(ev: LabelEvent): void {
    const floor = this.tuning.scoreFloor;
    const labels = this.model!.labels;
    const emission = this.emission;
    for (let k = 0; k < labels.length; k++) {
      const p = probability(ev, labels[k]);
      emission[k] = Math.log(p > floor ? p : floor);
    }
  }

  private first(model: SegmentModel): void {
    this.score.fill(-Infinity);
    this.node.fill(null);
    for (const unit of model.units) {
      unit.members.forEach((k, j) => {
        if (model.start[k] === -Infinity) return;
        const s = unit.offset + j;
        this.score[s] = model.start[k] + this.emission[k];
        this.node[s] = new PathNode(k, 0, null, 0);
      });
    }
  }

  private step(model: SegmentModel, t: number): void {
    const L = model.labels.length;
    const { score, node, next, nextNode, exitScore, exitNode, emission } = this;
    const { exit, labelOf, cont, succession, predecessors } = model;
    exitScore.fill(-Infinity);
    for (let s = 0; s < score.length; s++) {
      const w = score[s] + exit[s];
      const j = labelOf[s];
      if (w > exitScore[j]) {
        exitScore[j] = w;
        exitNode[j] = node[s];
      }
    }
    for (const unit of model.units) {
      const { members, offset: o, phases: n } = unit;
      const m = members.length;
      // Phases 1 … n-1 come from the phase before, keeping the label or changing to another of the unit; the tail
      // (the last phase) may also stay. With one phase, phase 0 is the tail.
      for (let i = n - 1; i >= 0; i--) {
        for (let b = 0; b < m; b++) {
          const k = members[b];
          let w = -Infinity;
          let src = -1;
          // From the phase before (none for phase 0), and for the tail from itself.
          const lo = i > 0 ? i - 1 : 0;
          const hi = i === n - 1 ? i : i - 1;
          for (let from = lo; from <= hi; from++) {
            for (let a = 0; a < m; a++) {
              const st = o + from * m + a;
              const v = score[st] + cont[st] + (a === b ? 0 : succession[members[a] * L + k]);
              if (v > w || (v === w && v > -Infinity && a === b)) {
                w = v;
                src = st;
              }
            }
          }
          // Phase 0 also opens a new segment after the best allowed predecessor's end.
          let parent: PathNode | null = null;
          if (i === 0) {
            const before = predecessors[k];
            for (let q = 0; q < before.length; q++) {
              const j = before[q];
              const v = exitScore[j] + succession[j * L + k];
              if (v > w) {
                w = v;
                src = -1;
                parent = exitNode[j];
              }
            }
          }
          const s = o + i * m + b;
          next[s] = w + emission[k];
          if (w === -Infinity) nextNode[s] = null;
          else if (src < 0) nextNode[s] = new PathNode(k, t, parent, parent!.depth + 1);
          else if (labelOf[src] === k) nextNode[s] = node[src];
          else nextNode[s] = new PathNode(k, t, node[src], node[src]!.depth + 1);
        }
      }
    }
    this.score = next;
    this.next = score;
    this.node = nextNode;
    this.nextNode = node;
  }

  /** The state with the best score. */
  private best(): number {
    const { score } = this;
    let best = 0;
    for (let s = 1; s < score.length; s++) if (score[s] > score[best]) best = s;
    return best;
  }

  /** Drops the paths too far below the best (the beam). */
  private dropBelowBeam(): void {
    const { score, node } = this;
    const floor = score[this.best()] - this.tuning.beam;
    for (let s = 0; s < score.length; s++) {
      if (score[s] < floor) {
        score[s] = -Infinity;
        node[s] = null;
      }
    }
  }

  /** Drops the paths whose segment at index `target` is not the best path's (the lag bound). */
  private keepBestAt(target: number): void {
    const { score, node } = this;
    const keep = covering(node[this.best()]!, target);
    for (let s = 0; s < score.length; s++) {
      if (node[s] !== null && covering(node[s]!, target) !== keep) {
        score[s] = -Infinity;
        node[s] = null;
      }
    }
  }

  /** The last index on which every live path agrees. */
  private agreedThrough(t: number): number {
    const stamp = ++this.visit;
    const { live, level, node } = this;
    // The lists are filled up to `count`, never shortened: setting an array's length to 0 drops its storage, and
    // every frame would allocate it again. What lies past `count` is a few stale nodes, at most one per state.
    let count = 0;
    for (let s = 0; s < node.length; s++) {
      const n = node[s];
      if (n !== null && n.seen !== stamp) {
        n.seen = stamp;
        live[count++] = n;
      }
    }
    if (count === 1) return t;
    // The deepest common ancestor: lift every node to the shallowest depth, then all together until they meet. Paths
    // that began with different labels meet only above their first segments (null: before the first frame).
    let depth = Infinity;
    for (let i = 0; i < count; i++) depth = Math.min(depth, live[i].depth);
    for (let i = 0; i < count; i++) level[i] = ancestorAt(live[i], depth);
    while (!allSame(level, count)) for (let i = 0; i < count; i++) level[i] = level[i]!.parent;
    const common = level[0];
    // Paths agree until the first of them leaves the common segment.
    let agreed = t;
    for (let i = 0; i < count; i++) {
      const n = live[i];
      if (n === common) continue;
      let child = n;
      while (child.parent !== common) child = child.parent!;
      // `child` is the first segment of this path after the common one.
      agreed = Math.min(agreed, child.start - 1);
    }
    return agreed;
  }

  /**
   * Emits what became final; cuts the paths' history before the first frame not yet final. Paths that have not met
   * within maxLag frames are first cut down to those that agree with the best one there.
   */
  private settle(t: number): Segment[] {
    let through = this.agreedThrough(t);
    const target = t - this.tuning.maxLag;
    if (through < target && target > this.finalThrough) {
      this.keepBestAt(target);
      through = this.agreedThrough(t);
    }
    if (through <= this.finalThrough) return [];
    const out: Segment[] = [];
    const ref = this.node.find((n) => n !== null)!;
    this.emitThrough(ref, through, out);
    return out;
  }

  /** Labels frames finalThrough+1 … through from the path ending in `tip`, extending or closing the open segment. */
  private emitThrough(tip: PathNode, through: number, out: Segment[]): void {
    const chain: PathNode[] = [];
    for (let n: PathNode | null = tip; n !== null; n = n.parent) {
      chain.push(n);
      if (n.start <= this.finalThrough + 1) break;
    }
    chain.reverse();
    let c = 0;
    for (let i = this.finalThrough + 1; i <= through; i++) {
      while (c + 1 < chain.length && chain[c + 1].start <= i) c++;
      const label = chain[c].label;
      const ev = this.pending[i - this.finalThrough - 1];
      const p = probability(ev, this.model!.labels[label]);
      const o = this.open;
      if (o && o.label === label) {
        o.last = ev;
        o.frames++;
        o.sum += p;
      } else {
        if (o) out.push(this.close(o));
        this.open = { label, first: ev, last: ev, frames: 1, sum: p };
      }
    }
    // Every path shares the node that covers `through`: what came before it is decided.
    chain[c].parent = null;
    this.pending.splice(0, through - this.finalThrough);
    this.finalThrough = through;
  }

  private close(o: OpenSegment): Segment {
    return {
      label: this.model!.labels[o.label],
      start: o.first.frame,
      end: o.last.frame,
      start_time: o.first.time,
      end_time: o.last.time,
      score: o.sum / o.frames,
    };
  }
}

/** The probability an event gives `label` (the winning label's score when `scores` lacks it). */
function probability(ev: LabelEvent, label: string): number {
  const p = ev.scores[label];
  // (A record may inherit Object's members: only a number is a score.)
  if (typeof p === 'number') return p;
  return ev.label === label ? ev.score : 0;
}

/** Whether the first `count` nodes are one. */
function allSame(nodes: ReadonlyArray<PathNode | null>, count: number): boolean {
  for (let i = 1; i < count; i++) if (nodes[i] !== nodes[0]) return false;
  return true;
}

function ancestorAt(n: PathNode, depth: number): PathNode {
  let a = n;
  while (a.depth > depth) a = a.parent!;
  return a;
}

/** The node of `n`'s path whose segment holds index `i`. */
function covering(n: PathNode, i: number): PathNode {
  let a = n;
  while (a.start > i) a = a.parent!;
  return a;
}
