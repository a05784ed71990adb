import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Subject, from, lastValueFrom, concat, throwError, toArray } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { UsageError } from '../src/errors.js';
import { segmentsOf } from '../src/labels/segmentsOf.js';
import { createSink } from '../src/sinks/createSink.js';
import type { SinkFormat } from '../src/sinks/LabelSink.js';
import { writeTo } from '../src/sinks/writeTo.js';
import type { LabelEvent } from '../src/types.js';
import { expectSchema } from './helpers/schemas.js';

/** Parses a JSONL line or a segments document, checked against the shipped JSON Schema. */
function validEvent(line: string): unknown {
  const ev: unknown = JSON.parse(line);
  expectSchema('label-event', ev);
  return ev;
}
function validSegments(text: string): unknown {
  const doc: unknown = JSON.parse(text);
  expectSchema('segments', doc);
  return doc;
}

const FPS = 25;
const LABELS = ['still', 'motion', 'cut', 'dissolve'];
const dir = mkdtempSync(join(tmpdir(), 'framewise-sinks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
const tmpFile = (ext: string) => join(dir, `out${fileNo++}.${ext}`);

/** still 0-59, cut 60, motion 61-119, dissolve 120-134, still 135-149. */
function labelAt(i: number): string {
  if (i < 60) return 'still';
  if (i === 60) return 'cut';
  if (i < 120) return 'motion';
  if (i < 135) return 'dissolve';
  return 'still';
}
function makeEvents(n = 150): LabelEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const label = labelAt(i);
    const win = 0.9 + (i % 7) * 0.012345;
    const rest = (1 - win) / (LABELS.length - 1);
    const scores = Object.fromEntries(LABELS.map((l) => [l, l === label ? win : rest]));
    return { frame: i, time: i / FPS, label, score: win, scores, decodedAt: 1, emittedAt: 2 };
  });
}
const EVENTS = makeEvents();

async function writeAll(format: SinkFormat, evs: LabelEvent[], opts: { eventsOnly?: boolean; fps?: number } = {}) {
  const out = tmpFile(format);
  const sink = createSink(format, { out, source: 'clip.mp4', fps: opts.fps ?? FPS, frames: 150, eventsOnly: opts.eventsOnly });
  await lastValueFrom(from(evs).pipe(writeTo(sink), toArray()));
  return readFileSync(out, 'utf8');
}

const TS = String.raw`(\d{2}):(\d{2}):(\d{2})[.,](\d{3})`;
function seconds(m: RegExpMatchArray, off: number): number {
  return +m[off] * 3600 + +m[off + 1] * 60 + +m[off + 2] + +m[off + 3] / 1000;
}

interface Cue {
  n: number;
  start: number;
  end: number;
  text: string;
}
/** Strict parse: blocks of index, `start --> end`, one text line. */
function parseCues(body: string, sep: '.' | ','): Cue[] {
  const blocks = body.split('\n\n').filter((b) => b.length > 0);
  const timing = new RegExp(`^${TS} --> ${TS}$`);
  return blocks.map((b) => {
    const lines = b.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\d+$/);
    expect(lines[1].includes(sep === '.' ? ',' : '.')).toBe(false);
    const m = lines[1].match(timing);
    expect(m, lines[1]).not.toBeNull();
    return { n: +lines[0], start: seconds(m!, 1), end: seconds(m!, 5), text: lines[2] };
  });
}

const segmentsSchema = z.object({
  source: z.string().nullable(),
  fps: z.number().nullable(),
  frames: z.number().int().nullable(),
  segments: z.array(
    z.strictObject({
      label: z.string(),
      start: z.number().int(),
      end: z.number().int(),
      start_time: z.number(),
      end_time: z.number(),
      score: z.number(),
    }),
  ),
});

describe('sink formats', () => {
  it('jsonl: one object per frame, in order, times to ms and scores to 4 decimals', async () => {
    const text = await writeAll('jsonl', EVENTS);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n').map((l) => validEvent(l) as Record<string, unknown>);
    expect(lines).toHaveLength(150);
    expect(Object.keys(lines[120])).toEqual(['frame', 'time', 'label', 'score', 'scores']);
    expect(lines.map((l) => l.frame)).toEqual(EVENTS.map((e) => e.frame));
    expect(lines[120]).toMatchObject({ frame: 120, time: 4.8, label: 'dissolve' });
    const ev = EVENTS[121];
    expect(lines[121].score).toBe(Math.round(ev.score * 1e4) / 1e4);
    expect(lines[121].time).toBe(4.84);
    const scores = lines[121].scores as Record<string, number>;
    expect(Object.keys(scores)).toEqual(LABELS);
    for (const v of Object.values(scores)) expect(Math.round(v * 1e4) / 1e4).toBe(v);
    expect(lines[1].time).toBe(0.04);
  });

  it('csv: header and one row per frame', async () => {
    const rows = (await writeAll('csv', EVENTS)).trimEnd().split('\n');
    expect(rows[0]).toBe('frame,time,label,score');
    expect(rows).toHaveLength(151);
    const r = rows[121].split(',');
    expect(r).toHaveLength(4);
    expect(+r[0]).toBe(120);
    expect(+r[1]).toBe(4.8);
    expect(r[2]).toBe('dissolve');
    expect(+r[3]).toBeCloseTo(EVENTS[120].score, 4);
  });

  it('csv: quotes a label that needs it', async () => {
    const evs = EVENTS.slice(0, 2).map((e) => ({ ...e, label: 'a,"b"' }));
    const rows = (await writeAll('csv', evs)).trimEnd().split('\n');
    expect(rows[1]).toBe(`0,0,"a,""b""",${Math.round(evs[0].score * 1e4) / 1e4}`);
  });

  it('vtt: a WEBVTT header and one cue per segment with HH:MM:SS.mmm timestamps', async () => {
    const text = await writeAll('vtt', EVENTS);
    expect(text.startsWith('WEBVTT\n\n')).toBe(true);
    const cues = parseCues(text.slice('WEBVTT\n\n'.length), '.');
    const segs = segmentsOf(EVENTS);
    expect(cues.map((c) => c.text)).toEqual(segs.map((s) => s.label));
    expect(cues.map((c) => c.n)).toEqual(segs.map((_, i) => i + 1));
    expect(text).toContain('00:00:04.800 --> 00:00:05.400\ndissolve\n');
    // A one-frame cut lasts one frame.
    const cut = cues.find((c) => c.text === 'cut')!;
    expect(cut.start).toBeCloseTo(2.4, 6);
    expect(cut.end).toBeCloseTo(2.44, 6);
    expect(cues[cues.length - 1].end).toBeCloseTo(6, 6);
  });

  it('srt: numbered cues with HH:MM:SS,mmm timestamps; eventsOnly drops still/motion', async () => {
    const text = await writeAll('srt', EVENTS, { eventsOnly: true });
    const cues = parseCues(text, ',');
    expect(cues.map((c) => c.text)).toEqual(['cut', 'dissolve']);
    expect(cues.map((c) => c.n)).toEqual([1, 2]);
    expect(text).toContain('2\n00:00:04,800 --> 00:00:05,400\ndissolve\n\n');
  });

  it('cue ends are estimated from frame times when fps is unknown', async () => {
    const out = tmpFile('vtt');
    const sink = createSink('vtt', { out });
    const evs = makeEvents(70).map((e) => ({ ...e, time: e.frame / 50 }));
    for (const e of evs) sink.write(e);
    await sink.close();
    const cut = parseCues(readFileSync(out, 'utf8').slice(8), '.').find((c) => c.text === 'cut')!;
    expect(cut.start).toBeCloseTo(1.2, 6);
    expect(cut.end).toBeCloseTo(1.22, 6);
  });

  it('segments: the documented schema, same segments as the segment stage', async () => {
    const doc = segmentsSchema.parse(validSegments(await writeAll('segments', EVENTS)));
    expect(doc.source).toBe('clip.mp4');
    expect(doc.fps).toBe(25);
    expect(doc.frames).toBe(150);
    const segs = segmentsOf(EVENTS);
    expect(doc.segments.map((s) => [s.label, s.start, s.end])).toEqual(segs.map((s) => [s.label, s.start, s.end]));
    const dis = doc.segments.find((s) => s.label === 'dissolve')!;
    expect(dis).toMatchObject({ start: 120, end: 134, start_time: 4.8, end_time: 5.36 });
    expect(Math.round(dis.score * 1e4) / 1e4).toBe(dis.score);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes to a given stream and leaves it open', async () => {
    const stream = new PassThrough();
    const chunks: string[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c.toString()));
    const sink = createSink('jsonl', { stream });
    for (const e of EVENTS.slice(0, 3)) sink.write(e);
    await sink.close();
    await sink.close();
    expect(chunks.join('').trimEnd().split('\n')).toHaveLength(3);
    expect(stream.writableEnded).toBe(false);
  });

  it('an output that cannot be created is a user error', () => {
    for (const format of ['jsonl', 'segments'] as const) {
      expect(() => createSink(format, { out: join(dir, 'no-such-dir', 'x.out') })).toThrow(UsageError);
    }
  });
});

describe('stopping early leaves valid output', () => {
  it('streaming formats are on disk as each event is written', () => {
    const out = tmpFile('jsonl');
    const sink = createSink('jsonl', { out });
    for (const e of EVENTS.slice(0, 10)) sink.write(e);
    // Not closed: what a killed process leaves behind.
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    for (const l of lines) JSON.parse(l);
    return sink.close();
  });

  it('vtt: cues of closed segments are written as they close, the open one on close', async () => {
    const out = tmpFile('vtt');
    const sink = createSink('vtt', { out, fps: FPS });
    for (const e of EVENTS.slice(0, 125)) sink.write(e);
    // A segment is final once the label of the frame after it is (within the decoder's lag): here `still` and `cut`
    // are; `motion` ended five frames before the last one written, well within the lag.
    const before = parseCues(readFileSync(out, 'utf8').slice(8), '.');
    expect(before.map((c) => c.text)).toEqual(['still', 'cut']);
    await sink.close();
    const after = parseCues(readFileSync(out, 'utf8').slice(8), '.');
    expect(after.map((c) => c.text)).toEqual(['still', 'cut', 'motion', 'dissolve']);
    expect(after[3].end).toBeCloseTo(125 / FPS, 6);
  });

  it('unsubscribing closes every format into a valid file', async () => {
    for (const format of ['jsonl', 'csv', 'vtt', 'srt', 'segments'] as const) {
      const out = tmpFile(format);
      const subject = new Subject<LabelEvent>();
      const sub = subject.pipe(writeTo(createSink(format, { out, fps: FPS }))).subscribe();
      for (const e of EVENTS.slice(0, 130)) subject.next(e);
      sub.unsubscribe();
      await new Promise((r) => setTimeout(r, 20));
      const text = readFileSync(out, 'utf8');
      if (format === 'jsonl') expect(text.trimEnd().split('\n').map((l) => JSON.parse(l))).toHaveLength(130);
      if (format === 'csv') expect(text.trimEnd().split('\n')).toHaveLength(131);
      if (format === 'vtt') expect(parseCues(text.slice(8), '.').map((c) => c.text)).toEqual(['still', 'cut', 'motion', 'dissolve']);
      if (format === 'srt') expect(parseCues(text, ',')).toHaveLength(4);
      if (format === 'segments') {
        const doc = segmentsSchema.parse(validSegments(text));
        expect(doc.frames).toBe(130);
        expect(doc.segments[doc.segments.length - 1]).toMatchObject({ label: 'dissolve', start: 120, end: 129 });
      }
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('on error the file is closed before the error arrives', async () => {
    const out = tmpFile('json');
    const failing = concat(from(EVENTS.slice(0, 70)), throwError(() => new Error('decoder died')));
    await expect(lastValueFrom(failing.pipe(writeTo(createSink('segments', { out, fps: FPS }))))).rejects.toThrow(
      'decoder died',
    );
    const doc = segmentsSchema.parse(validSegments(readFileSync(out, 'utf8')));
    expect(doc.segments.map((s) => s.label)).toEqual(['still', 'cut', 'motion']);
  });

  it('a failing write errors the stream and still closes the sink', async () => {
    let closed = 0;
    const sink = {
      write(ev: LabelEvent) {
        if (ev.frame === 3) throw new Error('disk full');
      },
      close() {
        closed++;
        return Promise.resolve();
      },
    };
    await expect(lastValueFrom(from(EVENTS).pipe(writeTo(sink)))).rejects.toThrow('disk full');
    expect(closed).toBe(1);
  });
});
