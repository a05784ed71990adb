/** The scene list: which frames are scenes and which transitions separate them, from known segments. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LABEL_REGISTRY } from '../src/labels/defaultLabels.js';
import { LabelRegistry } from '../src/labels/labelRegistry.js';
import { segmentsOf } from '../src/labels/segmentsOf.js';
import { editTimeline } from '../src/scenes/editTimeline.js';
import { scenesOf } from '../src/scenes/scenesOf.js';
import { planEvents } from './helpers/labelPlan.js';

const R25 = { num: 25, den: 1 };
const registry = DEFAULT_LABEL_REGISTRY;
const scenes = (plan: ReadonlyArray<readonly [string, number]>, splitGradual = false) =>
  scenesOf(segmentsOf(planEvents(plan, R25), { registry }), { registry, splitGradual });

/** The demo's sequence of events. */
const DEMO: Array<[string, number]> = [
  ['still', 40], ['cut', 1], ['motion', 34], ['fade_out', 12], ['black', 10], ['fade_in', 12], ['motion', 30], ['dissolve', 15],
  ['motion', 8], ['freeze', 12], ['motion', 10], ['wipe', 15], ['still', 30], ['cut', 1], ['still', 20],
];

describe('scenesOf', () => {
  it('scenes lie between transitions; a cut frame opens its scene; fade out, black and fade in are one transition; a freeze is inside its scene', () => {
    const list = scenes(DEMO);
    expect(list.first).toBe(0);
    expect(list.last).toBe(249);
    expect(list.scenes.map((s) => [s.start, s.end, s.opening?.kind ?? null, s.closing?.kind ?? null])).toEqual([
      [0, 39, null, 'cut'],
      [40, 74, 'cut', 'fade_out+black+fade_in'],
      [109, 138, 'fade_out+black+fade_in', 'dissolve'],
      [154, 183, 'dissolve', 'wipe'],
      [199, 228, 'wipe', 'cut'],
      [229, 249, 'cut', null],
    ]);
    const [s1, s2, s3, s4, s5] = list.scenes;
    expect(s1.closing).toEqual({ kind: 'cut', start: 40, end: 39, frames: 0, edit: 'cut' });
    expect(s2.closing).toEqual({ kind: 'fade_out+black+fade_in', start: 75, end: 108, frames: 34, edit: 'dissolve' });
    expect(s3.closing?.edit).toBe('dissolve');
    expect(s4.closing).toMatchObject({ start: 184, end: 198, frames: 15, edit: 'wipe' });
    expect(s5.number).toBe(5);
    expect(list.scenes.every((s) => s.frames === s.end - s.start + 1)).toBe(true);
  });

  it('--split-gradual: scenes tile the run, each gradual transition split at its middle (the shorter half before)', () => {
    const list = scenes(DEMO, true);
    expect(list.scenes.map((s) => [s.start, s.end])).toEqual([
      [0, 39], [40, 91], [92, 145], [146, 190], [191, 228], [229, 249],
    ]);
    // The transitions are still reported whole.
    expect(list.scenes[1].closing).toMatchObject({ start: 75, end: 108, frames: 34 });
  });

  it('black alone between two cuts is a transition; black and fades at the ends of the run open and close the one scene', () => {
    // A hard cut into black makes the first solid frame black; the cut out of it is the first frame of the next shot.
    const between = scenes([['still', 20], ['black', 10], ['cut', 1], ['still', 20]]);
    expect(between.scenes.map((s) => [s.start, s.end])).toEqual([[0, 19], [30, 50]]);
    expect(between.scenes[0].closing).toEqual({ kind: 'black', start: 20, end: 29, frames: 10, edit: 'cut' });

    const edges = [['black', 10], ['fade_in', 10], ['still', 30], ['fade_out', 10], ['black', 5]] as const;
    const apart = scenes(edges);
    expect(apart.scenes.map((s) => [s.start, s.end, s.opening?.kind, s.closing?.kind])).toEqual([[20, 49, 'black+fade_in', 'fade_out+black']]);
    expect(scenes(edges, true).scenes.map((s) => [s.start, s.end])).toEqual([[0, 64]]);
  });

  it('no scene when the run is one transition', () => {
    expect(scenes([['black', 30]]).scenes).toEqual([]);
    expect(scenesOf([], { registry }).scenes).toEqual([]);
  });

  it('roles come from the registry, not label names: a label set of its own', () => {
    const own = new LabelRegistry(['shot', 'hardcut', 'mix', 'iris', 'dark'], {
      shot: { role: 'in-shot' },
      hardcut: { role: 'point' },
      mix: { role: 'gradual', followedBy: 'dark' },
      iris: { role: 'gradual', editAs: 'wipe' },
      dark: { role: 'hold' },
    });
    const ev = planEvents([['shot', 10], ['hardcut', 1], ['shot', 10], ['iris', 6], ['shot', 10], ['mix', 6], ['dark', 4], ['shot', 5]], R25);
    const list = scenesOf(segmentsOf(ev, { registry: own }), { registry: own });
    expect(list.scenes.map((s) => [s.start, s.end, s.closing?.kind, s.closing?.edit])).toEqual([
      [0, 9, 'hardcut', 'cut'],
      [10, 20, 'iris', 'wipe'],
      [27, 36, 'mix+dark', 'dissolve'],
      [47, 51, undefined, undefined],
    ]);
  });
});

describe('editTimeline', () => {
  it('clips end to end over the whole run, cut points at cuts and at the middle of gradual transitions', () => {
    const list = scenes([['black', 10], ['fade_in', 10], ...DEMO.slice(0, -2), ['fade_out', 10], ['black', 4]]);
    const clips = editTimeline(list);
    expect(clips[0].start).toBe(0);
    expect(clips.at(-1)!.end).toBe(list.last + 1);
    for (let i = 1; i < clips.length; i++) expect(clips[i].start).toBe(clips[i - 1].end);
    const byScene = clips.map((c) => [c.start, c.transitionIn?.edit ?? 'cut']);
    // scene 2 opens with a cut at 60; scene 3 after fade_out+black+fade_in 95..128 cut at 95+17; dissolve 159..173 at 166.
    expect(byScene.slice(0, 5)).toEqual([[0, 'cut'], [60, 'cut'], [112, 'dissolve'], [166, 'dissolve'], [211, 'wipe']]);
  });
});
