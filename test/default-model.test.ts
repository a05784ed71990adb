/**
 * The shipped default model on the demo video (deterministic: same generator recipe, same weights), through the
 * CLI and the report. These check that real transitions are found, so they fail if the model or a stage regresses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../fixtures/generateDemo.js';
import { DEFAULT_MODEL_PATH } from '../src/packageRoot.js';
import { loadModel } from '../src/recurrent/modelFile.js';
import { thumbnailFrames } from '../src/report/segmentThumbnails.js';
import { writeReport } from '../pipelines/writeReport.js';
import type { Segment } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { tempDir } from './helpers/ffmpeg.js';

let dir: string;
let video: string;

/** The demo's true events (fixtures/generateDemo.ts): the shipped model reports every one at its frames, of its kind. */
const EXPECTED = [
  { label: 'cut', start: 40, end: 40 },
  { label: 'fade_out', start: 75, end: 86 },
  { label: 'black', start: 87, end: 96 },
  { label: 'fade_in', start: 97, end: 108 },
  { label: 'dissolve', start: 139, end: 153 },
  { label: 'freeze', start: 163, end: 174 },
  { label: 'wipe', start: 184, end: 198 },
  { label: 'cut', start: 229, end: 229 },
];

function found(segments: Segment[], t: (typeof EXPECTED)[number]): Segment | undefined {
  return segments.find((s) =>
    s.label === t.label && (t.label === 'cut' ? Math.abs(s.start - t.start) <= 2 : s.end >= t.start && s.start <= t.end),
  );
}

beforeAll(async () => {
  dir = tempDir('fw-default');
  ({ video } = await generateDemo(dir));
}, 120_000);

describe('the shipped default model on the demo video', () => {
  it('framewise label --format segments reports its transitions', async () => {
    const r = await runCli(['label', video, '--format', 'segments']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { frames: number; segments: Segment[] };
    expect(doc.frames).toBe(250);
    for (const t of EXPECTED) expect(found(doc.segments, t), `${t.label} ${t.start}-${t.end}`).toBeDefined();
  });

  it('the report has a segment with its first, middle and last frames for each of them', async () => {
    const model = await loadModel(DEFAULT_MODEL_PATH);
    const out = join(dir, 'demo.html');
    const { data, thumbnails } = await writeReport(video, { model, out });
    for (const t of EXPECTED) expect(found(data.segments, t), `${t.label} ${t.start}-${t.end}`).toBeDefined();
    // One thumbnail per distinct frame among first, middle and last (a 1-frame cut has one).
    expect(thumbnails).toBe(data.segments.reduce((n, s) => n + thumbnailFrames(s).length, 0));
    expect(thumbnails).toBeGreaterThan(2 * data.segments.length);
    const html = readFileSync(out, 'utf8');
    expect(html.match(/data:image\/jpeg;base64,/g)?.length).toBe(thumbnails);
  });
});
