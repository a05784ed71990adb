import type { LabelRegistry } from './labelRegistry.js';

/**
 * The hidden Markov model the segment decoder runs (docs/segments.md), built from a label registry. Labels are
 * grouped into units that share one chain of phases counting the frames of a segment, so that its length has the
 * unit's duration prior: the in-shot labels form one unit, the shot (whether the camera moves changes the label, not
 * how long the shot has lasted), every other label is a unit of its own.
 *
 * State (phase i, member m) of a unit holds frame i + 1 of its segment, labelled m; the last phase holds every frame
 * from there on (the tail, where the prior is geometric). From phase i a segment either goes on to the next phase
 * (`cont`; in the tail it stays), keeping its label or changing to another member of the unit (the `succession`
 * weight of the two), or ends (`exit`); a segment of another unit starts in phase 0 with label k after the end of a
 * segment of a label that k may follow, with the succession's weight. All numbers are natural-log weights, already
 * multiplied by their tuning weights; -Infinity forbids. The network's scores weigh each frame (SegmentDecoder).
 */
export interface SegmentModel {
  labels: readonly string[];
  /** Units of labels that share a duration chain: their labels, first state and phases. State = offset + phase × members + member. */
  units: ReadonlyArray<{ members: Int32Array; offset: number; phases: number }>;
  /** Unit of each label. */
  unitOf: Int32Array;
  /** Label of each state. */
  labelOf: Int32Array;
  /** Per state: log weight of going on to the next phase (the tail: of staying in it). */
  cont: Float64Array;
  /** Per state: log weight of the segment ending after this frame. */
  exit: Float64Array;
  /** Per label: log weight of opening the stream with it (-Infinity for point labels). */
  start: Float64Array;
  /**
   * [from × labels + to]: log weight of a segment of `to` right after one of `from`, -Infinity when the registry does
   * not allow it. Within a unit: the weight of changing label from one frame to the next.
   */
  succession: Float64Array;
  /** Per label: the labels of other units whose segments it may follow. */
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
  /** Log weight (≤ 0) of a change of label within a unit (still ↔ motion inside a shot), which truth cannot count. */
  changeWeight: number;
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
  const inShot = labels.flatMap((l, k) => (registry.role(l) === 'in-shot' ? [k] : []));
  const groups: number[][] = [];
  labels.forEach((l, k) => {
    if (registry.role(l) !== 'in-shot') groups.push([k]);
    else if (k === inShot[0]) groups.push(inShot);
  });
  const chains = groups.map((members): Chain => {
    const infos = members.map((k) => registry.info(labels[k]));
    // A point label is one frame, a change from the frame before, whatever else is said about it.
    if (infos[0].role === 'point') return { cont: [-Infinity], exit: [0] };
    const min = Math.max(1, Math.min(...infos.map((i) => i.minFrames)));
    // A unit's segments are its members' segments: in truth two in-shot labels never follow each other.
    const counts = new Map<number, number>();
    for (const i of infos) for (const [d, n] of i.stats?.lengths ?? []) counts.set(d, (counts.get(d) ?? 0) + n);
    return counts.size > 0 ? countedChain([...counts], min, p) : flatChain(min);
  });
  const unitOf = new Int32Array(L);
  let states = 0;
  const units = groups.map((members, u) => {
    for (const k of members) unitOf[k] = u;
    const unit = { members: Int32Array.from(members), offset: states, phases: chains[u].cont.length };
    states += unit.phases * members.length;
    return unit;
  });
  const labelOf = new Int32Array(states);
  const cont = new Float64Array(states);
  const exit = new Float64Array(states);
  units.forEach((unit, u) => {
    const m = unit.members.length;
    for (let i = 0; i < unit.phases; i++) {
      for (let j = 0; j < m; j++) {
        const s = unit.offset + i * m + j;
        labelOf[s] = unit.members[j];
        cont[s] = p.durationWeight * chains[u].cont[i];
        exit[s] = p.durationWeight * chains[u].exit[i];
      }
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
      // Nor does a change within a unit (the camera starts or stops moving): that is no edit, and truth made by
      // cutting shots together never has one to count.
      const within = unitOf[j] === unitOf[k];
      const free = counted === 0 || frames[k] === 0 || within;
      const share = free ? 1 : (1 - p.successionSmoothing) * ((counts[labels[k]] ?? 0) / counted) + p.successionSmoothing / allowed.length;
      // A change within a unit is no new segment of the unit: no share divided out for it.
      succession[j * L + k] = within ? p.changeWeight : p.successionWeight * Math.log(share) + rarity[k];
      if (!within) predecessors[k].push(j);
    }
  });
  // A unit with nowhere to go after it (a set of point labels only) may last: the decoder never dead-ends.
  units.forEach((unit) => {
    const tail = unit.offset + (unit.phases - 1) * unit.members.length;
    const leaves = [...unit.members].some((j) => labels.some((_, k) => unitOf[k] !== unitOf[j] && succession[j * L + k] > -Infinity));
    if (!leaves) for (let s = tail; s < tail + unit.members.length; s++) if (cont[s] === -Infinity) cont[s] = 0;
  });
  // A point label is a change from the frame before: the first frame of a stream cannot be one.
  const start = Float64Array.from(labels, (l, k) => (registry.role(l) === 'point' ? -Infinity : rarity[k]));
  if (start.every((w) => w === -Infinity)) start.fill(0);
  return { labels, units, unitOf, labelOf, cont, exit, start, succession, predecessors: predecessors.map((q) => Int32Array.from(q)) };
}
