import { describe, expect, it } from 'vitest';
import { TestScheduler } from 'rxjs/testing';
import { SegmentBuilder, type SegmentBuilderOptions } from '../src/labels/SegmentBuilder.js';
import { toSegments } from '../src/labels/toSegments.js';
import type { LabelEvent, Segment } from '../src/types.js';

const FPS = 25;
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

function ev(frame: number, label: string, score = 0.9): LabelEvent {
  return { frame, time: frame / FPS, label, score, scores: { [label]: score } };
}

/** One event per letter, e.g. 'SSSCSS'. */
function events(pattern: string, score = 0.9): LabelEvent[] {
  return [...pattern].map((ch, i) => ev(i, LETTERS[ch], score));
}

function build(evs: LabelEvent[], opts?: SegmentBuilderOptions): Segment[] {
  const b = new SegmentBuilder(opts);
  return [...evs.flatMap((e) => b.push(e)), ...b.flush()];
}

const brief = (segs: Segment[]) => segs.map((s) => `${s.label}:${s.start}-${s.end}`);

describe('SegmentBuilder', () => {
  it('turns runs of one label into inclusive segments with frame times and mean score', () => {
    const evs = events('SSSSSCSSSS');
    evs[0] = ev(0, 'still', 0.5);
    const segs = build(evs);
    expect(brief(segs)).toEqual(['still:0-4', 'cut:5-5', 'still:6-9']);
    expect(segs[0].start_time).toBe(0);
    expect(segs[0].end_time).toBeCloseTo(4 / FPS, 9);
    expect(segs[1].start_time).toBeCloseTo(0.2, 9);
    expect(segs[1].end_time).toBeCloseTo(0.2, 9);
    expect(segs[0].score).toBeCloseTo((0.5 + 4 * 0.9) / 5, 6);
    expect(segs[2].score).toBeCloseTo(0.9, 6);
  });

  it('merges adjacent gradual fragments into one event with the dominant label', () => {
    expect(brief(build(events('SSSOODDDDDSSS')))).toEqual(['still:0-2', 'dissolve:3-9', 'still:10-12']);
    // Three kinds: wipe has most frames.
    expect(brief(build(events('MMDDDWWWWOOOMM')))).toEqual(['motion:0-1', 'wipe:2-11', 'motion:12-13']);
    // Tie: the earliest kind wins.
    expect(brief(build(events('SSIIIDDDSS')))).toEqual(['still:0-1', 'fade_in:2-7', 'still:8-9']);
  });

  it('keeps fragments apart when merging is off', () => {
    expect(brief(build(events('SSSOODDDDDSSS'), { mergeGradual: false, minFrames: {}, followedBy: {} }))).toEqual([
      'still:0-2',
      'fade_out:3-4',
      'dissolve:5-9',
      'still:10-12',
    ]);
  });

  it('gives a merged segment the mean probability of its label over all its frames', () => {
    const evs: LabelEvent[] = [
      { frame: 0, time: 0, label: 'fade_out', score: 0.6, scores: { fade_out: 0.6, dissolve: 0.4 } },
      { frame: 1, time: 0.04, label: 'dissolve', score: 0.7, scores: { fade_out: 0.3, dissolve: 0.7 } },
      { frame: 2, time: 0.08, label: 'dissolve', score: 0.8, scores: { fade_out: 0.2, dissolve: 0.8 } },
    ];
    const segs = build(evs);
    expect(brief(segs)).toEqual(['dissolve:0-2']);
    expect(segs[0].score).toBeCloseTo((0.4 + 0.7 + 0.8) / 3, 6);
  });

  it('absorbs a too-short gradual run into the segment before it', () => {
    expect(brief(build(events('SSSSSWWSSSSS')))).toEqual(['still:0-11']);
    expect(brief(build(events('MMMMDSSS')))).toEqual(['motion:0-4', 'still:5-7']);
    // The default minimum of a gradual label is five frames.
    expect(brief(build(events('SSSSDDDDSSSS')))).toEqual(['still:0-11']);
    expect(brief(build(events('SSSSDDDDDSSS')))).toEqual(['still:0-3', 'dissolve:4-8', 'still:9-11']);
    expect(brief(build(events('SSSSSWWSSSSS'), { minFrames: {} }))).toEqual(['still:0-4', 'wipe:5-6', 'still:7-11']);
  });

  it('does not let a lone still or motion frame split a transition in two', () => {
    expect(brief(build(events('SSSOOOOOOSOOOOOOBB')))).toEqual(['still:0-2', 'fade_out:3-15', 'black:16-17']);
    expect(brief(build(events('SSDDDDDMDDDDDSS')))).toEqual(['still:0-1', 'dissolve:2-12', 'still:13-14']);
    // Two such frames are a real pause.
    expect(brief(build(events('SSSDDDDDDSSDDDDDDSS')))).toEqual([
      'still:0-2',
      'dissolve:3-8',
      'still:9-10',
      'dissolve:11-16',
      'still:17-18',
    ]);
  });

  it('keeps a fade out only when black follows it', () => {
    expect(brief(build(events('SSSSOOOOOOBBSS')))).toEqual(['still:0-3', 'fade_out:4-9', 'black:10-11', 'still:12-13']);
    // Into anything else it is absorbed like a too-short run: by the segment before it...
    expect(brief(build(events('SSSSOOOOOOSSSS')))).toEqual(['still:0-13']);
    expect(brief(build(events('MMMMOOOOOOSSSS')))).toEqual(['motion:0-9', 'still:10-13']);
    expect(brief(build(events('SSSOOOOOOSSOOOOOOBB')))).toEqual(['still:0-10', 'fade_out:11-16', 'black:17-18']);
    // ...or, after a cut, by the segment after it.
    expect(brief(build(events('SSCOOOOOOMMMM')))).toEqual(['still:0-1', 'cut:2-2', 'motion:3-12']);
    // At the end of the stream it stands; without the rule it always does.
    expect(brief(build(events('SSSOOOOOO')))).toEqual(['still:0-2', 'fade_out:3-8']);
    expect(brief(build(events('SSSSOOOOOOSSSS'), { followedBy: {} }))).toEqual(['still:0-3', 'fade_out:4-9', 'still:10-13']);
  });

  it('makes a cut with black right after it the first frame of that black', () => {
    expect(brief(build(events('SSSCBBBSS')))).toEqual(['still:0-2', 'black:3-6', 'still:7-8']);
    // Within black, the cut frame joins both sides into one black segment.
    expect(brief(build(events('BBBCBBB')))).toEqual(['black:0-6']);
    // A cut out of black, or into anything else, stays a cut; without the rule a cut into black does too.
    expect(brief(build(events('BBBCSSS')))).toEqual(['black:0-2', 'cut:3-3', 'still:4-6']);
    expect(brief(build(events('SSSCMMM')))).toEqual(['still:0-2', 'cut:3-3', 'motion:4-6']);
    expect(brief(build(events('SSSCBBBSS'), { joinsNext: {} }))).toEqual(['still:0-2', 'cut:3-3', 'black:4-6', 'still:7-8']);
  });

  it('holds the segment before a fade out back until the fade is confirmed', () => {
    const stream = (opts?: SegmentBuilderOptions) => {
      const b = new SegmentBuilder(opts);
      const perFrame = events('SSSSOOOOOOMMBBB').map((e) => brief(b.push(e)));
      return { perFrame, rest: brief(b.flush()) };
    };
    // Without the rule the still run is final once the fade has closed, at frame 12.
    expect(stream({ followedBy: {} }).perFrame[12]).toEqual(['still:0-3']);
    // With it, the motion after the fade makes the fade a stray, absorbed into the still run held back.
    const held = stream();
    expect(held.perFrame.flat()).toEqual([]);
    expect(held.rest).toEqual(['still:0-9', 'motion:10-11', 'black:12-14']);
  });

  it('never stretches a cut: a short run after it goes to the segment after', () => {
    expect(brief(build(events('SSSCDSSS')))).toEqual(['still:0-2', 'cut:3-3', 'still:4-7']);
  });

  it('absorbs a short run at the very start into what follows', () => {
    expect(brief(build(events('DDSSSS')))).toEqual(['still:0-5']);
    // Alone, it stays as it is.
    expect(brief(build(events('DD')))).toEqual(['dissolve:0-1']);
  });

  it('never opens a stream with a cut: its first frame has no frame before it to differ from', () => {
    expect(brief(build(events('CMMMM')))).toEqual(['motion:0-4']);
    // Also after a short run at the start, and however long the cut run is; a cut later on stays.
    expect(brief(build(events('SCCMMMCSS')))).toEqual(['motion:0-5', 'cut:6-6', 'still:7-8']);
    // A custom point label follows the same rule; without one, a cut at the start stands.
    expect(brief(build(events('FSSS'), { pointLabels: ['freeze'] }))).toEqual(['still:0-3']);
    expect(brief(build(events('CMMMM'), { pointLabels: [] }))).toEqual(['cut:0-0', 'motion:1-4']);
    // After flush a new stream starts: the rule holds again.
    const b = new SegmentBuilder();
    for (const e of events('SSC')) b.push(e);
    expect(brief(b.flush())).toEqual(['still:0-1', 'cut:2-2']);
    for (const e of events('CSS')) b.push(e);
    expect(brief(b.flush())).toEqual(['still:0-2']);
  });

  it('applies per-label minimum durations to any label', () => {
    expect(brief(build(events('SSSSMSSSS'), { minFrames: { motion: 2 } }))).toEqual(['still:0-8']);
    expect(brief(build(events('SSSSFSSSS')))).toEqual(['still:0-3', 'freeze:4-4', 'still:5-8']);
  });

  it('emits incrementally, covers every frame exactly once, never repeats a label side by side', () => {
    // Deterministic pseudo-random label streams with long and short runs.
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const keys = Object.keys(LETTERS);
    for (let trial = 0; trial < 50; trial++) {
      let pattern = '';
      while (pattern.length < 200) pattern += keys[Math.floor(rnd() * keys.length)].repeat(1 + Math.floor(rnd() * 8));
      const evs = events(pattern);
      const b = new SegmentBuilder();
      const out: Segment[] = [];
      evs.forEach((e, i) => {
        for (const s of b.push(e)) {
          // A segment is only final once a later frame has been seen.
          expect(s.end).toBeLessThan(i);
          out.push(s);
        }
      });
      out.push(...b.flush());
      expect(out[0].start).toBe(0);
      expect(out[0].label === 'cut' && out.length > 1).toBe(false);
      expect(out[out.length - 1].end).toBe(evs.length - 1);
      for (let k = 1; k < out.length; k++) {
        expect(out[k].start).toBe(out[k - 1].end + 1);
        expect(out[k].label).not.toBe(out[k - 1].label);
        if (out[k - 1].label === 'fade_out') expect(out[k].label).toBe('black');
        // A cut is never followed directly by a black frame (that frame would have taken it into the black).
        if (out[k - 1].label === 'cut') expect(evs[out[k].start].label).not.toBe('black');
      }
      for (const s of out) expect(s.end).toBeGreaterThanOrEqual(s.start);
    }
  });

  it('starts over after flush', () => {
    const b = new SegmentBuilder();
    for (const e of events('SSC')) b.push(e);
    expect(brief(b.flush())).toEqual(['still:0-1', 'cut:2-2']);
    expect(b.flush()).toEqual([]);
    for (const e of events('MM')) b.push(e);
    expect(brief(b.flush())).toEqual(['motion:0-1']);
  });
});

describe('toSegments', () => {
  it('emits segments as they become final and the rest on completion', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ cold, expectObservable }) => {
      const evs = events('SSCSS');
      const values = Object.fromEntries(evs.map((e, i) => [String.fromCharCode(97 + i), e]));
      const source = cold('abcde|', values);
      const segs = build(evs);
      // A segment is final only once the group after it is closed too (it might still be absorbed or
      // merged); in 'SSCSS' only the end of the stream closes the last run, so everything arrives then.
      expectObservable(source.pipe(toSegments())).toBe('-----(xyz|)', { x: segs[0], y: segs[1], z: segs[2] });
    });
  });

  it('passes errors through after emitting what was final', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ cold, expectObservable }) => {
      const evs = events('SSMMCMMMM');
      const values = Object.fromEntries(evs.map((e, i) => [String.fromCharCode(97 + i), e]));
      const source = cold('abcdefghi#', values);
      // The still run closes at frame 2, the motion run at 4 (still becomes the open segment), the cut's
      // run at 5 (motion is complete and not short, so still is final).
      expectObservable(source.pipe(toSegments())).toBe('-----x---#', {
        x: { label: 'still', start: 0, end: 1, start_time: 0, end_time: 0.04, score: expect.closeTo(0.9, 6) },
      });
    });
  });
});
