import type { LabelRegistry } from './labelRegistry.js';

/**
 * The hidden Markov model the segment decoder runs (docs/segments.md), built from a label registry: every label is
 * a chain of phases that counts the frames of its segment, so that a segment's length has the label's duration
 * prior, and a segment may only be followed by the registry's successors of its label.
 *
 * Phase i (0-based) of a label holds a segment's frame i + 1; the last phase holds every frame from there on (the
 * tail, where the prior is geometric). From phase i a segment either goes on (`cont`, or `stay` in the tail) or ends
 * (`exit`); a new segment of label k starts in k's phase 0 after the end of a segment of a label that k may follow,
 * with the succession's weight. All numbers are natural-log weights, already multiplied by their tuning weights;
 * -Infinity forbids. The network's scores weigh each frame (SegmentDecoder).
 */
export interface SegmentModel {
  labels: readonly string[];
  /** First state of each label. */
  offset: Int32Array;
  /** Phases of each label. */
  phases: Int32Array;
  /** Label of each state. */
  labelOf: Int32Array;
  /** Per state: log weight of going on to the next phase (the tail: of staying in it). */
  cont: Float64Array;
  /** Per state: log weight of the segment ending after this frame. */
  exit: Float64Array;
  /** Per label: log weight of opening the stream with it (-Infinity for point labels). */
  start: Float64Array;
  /** [from * labels + to]: log weight of the succession, -Infinity when the registry does not allow it. */
  succession: Float64Array;
  /** Per label: the labels it may follow. */
  predecessors: Int32Array[];
}

/** How the registry's statistics become priors (docs/segments.md says how each was chosen). */
export interface SegmentModelParams {
  /** Multiplies every duration log weight. */
  durationWeight: number;
  /** Multiplies every succession log weight. */
  successionWeight: number;
  /** Share of each duration prior spread as a geometric distribution of the same mean (lengths truth never had). */
  durationSmoothing: number;
  /** Share of each succession prior spread evenly over the allowed successors (successions truth never had). */
  successionSmoothing: number;
  /** Phases of a label with statistics: lengths up to this many frames have their own weight, longer ones the tail's. */
  phases: number;
  /**
   * How much of each label's share of frames in truth is divided out of the scores, once per segment (0: none, 1: all):
   * the network's scores are posteriors, which already weigh how common each label is.
   */
  shareWeight: number;
}

/** A label's duration prior as chain weights: per phase, log P(go on) and log P(end), natural units. */
interface Chain {
  cont: number[];
  exit: number[];
}

/**
 * The chain of a label whose segments have `lengths` ([length, count]) at least `minFrames` long: P(d) is the
 * counted share mixed with a geometric distribution of the same mean, zero below minFrames; phase i ends a segment
 * with the hazard P(i+1) / P(D ≥ i+1), the tail with 1 / (1 + the mean frames left beyond it).
 */
function countedChain(lengths: ReadonlyArray<readonly [number, number]>, minFrames: number, p: SegmentModelParams): Chain {
  const total = lengths.reduce((a, [, n]) => a + n, 0);
  const mean = lengths.reduce((a, [d, n]) => a + d * n, 0) / total;
  const q = 1 / Math.max(1, mean);
  const counted = new Map(lengths.map(([d, n]) => [d, n / total]));
  const b = p.durationSmoothing;
  const prob = (d: number): number => (d < minFrames ? 0 : (1 - b) * (counted.get(d) ?? 0) + b * q * (1 - q) ** (d - 1));
  const n = Math.max(p.phases, minFrames);
  const chain: Chain = { cont: [], exit: [] };
  let survive = 1;
  for (let d = 1; d < n; d++) {
    const hazard = survive > 0 ? Math.min(1, prob(d) / survive) : 1;
    chain.exit.push(Math.log(hazard));
    chain.cont.push(Math.log(1 - hazard));
    survive -= prob(d);
  }
  // The tail: mean frames beyond n of the lengths ≥ n, counted part exactly, geometric part in closed form.
  let mass = b * (1 - q) ** (n - 1);
  let beyond = (mass * (1 - q)) / q;
  for (const [d, share] of counted) {
    if (d < n || d < minFrames) continue;
    mass += (1 - b) * share;
    beyond += (1 - b) * share * (d - n);
  }
  const rest = mass > 0 ? beyond / mass : 0;
  chain.cont.push(Math.log(rest / (rest + 1)));
  chain.exit.push(Math.log(1 / (rest + 1)));
  return chain;
}

/** A chain that prefers no length: free to go on or end from minFrames on. */
function flatChain(minFrames: number): Chain {
  const chain: Chain = { cont: [], exit: [] };
  for (let d = 1; d <= minFrames; d++) {
    chain.cont.push(0);
    chain.exit.push(d < minFrames ? -Infinity : 0);
  }
  return chain;
}

/** The decoder's model of the registry's labels. */
export function segmentModel(registry: LabelRegistry, p: SegmentModelParams): SegmentModel {
  const labels = registry.labels;
  const L = labels.length;
  const index = new Map(labels.map((l, i) => [l, i]));
  const chains = labels.map((label): Chain => {
    const info = registry.info(label);
    // A point label is one frame, a change from the frame before, whatever else is said about it.
    if (info.role === 'point') return { cont: [-Infinity], exit: [0] };
    const min = Math.max(1, info.minFrames);
    return info.stats && info.stats.lengths.length > 0 ? countedChain(info.stats.lengths, min, p) : flatChain(min);
  });
  const offset = new Int32Array(L);
  const phases = new Int32Array(L);
  let states = 0;
  chains.forEach((c, k) => {
    offset[k] = states;
    phases[k] = c.cont.length;
    states += c.cont.length;
  });
  const labelOf = new Int32Array(states);
  const cont = new Float64Array(states);
  const exit = new Float64Array(states);
  chains.forEach((c, k) => {
    for (let i = 0; i < c.cont.length; i++) {
      labelOf[offset[k] + i] = k;
      cont[offset[k] + i] = p.durationWeight * c.cont[i];
      exit[offset[k] + i] = p.durationWeight * c.exit[i];
    }
  });
  // The network's scores are posteriors: they already say how rare a label is, and the priors here say it again. The
  // label's share of frames in truth is divided out once per segment (its frames are one piece of evidence, not many).
  // Shares are only known when truth counted every label of the set (else: none divided out).
  const frames = labels.map((l) => (registry.info(l).stats?.lengths ?? []).reduce((a, [d, n]) => a + d * n, 0));
  const all = frames.reduce((a, b) => a + b, 0);
  const shared = frames.every((f) => f > 0);
  const rarity = frames.map((f) => (shared ? -p.shareWeight * Math.log(f / all) : 0));
  const succession = new Float64Array(L * L).fill(-Infinity);
  const predecessors: number[][] = labels.map(() => []);
  labels.forEach((from, j) => {
    const allowed = registry.successors(from).map((l) => index.get(l)!);
    const counts = registry.info(from).stats?.next ?? {};
    const counted = allowed.reduce((a, k) => a + (counts[labels[k]] ?? 0), 0);
    for (const k of allowed) {
      // Without counts (for this label, or for the next one: truth that never had it) a label prefers no successor.
      // Nor does a change between two in-shot labels (the camera starts or stops moving): that is no edit, and truth
      // made by cutting shots together never has one to count.
      const free = counted === 0 || frames[k] === 0 || (registry.role(from) === 'in-shot' && registry.role(labels[k]) === 'in-shot');
      const share = free ? 1 : (1 - p.successionSmoothing) * ((counts[labels[k]] ?? 0) / counted) + p.successionSmoothing / allowed.length;
      succession[j * L + k] = p.successionWeight * Math.log(share) + rarity[k];
      predecessors[k].push(j);
    }
  });
  // A label with nowhere to go after it (a set of point labels only) may last: the decoder never dead-ends.
  labels.forEach((_, j) => {
    const tail = offset[j] + phases[j] - 1;
    if (!labels.some((__, k) => succession[j * L + k] > -Infinity) && cont[tail] === -Infinity) cont[tail] = 0;
  });
  // A point label is a change from the frame before: the first frame of a stream cannot be one.
  const start = Float64Array.from(labels, (l, k) => (registry.role(l) === 'point' ? -Infinity : rarity[k]));
  if (start.every((w) => w === -Infinity)) start.fill(0);
  return { labels, offset, phases, labelOf, cont, exit, start, succession, predecessors: predecessors.map((q) => Int32Array.from(q)) };
}
