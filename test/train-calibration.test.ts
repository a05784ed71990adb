import { describe, expect, it } from 'vitest';
import { BIAS_CANDIDATES, calibrateLogitBias } from '../pipelines/calibrateLogitBias.js';
import { predictVideo } from '../pipelines/evaluate.js';
import type { LabelledVideo } from '../pipelines/loadDataset.js';
import { HEAD_BIAS } from '../src/recurrent/model.js';
import { labelRegistry } from '../src/labels/labelRegistry.js';
import { segmentsOf } from '../src/labels/segmentsOf.js';
import { randomModel } from './helpers/randomModel.js';

// `calm` is no shipped label: without truth statistics for the set, the segment stage keeps the network's runs as they
// are (a cut only cannot open a stream or follow a cut), so the cut events are the logits' own.
const LABELS = ['calm', 'cut'];

/** Videos of random features whose truth is what `model` says with the cut logit raised by `bias`. */
async function videosLabelledBy(bias: number): Promise<LabelledVideo[]> {
  const teacher = randomModel(0, 11, 8, LABELS);
  teacher.params[HEAD_BIAS][1] += bias;
  const dim = teacher.meta.inputSize;
  let s = 99;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) * 4 - 2;
  const videos: LabelledVideo[] = [];
  for (let k = 0; k < 6; k++) {
    const frames = 120;
    const v: LabelledVideo = {
      name: `v${k}`,
      video: `v${k}.mp4`,
      truth: { labels: LABELS, fps: 25, frames, segments: [] },
      values: Float32Array.from({ length: frames * dim }, rnd),
      targets: new Int32Array(frames),
      fps: 25,
    };
    // The truth is the teacher's segments, decoded as calibration decodes (by the model's registry), so a student with
    // the same logits reproduces its events exactly.
    for (const seg of segmentsOf(await predictVideo(teacher, v), { registry: labelRegistry(teacher.meta) })) v.targets.fill(LABELS.indexOf(seg.label), seg.start, seg.end + 1);
    videos.push(v);
  }
  return videos;
}

describe('calibrateLogitBias', () => {
  it('finds the cut offset that the truth was made with, and bakes it into the head bias', async () => {
    const videos = await videosLabelledBy(1.5);
    expect(videos.some((v) => v.targets.includes(1))).toBe(true);
    const model = randomModel(0, 11, 8, LABELS);
    const before = Float32Array.from(model.params[HEAD_BIAS]);
    const cal = await calibrateLogitBias(model, videos, 'cut');
    // 1.5 or a smaller offset that already flips the same frames (ties go to the smaller one).
    expect(cal.bias).toBeGreaterThanOrEqual(1);
    expect(cal.bias).toBeLessThanOrEqual(1.5);
    expect(cal.f1Before).toBeLessThan(0.5);
    expect(cal.f1After).toBe(1);
    expect(model.params[HEAD_BIAS][1] - before[1]).toBeCloseTo(cal.bias, 6);
    expect(model.params[HEAD_BIAS][0]).toBe(before[0]);
    // The baked model labels as the scan predicted: same cut F1 when calibrated again, with no further offset.
    const again = await calibrateLogitBias(model, videos, 'cut');
    expect(again.bias).toBe(0);
    expect(again.f1Before).toBeCloseTo(cal.f1After, 9);
  });

  it('with a false-cut budget, keeps the best cut F1 among the offsets within it', async () => {
    const videos = await videosLabelledBy(0);
    // Another network than the one that made the truth: no offset reproduces it, false cuts trade against misses.
    const student = (offset = 0) => {
      const m = randomModel(3, 11, 8, LABELS);
      m.params[HEAD_BIAS][1] += offset;
      return m;
    };
    // Every offset's figures, read as the "before" of a calibration of a model shifted by that offset.
    const scans = [];
    for (const bias of BIAS_CANDIDATES) {
      const c = await calibrateLogitBias(student(bias), videos, 'cut');
      scans.push({ bias, f1: c.f1Before, falsePer5Min: c.falsePer5MinBefore });
    }
    const free = await calibrateLogitBias(student(), videos, 'cut');
    const budget = free.falsePer5MinAfter / 2;
    expect(budget).toBeGreaterThan(0);
    const within = scans.filter((c) => c.falsePer5Min <= budget);
    expect(within.length).toBeGreaterThan(0);
    const bound = await calibrateLogitBias(student(), videos, 'cut', { maxFalsePer5Min: budget });
    expect(bound.maxFalsePer5Min).toBe(budget);
    expect(bound.falsePer5MinAfter).toBeLessThanOrEqual(budget);
    expect(bound.f1After).toBe(Math.max(...within.map((c) => c.f1)));
    expect(bound.f1After).toBeLessThanOrEqual(free.f1After);
    expect(scans.find((c) => c.bias === bound.bias)).toMatchObject({ f1: bound.f1After, falsePer5Min: bound.falsePer5MinAfter });
  });

  it('can hold the budget on each folder rather than on all the videos together', async () => {
    // Two "folders" of three videos each, labelled by another network than the student, as above.
    const videos = (await videosLabelledBy(0)).map((v, i) => ({ ...v, video: `${i < 3 ? 'calm' : 'busy'}/${v.video}` }));
    const student = () => randomModel(3, 11, 8, LABELS);
    // The false cuts per 5 min of one folder's videos for a student shifted by `bias`.
    const folderRate = async (folder: string, bias: number) => {
      const m = student();
      m.params[HEAD_BIAS][1] += bias;
      return (await calibrateLogitBias(m, videos.filter((v) => v.video.startsWith(folder)), 'cut')).falsePer5MinBefore;
    };
    const free = await calibrateLogitBias(student(), videos, 'cut');
    const rates = await Promise.all(['calm', 'busy'].map((f) => folderRate(f, free.bias)));
    // A budget the pooled videos meet at the free offset, but not the busier folder.
    const budget = (Math.max(...rates) + free.falsePer5MinAfter) / 2;
    expect(Math.max(...rates)).toBeGreaterThan(budget);
    const pooled = await calibrateLogitBias(student(), videos, 'cut', { maxFalsePer5Min: budget });
    expect(pooled.bias).toBe(free.bias);
    const each = await calibrateLogitBias(student(), videos, 'cut', { maxFalsePer5Min: budget, budgetPerFolder: true });
    expect(each.bias).toBeLessThan(free.bias);
    for (const f of ['calm', 'busy']) expect(await folderRate(f, each.bias)).toBeLessThanOrEqual(budget);
    expect(each.falsePer5MinAfter).toBe(Math.max(...(await Promise.all(['calm', 'busy'].map((f) => folderRate(f, each.bias))))));
  });

  it('leaves a model alone when the label is not in its set', async () => {
    const model = randomModel(0, 11, 8, ['a', 'b']);
    const before = Float32Array.from(model.params[HEAD_BIAS]);
    expect((await calibrateLogitBias(model, [], 'cut')).bias).toBe(0);
    expect(model.params[HEAD_BIAS]).toEqual(before);
  });
});
