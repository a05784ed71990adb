/**
 * Model and truth files from strangers (issue: hostile input, items 2, 3 and 9): every size they declare is bounded
 * and checked before it sizes anything; labels cannot inject output; broken numbers are errors.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { from, lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTruth, parseTruth } from '../src/dataset/truthFile.js';
import { ModelError } from '../src/errors.js';
import { labelFeatures } from '../src/labeller/labelFeatures.js';
import { toLabels } from '../src/labels/toLabels.js';
import { HEAD_WEIGHT, paramShapes, type Model } from '../src/recurrent/model.js';
import { decodeModel, saveModel } from '../src/recurrent/modelFile.js';
import { encodeSafetensors } from '../src/recurrent/safetensors.js';
import { jsonlSink } from '../src/sinks/jsonlSink.js';
import { srtSink } from '../src/sinks/srtSink.js';
import type { TextOutput } from '../src/sinks/textOutput.js';
import { vttSink } from '../src/sinks/vttSink.js';
import type { FeatureVector, LabelEvent } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { makeVideo, tempDir } from './helpers/ffmpeg.js';
import { processesMentioning } from './helpers/processes.js';
import { randomModel } from './helpers/randomModel.js';

let dir: string;
let clip: string;
let modelPath: string;
const model = randomModel(0);

beforeAll(async () => {
  dir = tempDir('hostile-files');
  clip = makeVideo(join(dir, 'clip.mp4'), ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=0.4']);
  modelPath = join(dir, 'model.safetensors');
  await saveModel(modelPath, model);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The model's file with its metadata changed by `edit` (tensors untouched). */
function withMeta(edit: (meta: Record<string, unknown> & { feature: Record<string, unknown> }) => void, base: Model = model): Uint8Array {
  const meta = JSON.parse(JSON.stringify(base.meta)) as Record<string, unknown> & { feature: Record<string, unknown> };
  edit(meta);
  const tensors = paramShapes(base.meta).map(({ name, shape }) => ({ name, shape, data: base.params[name] }));
  return encodeSafetensors(tensors, { framewise: JSON.stringify(meta) });
}

function modelErrorOf(bytes: Uint8Array): ModelError {
  try {
    decodeModel(bytes, 'strange.safetensors');
  } catch (err) {
    expect(err).toBeInstanceOf(ModelError);
    return err as ModelError;
  }
  throw new Error('the model was accepted');
}

/** A string collecting what a sink writes. */
function collect(): TextOutput & { text: string } {
  const out = { text: '', write: (t: string) => void (out.text += t), close: () => Promise.resolve() };
  return out;
}

function event(frame: number, label: string): LabelEvent {
  return { frame, time: frame / 25, label, score: 0.9, scores: { [label]: 0.9 } };
}

describe('model metadata sizes are bounded before anything is allocated or spawned', () => {
  it.each([
    ['feature.width', (m: Parameters<Parameters<typeof withMeta>[0]>[0]) => (m.feature.width = 2 ** 31)],
    ['feature.width', (m: Parameters<Parameters<typeof withMeta>[0]>[0]) => (m.feature.width = 1e6)],
    ['feature.height', (m: Parameters<Parameters<typeof withMeta>[0]>[0]) => (m.feature.height = 100_000)],
    ['delay', (m: Parameters<Parameters<typeof withMeta>[0]>[0]) => (m.delay = 1e9)],
    ['labels', (m: Parameters<Parameters<typeof withMeta>[0]>[0]) => (m.labels = Array.from({ length: 5000 }, (_, i) => `l${i}`))],
    ['hiddenSize', (m: Parameters<Parameters<typeof withMeta>[0]>[0]) => (m.hiddenSize = 1e6)],
  ])('refuses an oversized %s', (field, edit) => {
    expect(modelErrorOf(withMeta(edit)).message).toContain(field);
  });

  it('framewise label with a model asking for a 2^31-pixel-wide analysis: one line, exit 1, no ffmpeg started', async () => {
    const bad = join(dir, 'wide.safetensors');
    writeFileSync(bad, withMeta((m) => (m.feature.width = 2 ** 31)));
    const r = await runCli(['label', clip, '-m', bad], { timeoutMs: 60_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^framewise: invalid model file .*feature\.width/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(processesMentioning(dir)).toEqual([]);
  });
});

describe('truth files are bounded and checked against the video', () => {
  it('refuses frames: 1e15 and 2^31 as a TruthError naming the field', () => {
    for (const frames of [1e15, 2 ** 31]) {
      expect(() => parseTruth({ labels: ['a'], fps: 25, frames, segments: [] }, 'x.labels.json')).toThrow(/invalid field "frames"/);
    }
  });

  it('framewise eval: frames 1e15 is one line (no stack); a count far from the container\'s fails before decoding', async () => {
    const data = join(dir, 'data');
    mkdirSync(data);
    makeVideo(join(data, 'v.mp4'), ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=0.4']);
    writeFileSync(join(data, 'v.labels.json'), JSON.stringify({ labels: ['still'], fps: 25, frames: 1e15, segments: [] }));
    const huge = await runCli(['eval', '-d', data, '-m', modelPath, '--cache', join(dir, 'cache')], { timeoutMs: 60_000 });
    expect(huge.code).toBe(1);
    expect(huge.stderr).not.toMatch(/internal error|RangeError|\n\s+at /);
    expect(huge.stderr).toMatch(/v\.labels\.json: invalid field "frames"/);

    writeFileSync(join(data, 'v.labels.json'), JSON.stringify({ labels: ['still'], fps: 25, frames: 10_000_000, segments: [] }));
    const far = await runCli(['eval', '-d', data, '-m', modelPath, '--cache', join(dir, 'cache')], { timeoutMs: 60_000 });
    expect(far.code).toBe(1);
    expect(far.stderr).toMatch(/truth says 10000000 frames, the video announces 10/);
  });

  it('accepts a truth file saved with a UTF-8 byte-order mark', async () => {
    const path = join(dir, 'bom.labels.json');
    writeFileSync(path, '\uFEFF' + JSON.stringify({ labels: ['a'], fps: 25, frames: 3, segments: [] }));
    expect((await loadTruth(path)).frames).toBe(3);
  });

  it('framewise eval warns when the truth files and the model have no label in common', async () => {
    const data = join(dir, 'foreign');
    mkdirSync(data);
    makeVideo(join(data, 'v.mp4'), ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=0.4']);
    writeFileSync(join(data, 'v.labels.json'), JSON.stringify({ labels: ['sunrise', 'sunset'], fps: 25, frames: 10, segments: [] }));
    const r = await runCli(['eval', '-d', data, '-m', modelPath, '--cache', join(dir, 'cache')], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^warning: the truth files \(sunrise, sunset\) and the model \(.*\) have no label in common/);
  });
});

describe('labels cannot break outputs', () => {
  it('a label with line breaks stays inside its one VTT/SRT cue', async () => {
    const evil = 'cut\n\n99\n00:00:00,000 --> 00:09:00,000\n<script>x</script>';
    const labels = ['still', 'still', evil, evil, evil, evil, evil, 'still', 'still'];
    const events = labels.map((l, i) => event(i, l));
    for (const [make, format] of [[vttSink, 'vtt'], [srtSink, 'srt']] as const) {
      const out = collect();
      const sink = make(out);
      events.forEach((e) => sink.write(e));
      await sink.close();
      const cues = out.text.split('\n').filter((l) => l.includes('-->'));
      expect(cues).toHaveLength(3);
      // WebVTT gives tags meaning and has entities to escape them; SubRip has neither (its tags only format).
      if (format === 'vtt') expect(out.text).not.toContain('<script>');
      expect(out.text.split('\n').filter((l) => l.startsWith('cut '))).toHaveLength(1);
    }
  });

  it('a label named __proto__ keeps its score, in the event and in JSONL', async () => {
    const [ev] = await lastValueFrom(from([{ index: 0, time: 0, probs: new Float32Array([0.25, 0.75]), decodedAt: 0 }]).pipe(toLabels(['__proto__', 'other']), toArray()));
    expect(Object.keys(ev.scores)).toEqual(['__proto__', 'other']);
    expect(ev.scores['__proto__']).toBe(0.25);
    const out = collect();
    const sink = jsonlSink(out);
    sink.write(ev);
    await sink.close();
    expect(JSON.parse(out.text).scores).toEqual(JSON.parse('{"__proto__":0.25,"other":0.75}'));
  });

  it('a model whose weights overflow is a ModelError, not a run of null scores', async () => {
    // Every hidden unit saturates at 1 (GRU gates r, z, n: z shut, r and n wide open), then 16 × 3e38 overflows.
    const dim = model.meta.inputSize;
    const H = model.meta.hiddenSize;
    const gates = model.params.weight_ih_l0.map((_, i) => (Math.floor(i / dim) >= H && Math.floor(i / dim) < 2 * H ? -1e30 : 1e30));
    const head = model.params[HEAD_WEIGHT].map((_, i) => (Math.floor(i / H) % 2 ? 3e38 : -3e38));
    const huge: Model = { meta: model.meta, params: { ...model.params, weight_ih_l0: gates, [HEAD_WEIGHT]: head } };
    const vectors: FeatureVector[] = Array.from({ length: 4 }, (_, i) => ({ index: i, time: i / 25, values: new Float32Array(dim).fill(i + 1), decodedAt: 0 }));
    await expect(lastValueFrom(from(vectors).pipe(labelFeatures(huge), toArray()))).rejects.toThrow(/non-finite score/);
  });
});
