import { describe, expect, it } from 'vitest';
import { concat, from, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { DEFAULT_LABEL_REGISTRY } from '../src/labels/defaultLabels.js';
import { LabelRegistry } from '../src/labels/labelRegistry.js';
import { DEFAULT_SEGMENT_DECODING, SegmentDecoder, type SegmentDecoderOptions } from '../src/labels/SegmentDecoder.js';
import { segmentModel } from '../src/labels/segmentModel.js';
import { segmentsOf } from '../src/labels/segmentsOf.js';
import { toSegments } from '../src/labels/toSegments.js';
import type { LabelEvent, Segment } from '../src/types.js';
import { planEvents } from './helpers/labelPlan.js';

const FPS = 25;
const R25 = { num: FPS, den: 1 };
const LETTERS: Record<string, string> = {
  S: 'still',
  M: 'motion',
  C: 'cut',
  O: 'fade_out',
  B: 'black',
  I: 'fade_in',
  D: 'dissolve',
  W: 'wipe',
  F: 'freeze',
};

type Plan = Array<[string, number]>;

/** A frame whose scores are `scores` (the rest of the labels 0); its label is the most probable. */
function scored(frame: number, scores: Record<string, number>): LabelEvent {
  const [label, score] = Object.entries(scores).reduce((a, b) => (b[1] > a[1] ? b : a));
  return { frame, time: frame / FPS, label, score, scores };
}

/** Frames of soft scores: each entry is `n` frames of the same scores. */
function soft(spec: Array<[Record<string, number>, number]>): LabelEvent[] {
  const out: LabelEvent[] = [];
  for (const [scores, n] of spec) for (let i = 0; i < n; i++) out.push(scored(out.length, scores));
  return out;
}

/** One event per letter, its label certain (e.g. 'SSSCSS'). */
function events(pattern: string): LabelEvent[] {
  return [...pattern].map((ch, i) => scored(i, { [LETTERS[ch]]: 1 }));
}

function decode(evs: LabelEvent[], opts?: SegmentDecoderOptions): Segment[] {
  const d = new SegmentDecoder(opts);
  return [...evs.flatMap((e) => d.push(e)), ...d.flush()];
}

const brief = (segs: Array<{ label: string; start: number; end: number }>) => segs.map((s) => `${s.label}:${s.start}-${s.end}`);

/** The plan's own segments: a run per entry, merged where two entries share a label. */
function truthOf(plan: Plan): string[] {
  const out: Array<{ label: string; start: number; end: number }> = [];
  let at = 0;
  for (const [label, n] of plan) {
    const last = out.at(-1);
    if (last && last.label === label) last.end += n;
    else out.push({ label, start: at, end: at + n - 1 });
    at += n;
  }
  return brief(out);
}

const S: Record<string, number> = { still: 0.98, motion: 0.02 };
const M: Record<string, number> = { motion: 0.98, still: 0.02 };

/**
 * Edits the generator never made (or made only one way), each as exact per-frame truth. A fade to white or to any
 * colour is `black` in this label set: the colour changes the pixels, not the labels, so those patterns vary what is
 * around the solid frames instead.
 */
const PATTERNS: Record<string, Plan> = {
  'dip to black, 0 black frames (the fade out runs straight into the fade in)': [['still', 40], ['fade_out', 12], ['fade_in', 12], ['motion', 40]],
  'dip to black, 1 black frame': [['still', 40], ['fade_out', 12], ['black', 1], ['fade_in', 12], ['motion', 40]],
  'dip to black, 2 black frames': [['motion', 40], ['fade_out', 8], ['black', 2], ['fade_in', 15], ['still', 40]],
  'dip to black, 20 black frames': [['still', 40], ['fade_out', 12], ['black', 20], ['fade_in', 12], ['motion', 40]],
  'fade to white, held, hard cut out of it': [['still', 40], ['fade_out', 10], ['black', 6], ['cut', 1], ['motion', 40]],
  'hard cut into a colour, fade in from it': [['motion', 40], ['black', 9], ['fade_in', 18], ['still', 40]],
  'fade to a colour, one frame, hard cut out': [['motion', 40], ['fade_out', 25], ['black', 1], ['cut', 1], ['still', 30]],
  'fade out at the end of the video, into black': [['still', 40], ['fade_out', 15], ['black', 10]],
  'fade out at the end of the video, ending mid-fade': [['motion', 40], ['fade_out', 15]],
  'dissolve of 3 frames': [['still', 40], ['dissolve', 3], ['motion', 40]],
  'dissolve of 60 frames': [['motion', 40], ['dissolve', 60], ['still', 40]],
  'cut right after a dissolve': [['still', 40], ['dissolve', 12], ['cut', 1], ['motion', 40]],
  'cut one frame after a dissolve': [['still', 40], ['dissolve', 12], ['still', 1], ['cut', 1], ['motion', 40]],
  // A camera flash keeps the frame's label (fixtures/README.md), inside a dissolve too.
  'flash inside a dissolve': [['still', 40], ['dissolve', 20], ['motion', 40]],
  'wipe of 2 frames, freeze of 1 frame': [['motion', 40], ['wipe', 2], ['still', 10], ['freeze', 1], ['still', 20]],
  'a video that opens in black and fades in': [['black', 12], ['fade_in', 10], ['motion', 40]],
  'a short shot between two cuts': [['still', 30], ['cut', 1], ['motion', 2], ['cut', 1], ['still', 30]],
  'a dissolve into a freeze frame': [['motion', 40], ['dissolve', 12], ['freeze', 25], ['motion', 30]],
  'a freeze frame that ends with a cut': [['motion', 40], ['freeze', 20], ['cut', 1], ['still', 30]],
  'a shot that moves again for one frame after a freeze frame, then a cut': [['motion', 40], ['freeze', 9], ['motion', 1], ['cut', 1], ['still', 30]],
  // Camera footage: solid frames that end with no edit.
  'a lens covered for six frames, then uncovered': [['motion', 40], ['black', 6], ['motion', 40]],
  'a camera that starts on black frames': [['black', 3], ['still', 40]],
  'a fade in to a freeze frame, a wipe into another': [['black', 10], ['fade_in', 12], ['freeze', 25], ['wipe', 8], ['freeze', 20]],
};

describe('SegmentDecoder', () => {
  it('returns exact per-frame truth (one-hot scores) for every pattern', () => {
    for (const [name, plan] of Object.entries(PATTERNS)) {
      const evs = planEvents(plan, R25);
      expect({ name, segments: brief(decode(evs)) }).toEqual({ name, segments: truthOf(plan) });
    }
  });

  it('returns exact truth one frame at a time and in one piece, with frame times and mean scores', () => {
    const plan = PATTERNS['dip to black, 0 black frames (the fade out runs straight into the fade in)'];
    const evs = planEvents(plan, R25, 100);
    const segs = segmentsOf(evs);
    expect(brief(segs)).toEqual(['still:100-139', 'fade_out:140-151', 'fade_in:152-163', 'motion:164-203']);
    expect(segs[1].start_time).toBeCloseTo(140 / FPS, 9);
    expect(segs[1].end_time).toBeCloseTo(151 / FPS, 9);
    expect(segs.every((s) => s.score === 1)).toBe(true);
    const mixed = soft([[{ still: 0.5, motion: 0.3, cut: 0.2 }, 1], [{ still: 0.9, motion: 0.1 }, 4]]);
    const [only] = decode(mixed);
    expect(only).toMatchObject({ label: 'still', start: 0, end: 4, start_time: 0 });
    expect(only.score).toBeCloseTo((0.5 + 4 * 0.9) / 5, 9);
  });

  it('keeps a confident short event and drops a doubtful one', () => {
    expect(brief(decode(soft([[S, 30], [{ wipe: 0.99, still: 0.01 }, 3], [S, 30]])))).toEqual(['still:0-29', 'wipe:30-32', 'still:33-62']);
    expect(brief(decode(soft([[S, 30], [{ wipe: 0.55, still: 0.45 }, 4], [S, 30]])))).toEqual(['still:0-63']);
    expect(brief(decode(soft([[S, 30], [{ cut: 0.9, still: 0.1 }, 1], [S, 30]])))).toEqual(['still:0-29', 'cut:30-30', 'still:31-60']);
  });

  it('does not let a doubtful still frame split a dissolve, nor a flash read as black', () => {
    const D = { dissolve: 0.9, still: 0.1 };
    expect(brief(decode(soft([[S, 30], [D, 8], [{ still: 0.6, dissolve: 0.4 }, 1], [D, 8], [S, 30]])))).toEqual(['still:0-29', 'dissolve:30-46', 'still:47-76']);
    // Two frames of a flash the scores take for a solid frame: a dissolve cannot turn into black and back.
    expect(brief(decode(soft([[S, 30], [D, 8], [{ black: 0.6, dissolve: 0.35, still: 0.05 }, 2], [D, 8], [M, 30]])))).toEqual(['still:0-29', 'dissolve:30-47', 'motion:48-77']);
  });

  it('makes up no cut where a dissolve ends in a frozen picture', () => {
    // The last frame of the dissolve and the first of the freeze are in doubt; nothing says cut.
    const evs = soft([
      [M, 30],
      [{ dissolve: 0.9, motion: 0.1 }, 12],
      [{ dissolve: 0.32, motion: 0.32, still: 0.31, freeze: 0.045, cut: 0.005 }, 1],
      [{ still: 0.44, freeze: 0.38, motion: 0.16, cut: 0.001 }, 1],
      [{ freeze: 0.95, still: 0.05 }, 30],
    ]);
    expect(brief(decode(evs))).toEqual(['motion:0-29', 'dissolve:30-42', 'freeze:43-73']);
  });

  it('ends a freeze frame with the cut the network sees, though the counted freezes all resume their shot', () => {
    const F = { freeze: 0.95, motion: 0.05 };
    const cutAfter = (cut: Record<string, number>): string[] => brief(decode(soft([[M, 40], [F, 12], [cut, 1], [M, 30]])));
    expect(cutAfter({ cut: 0.85, motion: 0.15 })).toEqual(['motion:0-39', 'freeze:40-51', 'cut:52-52', 'motion:53-82']);
    expect(cutAfter({ motion: 0.6, cut: 0.3, freeze: 0.1 })).toEqual(['motion:0-39', 'freeze:40-51', 'motion:52-82']);
  });

  it('ends a fade out in black or a fade in, never in a shot', () => {
    const O = { fade_out: 0.7, still: 0.3 };
    expect(brief(decode(soft([[S, 30], [O, 8], [S, 30]])))).toEqual(['still:0-67']);
    expect(brief(decode(soft([[S, 30], [O, 8], [{ black: 0.95, fade_out: 0.05 }, 5], [{ cut: 0.9, black: 0.1 }, 1], [S, 30]])))).toEqual([
      'still:0-29',
      'fade_out:30-37',
      'black:38-42',
      'cut:43-43',
      'still:44-73',
    ]);
  });

  it('makes the first frame of a hard cut into black black, and never opens a stream with a cut', () => {
    expect(brief(decode(soft([[S, 30], [{ cut: 0.6, black: 0.35, still: 0.05 }, 1], [{ black: 0.95, cut: 0.05 }, 5], [{ cut: 0.9, black: 0.1 }, 1], [S, 30]])))).toEqual([
      'still:0-29',
      'black:30-35',
      'cut:36-36',
      'still:37-66',
    ]);
    expect(brief(decode(soft([[{ cut: 0.7, motion: 0.3 }, 1], [M, 30]])))).toEqual(['motion:0-30']);
    // Even when the scores give nothing else: the first frame has no frame before it to differ from.
    expect(decode(events('CMMMM'))[0]).toMatchObject({ label: 'motion', start: 0 });
  });

  it('gives the same segments pushed one at a time as decoded whole, and never takes a segment back', () => {
    const evs = noisy(PATTERNS['dip to black, 1 black frame'].concat(PATTERNS['cut right after a dissolve'], PATTERNS['dissolve of 3 frames']), 7);
    const d = new SegmentDecoder();
    const streamed: Segment[] = [];
    evs.forEach((e, i) => {
      for (const s of d.push(e)) {
        // A segment is only final once a later frame has been seen.
        expect(s.end).toBeLessThan(i);
        streamed.push(s);
      }
    });
    streamed.push(...d.flush());
    expect(streamed).toEqual(segmentsOf(evs));
    expect(brief(streamed)).not.toEqual([]);
  });

  it('finds the best labelling the grammar allows, as a full Viterbi pass over the whole sequence does', () => {
    const exact = { ...DEFAULT_SEGMENT_DECODING, beam: Infinity, maxLag: Number.MAX_SAFE_INTEGER };
    for (let seed = 1; seed <= 6; seed++) {
      const evs = noisy([...Object.values(PATTERNS).flat()], seed, 0.45);
      const reference = fullViterbi(evs);
      expect(perFrame(decode(evs, { decoding: exact }))).toEqual(reference);
      // The shipped beam and lag bound change nothing on such input.
      expect(perFrame(decode(evs))).toEqual(reference);
    }
  });

  it('decides every frame within maxLag frames, even when the scores never settle', () => {
    // A long stretch the scores cannot tell between dissolve and wipe: which one it was, only its end could say.
    const evs = soft([[S, 20], [{ dissolve: 0.49, wipe: 0.49, still: 0.02 }, 300], [M, 20]]);
    const lagOf = (maxLag: number): { worst: number; out: Segment[] } => {
      const d = new SegmentDecoder({ maxLag });
      let worst = 0;
      const out: Segment[] = [];
      evs.forEach((e, i) => {
        for (const s of d.push(e)) {
          out.push(s);
          // A segment comes out at the latest when the frame after it is final.
          expect(s.end).toBeGreaterThanOrEqual(i - maxLag - 1);
        }
        worst = Math.max(worst, i - d.finalIndex);
      });
      out.push(...d.flush());
      return { worst, out };
    };
    // Unbounded, the paths meet only at the end of the stretch.
    expect(lagOf(Number.MAX_SAFE_INTEGER).worst).toBeGreaterThanOrEqual(300);
    for (const maxLag of [3, 12, DEFAULT_SEGMENT_DECODING.maxLag]) {
      const { worst, out } = lagOf(maxLag);
      expect(worst).toBe(maxLag);
      expectValid(out, evs.length);
      expect(brief(out)).toEqual(['still:0-19', `${out[1].label}:20-319`, 'motion:320-339']);
    }
    expect(() => new SegmentDecoder({ maxLag: 0 })).toThrow(RangeError);
  });

  it('never makes a succession the registry forbids, covers every frame once, never repeats a label side by side', () => {
    let seed = 12345;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const keys = Object.keys(LETTERS);
    for (let trial = 0; trial < 40; trial++) {
      let pattern = '';
      while (pattern.length < 200) pattern += keys[Math.floor(rnd() * keys.length)].repeat(1 + Math.floor(rnd() * 8));
      const evs = [...pattern].map((ch, i) => scored(i, { [LETTERS[ch]]: 0.5 + rnd() * 0.5, [LETTERS[keys[Math.floor(rnd() * keys.length)]]]: rnd() * 0.5 }));
      expectValid(decode(evs), evs.length);
    }
  });

  it('starts over after flush', () => {
    const d = new SegmentDecoder();
    for (const e of events('SSC')) d.push(e);
    expect(brief(d.flush())).toEqual(['still:0-1', 'cut:2-2']);
    expect(d.flush()).toEqual([]);
    for (const e of events('CMM')) d.push(e);
    expect(brief(d.flush())).toEqual(['motion:0-2']);
  });

  it('takes its grammar and priors from the registry, and decodes labels beyond it as the registry decodes unknown labels', () => {
    const own = new LabelRegistry(['calm', 'flash', 'slide'], { flash: { role: 'point' }, slide: { role: 'gradual', minFrames: 3 } });
    // Every event carries every label's score, as a model's do: c, f, s a sure calm, flash, slide; w a doubtful slide.
    const sure = (label: string) => ({ ...Object.fromEntries(own.labels.map((l) => [l, 0.05])), [label]: 0.9 });
    const codes: Record<string, Record<string, number>> = { c: sure('calm'), f: sure('flash'), s: sure('slide'), w: { calm: 0.45, flash: 0.05, slide: 0.5 } };
    const evs = (code: string) => [...code].map((c, i) => scored(i, codes[c]));
    // A point label cannot open a stream; a doubtful run shorter than its minimum goes to a neighbour.
    expect(brief(decode(evs('fcccwwcccsssscc'), { registry: own }))).toEqual(['calm:0-8', 'slide:9-12', 'calm:13-14']);
    // With the default set's registry these labels mean nothing special: every run stands.
    expect(brief(decode(evs('fcccwwcccsssscc')))).toEqual(['flash:0-0', 'calm:1-3', 'slide:4-5', 'calm:6-8', 'slide:9-12', 'calm:13-14']);
  });
});

describe('SegmentDecoder, scores read by name', () => {
  it('reads a label the events do not score as 0, even one named like an Object member (the records are ordinary objects)', () => {
    const own = new LabelRegistry(['calm', 'flash', 'toString'], { flash: { role: 'point' } });
    const evs = [...'cccfccc'].map((c, i) => scored(i, c === 'f' ? { calm: 0.1, flash: 0.9 } : { calm: 0.9, flash: 0.1 }));
    const segs = decode(evs, { registry: own });
    expect(brief(segs)).toEqual(['calm:0-2', 'flash:3-3', 'calm:4-6']);
    expect(segs.every((s) => Number.isFinite(s.score))).toBe(true);
  });

  it('decodes labels named like Object members as any other unknown label', () => {
    const named = ['toString', '__proto__', 'constructor'];
    const evs = [...'aaabbbccc'].map((c, i) => scored(i, Object.fromEntries(named.map((l, k) => [l, 'abc'[k] === c ? 0.9 : 0.05]))));
    expect(brief(decode(evs))).toEqual(['toString:0-2', '__proto__:3-5', 'constructor:6-8']);
  });
});

describe('toSegments', () => {
  it('emits segments as they become final and the rest on completion', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ cold, expectObservable }) => {
      const evs = events('SSCSS');
      const values = Object.fromEntries(evs.map((e, i) => [String.fromCharCode(97 + i), e]));
      const segs = decode(evs);
      // Five frames are within the decoder's lag: everything arrives when the stream completes.
      expectObservable(cold('abcde|', values).pipe(toSegments())).toBe('-----(xyz|)', { x: segs[0], y: segs[1], z: segs[2] });
    });
  });

  it('passes errors through after emitting what was final', () => {
    const evs = planEvents([['still', 30], ['cut', 1], ['motion', 29]], R25);
    const got: Array<Segment | string> = [];
    concat(from(evs), throwError(() => new Error('decoder upstream failed')))
      .pipe(toSegments())
      .subscribe({ next: (s) => got.push(s), error: (err: Error) => got.push(err.message) });
    // The still shot and the cut are final before the stream fails; the motion shot never is.
    expect(got.map((x) => (typeof x === 'string' ? x : `${x.label}:${x.start}-${x.end}`))).toEqual(['still:0-29', 'cut:30-30', 'decoder upstream failed']);
  });
});

/** Per-frame labels of segments. */
function perFrame(segs: Segment[]): string[] {
  return segs.flatMap((s) => Array.from({ length: s.end - s.start + 1 }, () => s.label));
}

/** Deterministic soft scores around a plan's labels: the true label wins mostly, a random other label sometimes. */
function noisy(plan: Plan, seed: number, doubt = 0.3): LabelEvent[] {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const labels = DEFAULT_LABEL_REGISTRY.labels;
  return planEvents(plan, R25).map((e, i) => {
    const other = labels[Math.floor(rnd() * labels.length)];
    const p = 1 - rnd() * doubt * (rnd() < 0.2 ? 2 : 1);
    const scores: Record<string, number> = Object.fromEntries(labels.map((l) => [l, 0.01 / labels.length]));
    scores[e.label] += p;
    scores[other] += 1 - p;
    return scored(i, scores);
  });
}

/** Checks segments tile [0, frames) and follow the default registry's grammar. */
function expectValid(segs: Segment[], frames: number): void {
  const r = DEFAULT_LABEL_REGISTRY;
  expect(segs[0].start).toBe(0);
  expect(r.role(segs[0].label)).not.toBe('point');
  expect(segs.at(-1)!.end).toBe(frames - 1);
  for (let k = 1; k < segs.length; k++) {
    expect(segs[k].start).toBe(segs[k - 1].end + 1);
    expect(r.successors(segs[k - 1].label)).toContain(segs[k].label);
  }
  for (const s of segs) {
    expect(s.end).toBeGreaterThanOrEqual(s.start);
    if (r.role(s.label) === 'point') expect(s.end).toBe(s.start);
  }
}

/**
 * A plain Viterbi pass over the decoder's model: the whole score table and backpointers kept, one traceback from the
 * best final state. What the streaming decoder must find.
 */
function fullViterbi(evs: LabelEvent[]): string[] {
  const model = segmentModel(DEFAULT_LABEL_REGISTRY, DEFAULT_SEGMENT_DECODING);
  const L = model.labels.length;
  const S = model.labelOf.length;
  const floor = DEFAULT_SEGMENT_DECODING.scoreFloor;
  const emit = (ev: LabelEvent, k: number) => Math.log(Math.max(ev.scores[model.labels[k]] ?? 0, floor));
  // Where each state sits: its unit, phase and member.
  const where = Array.from({ length: S }, (_, s) => {
    const u = model.units.findIndex((x) => s >= x.offset && s < x.offset + x.phases * x.members.length);
    const unit = model.units[u];
    return { unit, phase: Math.floor((s - unit.offset) / unit.members.length) };
  });
  const back: Int32Array[] = [];
  let score = new Float64Array(S).fill(-Infinity);
  for (const unit of model.units) unit.members.forEach((k, j) => (score[unit.offset + j] = model.start[k] + emit(evs[0], k)));
  for (let t = 1; t < evs.length; t++) {
    const next = new Float64Array(S).fill(-Infinity);
    const from = new Int32Array(S).fill(-1);
    for (let s = 0; s < S; s++) {
      if (score[s] === -Infinity) continue;
      const a = model.labelOf[s];
      const { unit, phase } = where[s];
      const m = unit.members.length;
      // Go on: to the next phase (or stay in the last), keeping the label or changing within the unit.
      const on = Math.min(phase + 1, unit.phases - 1);
      unit.members.forEach((b, j) => {
        const to = unit.offset + on * m + j;
        const v = score[s] + model.cont[s] + (a === b ? 0 : model.succession[a * L + b]);
        if (v > next[to]) [next[to], from[to]] = [v, s];
      });
      // End: start a segment of another unit.
      for (const other of model.units) {
        if (other === unit) continue;
        other.members.forEach((k, j) => {
          const v = score[s] + model.exit[s] + model.succession[a * L + k];
          if (v > next[other.offset + j]) [next[other.offset + j], from[other.offset + j]] = [v, s];
        });
      }
    }
    for (let s = 0; s < S; s++) next[s] += emit(evs[t], model.labelOf[s]);
    back.push(from);
    score = next;
  }
  let s = score.indexOf(Math.max(...score));
  const out: string[] = [model.labels[model.labelOf[s]]];
  for (let t = evs.length - 1; t > 0; t--) {
    s = back[t - 1][s];
    out.push(model.labels[model.labelOf[s]]);
  }
  return out.reverse();
}
