/**
 * A label set framewise was never written for: `calm` shots, one-frame white `flash`es and `slide` transitions (one
 * picture pushed out by a colour). A tiny model trained on them, with labelInfo saying flash is a point label and
 * slide a gradual one, goes through label, segments, eval, calibration and the HTML report with no code knowing
 * these names; and the training's early-stopping macro-F1 is the number eval reports for the same frames.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePipeline } from '../pipelines/evaluate.js';
import { withoutCalibration } from '../pipelines/calibrateLogitBias.js';
import { trainPipeline } from '../pipelines/train.js';
import { formatEvalReport } from '../src/evaluate/formatEvalReport.js';
import { labelRegistry } from '../src/labels/labelRegistry.js';
import { loadModel, saveModel } from '../src/recurrent/modelFile.js';
import type { ModelMeta } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { makeVideo, tempDir } from './helpers/ffmpeg.js';

const FPS = 25;
const LABELS = ['calm', 'flash', 'slide'];
const LABEL_INFO: NonNullable<ModelMeta['labelInfo']> = {
  flash: { role: 'point', colour: '#ffee00', displayName: 'Flash' },
  slide: { role: 'gradual', minFrames: 3, colour: '#123456' },
};
/** Frames of a slide. */
const SLIDE = 10;

/**
 * `a` frames of a test picture, one white frame, `b` frames of the picture, a slide into a colour, `c` frames of it;
 * returns the truth segments (frame ranges, inclusive).
 */
function makeClip(file: string, a: number, b: number, c: number, colour: string): Array<{ label: string; start: number; end: number }> {
  const src = (head: string, from: number, to: number, pad: string): string =>
    `${head}size=160x120:rate=${FPS},format=yuv420p,trim=start_frame=${from}:end_frame=${to},setpts=PTS-STARTPTS[${pad}]`;
  const graph = [
    src('testsrc2=', 0, a, 'p'),
    src('color=c=white:', 0, 1, 'f'),
    src('testsrc2=', 0, b, 'q'),
    // The picture goes on while the colour slides in from the right, one step a frame, then the colour stays.
    src('testsrc2=', b, b + SLIDE, 'r'),
    src(`color=c=${colour}:`, 0, SLIDE, 's'),
    `[r][s]overlay=x='W*(1-(n+1)/${SLIDE + 1})':y=0[rs]`,
    src(`color=c=${colour}:`, 0, c, 'z'),
    '[p][f][q][rs][z]concat=n=5:v=1:a=0',
  ].join(';');
  makeVideo(file, ['-filter_complex', graph]);
  const slide = a + 1 + b;
  return [
    { label: 'flash', start: a, end: a },
    { label: 'slide', start: slide, end: slide + SLIDE - 1 },
  ];
}

function truthFile(frames: number, segments: Array<{ label: string; start: number; end: number }>): string {
  return JSON.stringify({ labels: LABELS, default: 'calm', fps: FPS, frames, segments });
}

let dir: string;
let data: string;
let val: string;
let modelPath: string;

beforeAll(async () => {
  dir = tempDir('own-labels');
  data = join(dir, 'data');
  val = join(dir, 'val');
  mkdirSync(data);
  mkdirSync(val);
  const clips: Array<[string, string, number, number, number, string]> = [
    [data, 'a', 20, 25, 15, 'red'],
    [data, 'b', 30, 15, 20, 'blue'],
    [data, 'c', 12, 30, 18, 'green'],
    [val, 'v', 25, 20, 15, 'orange'],
  ];
  for (const [folder, name, a, b, c, colour] of clips) {
    const segments = makeClip(join(folder, `${name}.mp4`), a, b, c, colour);
    writeFileSync(join(folder, `${name}.labels.json`), truthFile(a + 1 + b + SLIDE + c, segments));
  }
  modelPath = join(dir, 'own.safetensors');
  await trainPipeline({
    data,
    val,
    out: modelPath,
    hidden: 8,
    delay: 2,
    epochs: 4,
    chunk: 32,
    batch: 4,
    labelInfo: LABEL_INFO,
    cacheDir: join(dir, 'cache'),
  });
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a model with its own label set', () => {
  it('records the labels and their labelInfo, and calibrates its point label', async () => {
    const model = await loadModel(modelPath);
    expect(model.meta.labels).toEqual(LABELS);
    expect(model.meta.labelInfo).toEqual(LABEL_INFO);
    expect(model.meta.training?.flashCalibration).toMatchObject({ label: 'flash' });
    expect(model.meta.training?.cutCalibration).toBeUndefined();
  });

  it('labels a video through the CLI: events and segments carry its labels, by its rules', async () => {
    const video = join(val, 'v.mp4');
    const jsonl = await runCli(['label', video, '--model', modelPath], { timeoutMs: 60_000 });
    expect(jsonl.code, jsonl.stderr).toBe(0);
    const events = jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l) as { label: string; scores: Record<string, number> });
    expect(events).toHaveLength(25 + 1 + 20 + SLIDE + 15);
    for (const ev of events) {
      expect(LABELS).toContain(ev.label);
      expect(Object.keys(ev.scores)).toEqual(LABELS);
    }
    const out = join(dir, 'v.segments.json');
    const seg = await runCli(['label', video, '--model', modelPath, '--format', 'segments', '--out', out], { timeoutMs: 60_000 });
    expect(seg.code, seg.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { segments: Array<{ label: string; start: number; end: number }> };
    expect(doc.segments.length).toBeGreaterThan(0);
    expect(doc.segments[0].start).toBe(0);
    expect(doc.segments.at(-1)!.end).toBe(events.length - 1);
    for (const s of doc.segments) {
      expect(LABELS).toContain(s.label);
      // slide's minimum of 3 frames, from labelInfo, holds (a short run is absorbed).
      if (s.label === 'slide') expect(s.end - s.start + 1).toBeGreaterThanOrEqual(3);
    }
    expect(doc.segments[0].label).not.toBe('flash'); // a point label never opens a stream
  });

  it('evaluates: transitions are its point and gradual labels, no baseline, and training’s macro-F1 is eval’s', async () => {
    const model = await loadModel(modelPath);
    const report = await evaluatePipeline(model, val, { cacheDir: join(dir, 'cache') });
    expect(report.labels).toEqual(LABELS);
    expect(report.pointLabel).toBe('flash');
    expect(Object.keys(report.model.transitions.perKind)).toEqual(['flash', 'slide']);
    expect(report.model.transitions.perKind.flash.truths).toBe(1);
    expect(report.model.transitions.perKind.slide.truths).toBe(1);
    expect(report.baseline).toBeNull();
    expect(report.model.falseCutsPer5Min).toBeGreaterThanOrEqual(0);
    const text = formatEvalReport(report);
    expect(text).toMatch(/flash ±2 frames/);
    expect(text).toMatch(/false flashs\/5min/);
    expect(text).toMatch(/no baseline/);
    expect(text).not.toMatch(/^baseline /m);

    // The same frames, the same confusion: the macro-F1 training kept its epoch by is the one eval prints (for the
    // model as trained, before its flash calibration moved the head bias).
    const asTrained = withoutCalibration(model, 'flash');
    const again = await evaluatePipeline(asTrained, val, { cacheDir: join(dir, 'cache') });
    expect(again.model.frame.macroF1).toBeCloseTo(model.meta.training!.valMacroF1 as number, 9);
    expect(again.model.frame.accuracy).toBeCloseTo(model.meta.training!.valAccuracy as number, 9);

    // Without labelInfo every label is an event that is not a transition: nothing to score as one, nothing to calibrate.
    const plain = join(dir, 'plain.safetensors');
    await saveModel(plain, { ...model, meta: { ...model.meta, labelInfo: undefined } });
    const bare = await loadModel(plain);
    expect(labelRegistry(bare.meta).transitionLabels()).toEqual([]);
    const r = await evaluatePipeline(bare, val, { cacheDir: join(dir, 'cache') });
    expect(r.model.transitions.perKind).toEqual({});
    expect(r.pointLabel).toBeNull();
    expect(r.model.falseCutsPer5Min).toBeNull();
    expect(formatEvalReport(r)).toMatch(/Per frame/);
  });

  it('writes an HTML report in the labels’ own colours and names', async () => {
    const out = join(dir, 'v.report.html');
    const r = await runCli(['report', join(val, 'v.mp4'), '--model', modelPath, '--out', out], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('#123456');
    expect(html).toContain('#ffee00');
    // The summary table has a row per label, by its display name where labelInfo gives one.
    expect(html).toMatch(/<td><span class="chip" style="background:#ffee00"><\/span>Flash<\/td>/);
    expect(html).toMatch(/<td><span class="chip" style="background:#123456"><\/span>slide<\/td>/);
  });
});
