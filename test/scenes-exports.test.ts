/**
 * The scene formats, each read back by a reader written here from the format's documentation (never the writer's
 * code): the scenes CSV (and its JSON Schema), CMX 3600 EDL, OpenTimelineIO JSON and FCPXML. Known label events go
 * through the real sinks (createSink, to files), at 23.976, 25, 29.97 (drop-frame) and 60 fps over more than ten
 * minutes, and every cut point, transition and time must come back as the scene list says.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LABEL_REGISTRY } from '../src/labels/defaultLabels.js';
import { segmentsOf } from '../src/labels/segmentsOf.js';
import type { Scene, SceneList } from '../src/scenes/Scene.js';
import { scenesOf } from '../src/scenes/scenesOf.js';
import { createSink } from '../src/sinks/createSink.js';
import type { SinkFormat } from '../src/sinks/LabelSink.js';
import type { LabelEvent } from '../src/types.js';
import { planEvents } from './helpers/labelPlan.js';
import { expectSchema } from './helpers/schemas.js';
import { countedLabels, labelIndex } from './helpers/timecodeReference.js';

const dir = mkdtempSync(join(tmpdir(), 'fw-scene-exports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RATES = [
  { name: '23.976', num: 24000, den: 1001, nominal: 24, drop: 0 },
  { name: '25', num: 25, den: 1, nominal: 25, drop: 0 },
  { name: '29.97 drop-frame', num: 30000, den: 1001, nominal: 30, drop: 2 },
  { name: '60', num: 60, den: 1, nominal: 60, drop: 0 },
];

/** Over ten minutes at every rate, with a cut, a dissolve, a wipe, a freeze inside a scene and a fade through black. */
const PLAN: Array<[string, number]> = [
  ['still', 9000], ['cut', 1], ['motion', 12000], ['dissolve', 20], ['motion', 500], ['freeze', 30], ['motion', 400],
  ['wipe', 17], ['still', 3000], ['fade_out', 12], ['black', 9], ['fade_in', 14], ['still', 2000], ['dissolve', 31], ['motion', 1200],
];
const SOURCE = join(dir, 'My film & <cut>.mp4');

async function write(format: SinkFormat, events: readonly LabelEvent[], fps: number): Promise<string> {
  const out = join(dir, `out-${format}-${fps}`);
  const sink = createSink(format, { out, source: SOURCE, fps, width: 1920, height: 1080, segments: { registry: DEFAULT_LABEL_REGISTRY } });
  for (const ev of events) sink.write(ev);
  await sink.close();
  return readFileSync(out, 'utf8');
}

function expected(events: readonly LabelEvent[]): SceneList {
  return scenesOf(segmentsOf(events, { registry: DEFAULT_LABEL_REGISTRY }), { registry: DEFAULT_LABEL_REGISTRY });
}

/** Where the editor formats put the cut into a scene: the cut's frame, or the middle of a gradual transition. */
function cutPoint(s: Scene): number {
  const t = s.opening!;
  return t.start + Math.floor(t.frames / 2);
}

// ---- CMX 3600 reader: event lines are "NNN REEL CHANNELS TRANSITION [DURATION] SRC_IN SRC_OUT REC_IN REC_OUT".
interface EdlLine { event: number; reel: string; channels: string; transition: string; duration: number | null; tc: string[] }
function readEdl(text: string): { title: string; fcm: string; lines: EdlLine[]; comments: string[] } {
  const rows = text.split(/\r?\n/);
  const title = /^TITLE: (.*)$/.exec(rows[0])?.[1];
  const fcm = rows.map((r) => /^FCM: (.*)$/.exec(r)?.[1]).find(Boolean);
  if (title === undefined || fcm === undefined) throw new Error('no TITLE or FCM line');
  const lines: EdlLine[] = [];
  const comments: string[] = [];
  for (const row of rows.slice(1)) {
    if (row.startsWith('*')) comments.push(row);
    const m = /^(\d{3,})\s+(\S{1,8})\s+(\S+)\s+(C|D|W\d{3})\s+(\d{3})?\s*(\d\d:\d\d:\d\d[:;]\d\d) (\d\d:\d\d:\d\d[:;]\d\d) (\d\d:\d\d:\d\d[:;]\d\d) (\d\d:\d\d:\d\d[:;]\d\d)\s*$/.exec(row);
    if (m) lines.push({ event: Number(m[1]), reel: m[2], channels: m[3], transition: m[4], duration: m[5] ? Number(m[5]) : null, tc: m.slice(6, 10) });
  }
  return { title, fcm, lines, comments };
}

// ---- FCPXML reader: elements in document order with their attributes (entities decoded), times as rationals.
interface XmlElement { name: string; attrs: Record<string, string> }
function readXml(text: string): XmlElement[] {
  const decode = (v: string) => v.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&amp;/g, '&');
  const out: XmlElement[] = [];
  for (const m of text.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[\w-]+="[^"]*")*)\s*\/?>/g)) {
    out.push({ name: m[1], attrs: Object.fromEntries([...m[2].matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], decode(a[2])])) });
  }
  return out;
}
/** "N/Ds" or "Ns" → frames at num/den, which must be whole. */
function fcpFrames(value: string, num: number, den: number): number {
  const m = /^(\d+)(?:\/(\d+))?s$/.exec(value);
  if (!m) throw new Error(`not an FCPXML time: ${value}`);
  const n = Number(m[1]) * num;
  const d = Number(m[2] ?? 1) * den;
  if (n % d !== 0) throw new Error(`${value} is not on the frame grid`);
  return n / d;
}

describe.each(RATES)('scene formats at $name fps', (rate) => {
  const fps = rate.num / rate.den;
  const events = planEvents(PLAN, rate);
  const list = expected(events);
  const frames = events.length;
  const labels = countedLabels(frames + 1, rate.nominal, rate.drop);
  const frameOf = labelIndex(labels);
  const tcFrame = (tc: string): number => {
    const f = frameOf.get(tc);
    if (f === undefined) throw new Error(`timecode ${tc} is not one of the counted labels`);
    return f;
  };

  it('the scene list has the planned scenes', () => {
    expect(frames).toBeGreaterThan(10 * 60 * fps * 0.45);
    expect(list.scenes.map((s) => s.closing?.kind ?? null)).toEqual(['cut', 'dissolve', 'wipe', 'fade_out+black+fade_in', 'dissolve', null]);
  });

  it('scenes-csv: one valid row per scene; frames, times and timecodes read back', async () => {
    const text = await write('scenes-csv', events, fps);
    const [header, ...rows] = text.trimEnd().split('\n');
    const columns = header.split(',');
    expect(rows).toHaveLength(list.scenes.length);
    rows.forEach((row, i) => {
      const obj = Object.fromEntries(row.split(',').map((v, k) => [columns[k], v]));
      expectSchema('scene-row', obj);
      const s = list.scenes[i];
      expect(Number(obj.scene)).toBe(i + 1);
      expect([Number(obj.start_frame), Number(obj.end_frame), Number(obj.frames)]).toEqual([s.start, s.end, s.frames]);
      expect(tcFrame(obj.start_timecode)).toBe(s.start);
      expect(tcFrame(obj.end_timecode)).toBe(s.end);
      const [h, m, sec] = obj.start_time.split(':').map(Number);
      expect(Math.abs(h * 3600 + m * 60 + sec - s.start / fps)).toBeLessThanOrEqual(0.0005);
      expect(Number(obj.duration)).toBeCloseTo(s.frames / fps, 3);
      expect(obj.opening).toBe(s.opening?.kind ?? '');
      expect(obj.closing_frames).toBe(s.closing ? String(s.closing.frames) : '');
    });
  });

  it('edl: one event per scene, record = source, dissolves D nnn and wipes W001 of the transition length', async () => {
    const edl = readEdl(await write('edl', events, fps));
    expect(edl.fcm).toBe(rate.drop ? 'DROP FRAME' : 'NON-DROP FRAME');
    expect(edl.title.length).toBeLessThanOrEqual(70);
    expect(edl.title).toMatch(/^[\x20-\x7e]+$/);
    const byEvent = new Map<number, EdlLine[]>();
    for (const l of edl.lines) byEvent.set(l.event, [...(byEvent.get(l.event) ?? []), l]);
    expect([...byEvent.keys()]).toEqual(list.scenes.map((s) => s.number));
    let recordEnd = 0;
    for (const s of list.scenes) {
      const lines = byEvent.get(s.number)!;
      for (const l of lines) {
        expect(l.reel.length).toBeLessThanOrEqual(8);
        expect(l.channels).toBe('V');
        expect(l.tc[0]).toBe(l.tc[2]); // source in = record in: the timeline plays the film as it is
        expect(l.tc[1]).toBe(l.tc[3]);
      }
      const main = lines.at(-1)!;
      const t = s.opening;
      if (t && t.edit !== 'cut') {
        expect(lines).toHaveLength(2);
        expect(lines[0].transition).toBe('C');
        expect(tcFrame(lines[0].tc[0])).toBe(tcFrame(lines[0].tc[1])); // the outgoing side, zero length
        expect(main.transition).toBe(t.edit === 'wipe' ? 'W001' : 'D');
        expect(main.duration).toBe(t.frames);
        expect(tcFrame(main.tc[2])).toBe(t.start);
      } else {
        expect(lines).toHaveLength(1);
        expect(main.transition).toBe('C');
        expect(main.duration).toBeNull();
        expect(tcFrame(main.tc[2])).toBe(t ? s.start : 0);
      }
      expect(tcFrame(main.tc[2])).toBe(recordEnd);
      recordEnd = tcFrame(main.tc[3]);
    }
    expect(recordEnd).toBe(frames);
    expect(edl.comments.filter((c) => c.startsWith('* FROM CLIP NAME: My film & <cut>.mp4'))).toHaveLength(list.scenes.length);
  });

  it('otio: a Timeline of one video Track of Clips and Transitions, RationalTimes at the source rate', async () => {
    const doc = JSON.parse(await write('otio', events, fps)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(doc.OTIO_SCHEMA).toMatch(/^Timeline\.\d+$/);
    expect(doc.tracks.OTIO_SCHEMA).toMatch(/^Stack\.\d+$/);
    expect(doc.tracks.children).toHaveLength(1);
    const track = doc.tracks.children[0];
    expect(track.OTIO_SCHEMA).toMatch(/^Track\.\d+$/);
    expect(track.kind).toBe('Video');
    const frameCount = (rt: { OTIO_SCHEMA: string; rate: number; value: number }): number => {
      expect(rt.OTIO_SCHEMA).toMatch(/^RationalTime\.\d+$/);
      expect(rt.rate).toBeCloseTo(fps, 9);
      expect(Number.isInteger(rt.value)).toBe(true);
      return rt.value;
    };
    const clips = track.children.filter((c: { OTIO_SCHEMA: string }) => c.OTIO_SCHEMA.startsWith('Clip.'));
    expect(clips).toHaveLength(list.scenes.length);
    let next = 0;
    let pending: { in: number; out: number; type: string; name: string } | null = null;
    let clip = 0;
    for (const item of track.children) {
      if (item.OTIO_SCHEMA.startsWith('Transition.')) {
        pending = { in: frameCount(item.in_offset), out: frameCount(item.out_offset), type: item.transition_type, name: item.name };
        continue;
      }
      const s = list.scenes[clip++];
      const start = frameCount(item.source_range.start_time);
      const duration = frameCount(item.source_range.duration);
      expect(start).toBe(next);
      expect(item.media_reference.OTIO_SCHEMA).toMatch(/^ExternalReference\.\d+$/);
      expect(item.media_reference.target_url).toBe(pathToFileURL(SOURCE).href);
      expect(frameCount(item.media_reference.available_range.duration)).toBe(frames);
      const t = s.opening;
      if (t && t.edit !== 'cut') {
        expect(pending).not.toBeNull();
        expect(start).toBe(cutPoint(s));
        expect(start - pending!.in).toBe(t.start);
        expect(pending!.in + pending!.out).toBe(t.frames);
        expect(pending!.type).toBe(t.edit === 'wipe' ? 'Custom_Transition' : 'SMPTE_Dissolve');
        if (t.edit === 'wipe') expect(pending!.name).toMatch(/wipe/i);
      } else {
        expect(pending).toBeNull();
        if (t) expect(start).toBe(s.start);
      }
      pending = null;
      next = start + duration;
    }
    expect(next).toBe(frames);
  });

  it('fcpxml: a 1.9+ sequence of asset-clips end to end with transitions centred on the cut points', async () => {
    const text = await write('fcpxml', events, fps);
    expect(text).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<!DOCTYPE fcpxml>/);
    const els = readXml(text);
    const root = els.find((e) => e.name === 'fcpxml')!;
    const [major, minor] = root.attrs.version.split('.').map(Number);
    expect(major === 1 && minor >= 9).toBe(true);
    const format = els.find((e) => e.name === 'format')!;
    expect(fcpFrames(format.attrs.frameDuration, rate.num, rate.den)).toBe(1);
    expect([format.attrs.width, format.attrs.height]).toEqual(['1920', '1080']);
    const asset = els.find((e) => e.name === 'asset')!;
    expect(asset.attrs.format).toBe(format.attrs.id);
    expect(els.find((e) => e.name === 'media-rep')!.attrs.src).toBe(pathToFileURL(SOURCE).href);
    const sequence = els.find((e) => e.name === 'sequence')!;
    expect(sequence.attrs.tcFormat).toBe(rate.drop ? 'DF' : 'NDF');
    expect(fcpFrames(sequence.attrs.duration, rate.num, rate.den)).toBe(frames);
    const spine = els.slice(els.indexOf(els.find((e) => e.name === 'spine')!) + 1).filter((e) => e.name === 'asset-clip' || e.name === 'transition');
    let next = 0;
    let pending: XmlElement | null = null;
    let clip = 0;
    for (const el of spine) {
      if (el.name === 'transition') {
        pending = el;
        continue;
      }
      const s = list.scenes[clip++];
      expect(el.attrs.ref).toBe(asset.attrs.id);
      const offset = fcpFrames(el.attrs.offset, rate.num, rate.den);
      expect(offset).toBe(next);
      expect(fcpFrames(el.attrs.start, rate.num, rate.den)).toBe(offset);
      const t = s.opening;
      if (t && t.edit !== 'cut') {
        expect(offset).toBe(cutPoint(s));
        expect(fcpFrames(pending!.attrs.offset, rate.num, rate.den)).toBe(t.start);
        expect(fcpFrames(pending!.attrs.duration, rate.num, rate.den)).toBe(t.frames);
        expect(pending!.attrs.name).toBe(t.edit === 'wipe' ? 'Wipe' : 'Cross Dissolve');
      } else {
        expect(pending).toBeNull();
      }
      pending = null;
      next = offset + fcpFrames(el.attrs.duration, rate.num, rate.den);
    }
    expect(clip).toBe(list.scenes.length);
    expect(next).toBe(frames);
  });
});

describe('scene formats are whole-run outputs', () => {
  it('an incomplete run writes nothing and leaves no temporary file', async () => {
    const events = planEvents(PLAN.slice(0, 3), { num: 25, den: 1 });
    for (const format of ['scenes-csv', 'edl', 'otio', 'fcpxml'] as const) {
      const out = join(dir, `partial.${format}`);
      const sink = createSink(format, { out, source: SOURCE, fps: 25 });
      for (const ev of events.slice(0, 500)) sink.write(ev);
      await sink.close({ complete: false, reason: 'interrupted' });
      expect(existsSync(out)).toBe(false);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
