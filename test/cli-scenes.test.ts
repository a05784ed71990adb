/**
 * The scene commands end to end on the demo video with the shipped default model (which finds its transitions):
 * `label --format scenes-csv|edl|otio|fcpxml`, `split` (stream copy and --precise, audio kept) and `images`.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../fixtures/generateDemo.js';
import { runCli } from './helpers/cli.js';
import { ffprobeText, makeVideo, tempDir } from './helpers/ffmpeg.js';
import { expectSchema } from './helpers/schemas.js';
import { resolveFfmpeg } from '../src/decode/ffmpegPath.js';
import { execFileSync } from 'node:child_process';

let dir: string;
let video: string;
let withAudio: string;

/** The demo's scenes as the default model finds them (its events: test/default-model.test.ts), ±2 frames. */
const SCENES = [
  [0, 39],
  [40, 74],
  [109, 138],
  [154, 183],
  [199, 228],
  [229, 249],
];

beforeAll(async () => {
  dir = tempDir('fw-cli-scenes');
  ({ video } = await generateDemo(dir));
  withAudio = join(dir, 'demo-audio.mp4');
  makeVideo(withAudio, ['-i', video, '-f', 'lavfi', '-i', 'sine=frequency=440:duration=10'], ['-map', '0:v', '-map', '1:a', '-c:v', 'copy', '-c:a', 'aac', '-shortest']);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function frameCount(file: string): number {
  return Number(ffprobeText(['-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file]).trim());
}
function hasAudio(file: string): boolean {
  return ffprobeText(['-select_streams', 'a', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', file]).includes('audio');
}

describe('framewise label: scene formats on the demo video', () => {
  it('--format scenes-csv lists its six scenes', async () => {
    const r = await runCli(['label', video, '--format', 'scenes-csv', '--no-progress'], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    const [header, ...rows] = r.stdout.trimEnd().split('\n');
    const cols = header.split(',');
    const scenes = rows.map((row) => Object.fromEntries(row.split(',').map((v, i) => [cols[i], v])));
    for (const s of scenes) expectSchema('scene-row', s);
    expect(scenes).toHaveLength(SCENES.length);
    scenes.forEach((s, i) => {
      expect(Math.abs(Number(s.start_frame) - SCENES[i][0]), `scene ${i + 1} start`).toBeLessThanOrEqual(2);
      expect(Math.abs(Number(s.end_frame) - SCENES[i][1]), `scene ${i + 1} end`).toBeLessThanOrEqual(2);
    });
    expect(scenes.map((s) => s.closing)).toEqual(['cut', 'fade_out+black+fade_in', 'dissolve', 'wipe', 'cut', '']);
    expect(scenes[1].start_timecode).toBe('00:00:01:15');
  }, 150_000);

  it('-o FILE.edl / .otio / .fcpxml pick the editor formats', async () => {
    for (const ext of ['edl', 'otio', 'fcpxml']) {
      const out = join(dir, `demo.${ext}`);
      const r = await runCli(['label', video, '-o', out, '--no-progress'], { timeoutMs: 120_000 });
      expect(r.code, r.stderr).toBe(0);
      const text = readFileSync(out, 'utf8');
      if (ext === 'edl') expect(text.split('\n').filter((l) => /^\d{3}\s/.test(l)).map((l) => l.slice(0, 3))).toEqual(['001', '002', '003', '003', '004', '004', '005', '005', '006']);
      if (ext === 'otio') expect((JSON.parse(text) as { tracks: { children: { children: { OTIO_SCHEMA: string }[] }[] } }).tracks.children[0].children.map((c) => c.OTIO_SCHEMA.split('.')[0])).toEqual(['Clip', 'Clip', 'Transition', 'Clip', 'Transition', 'Clip', 'Transition', 'Clip', 'Clip']);
      if (ext === 'fcpxml') expect(text.match(/<asset-clip /g)).toHaveLength(6);
    }
  }, 400_000);
});

describe('framewise split', () => {
  it('copies streams between keyframes, says how far each cut moved, keeps the audio', async () => {
    const out = join(dir, 'split-fast');
    const r = await runCli(['split', withAudio, '--out-dir', out, '--no-progress'], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(readdirSync(out).sort()).toEqual([1, 2, 3, 4, 5, 6].map((n) => `demo-audio-Scene-00${n}.mp4`));
    const keys = ffprobeText(['-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', withAudio])
      .trim().split('\n').filter((l) => l.includes('K')).map((l) => Math.round(Number(l.split(',')[0]) * 25));
    let copies = 0;
    for (const line of lines) {
      const [path, , range, cuts] = line.split('\t');
      const [start, end] = range.replace('frames ', '').split('-').map(Number);
      expect(hasAudio(path), path).toBe(true);
      const m = /start moved ([+-][\d.]+) s \(([+-]\d+) frames\), end moved ([+-][\d.]+) s \(([+-]\d+) frames\)/.exec(cuts);
      if (!m) {
        expect(cuts).toBe('re-encoded, frame-exact');
        expect(frameCount(path)).toBe(end - start + 1);
        continue;
      }
      copies++;
      const from = start + Number(m[2]);
      const to = end + 1 + Number(m[4]);
      // A copy starts at a keyframe (or the end), and holds exactly the frames between its cut points.
      expect(keys, `${path} starts at ${from}`).toContain(from);
      expect(to === 250 || keys.includes(to), `${path} ends at ${to}`).toBe(true);
      expect(frameCount(path), path).toBe(to - from);
    }
    expect(copies).toBeGreaterThanOrEqual(4);
  }, 150_000);

  it('splits an MPEG-TS file too, whose keyframes ffmpeg lists where ffprobe crashes on it', async () => {
    const ts = makeVideo(join(dir, 'demo-ts.ts'), ['-i', video], ['-c', 'copy', '-f', 'mpegts']);
    const out = join(dir, 'split-ts');
    const r = await runCli(['split', ts, '--out-dir', out, '--no-progress'], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    // Stream copies keep the container; a scene too short for keyframes of its own is re-encoded (to .mp4).
    expect(readdirSync(out).map((f) => f.replace(/\.(ts|mp4)$/, '')).sort()).toEqual([1, 2, 3, 4, 5, 6].map((n) => `demo-ts-Scene-00${n}`));
    for (const line of r.stdout.trimEnd().split('\n')) {
      const [path, , , cuts] = line.split('\t');
      expect(path.endsWith(cuts.startsWith('re-encoded') ? '.mp4' : '.ts'), line).toBe(true);
    }
    // The same packets as the MP4's: a copy starts at one of its keyframes.
    const keys = ffprobeText(['-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', video])
      .trim().split('\n').filter((l) => l.includes('K')).map((l) => Math.round(Number(l.split(',')[0]) * 25));
    const starts = r.stdout.trimEnd().split('\n').flatMap((line) => {
      const [, , range, cuts] = line.split('\t');
      const m = /start moved [+-][\d.]+ s \(([+-]\d+) frames\)/.exec(cuts);
      return m ? [Number(range.replace('frames ', '').split('-')[0]) + Number(m[1])] : [];
    });
    expect(starts.length).toBeGreaterThanOrEqual(4);
    for (const from of starts) expect(keys).toContain(from);
  }, 150_000);

  it('copies the scenes of an HLS playlist into Matroska files (a playlist is no container to copy into)', async () => {
    const hls = join(dir, 'hls');
    mkdirSync(hls);
    const playlist = makeVideo(join(hls, 'demo.m3u8'), ['-i', video], ['-c', 'copy', '-f', 'hls', '-hls_time', '2', '-hls_playlist_type', 'vod']);
    const out = join(dir, 'split-hls');
    const r = await runCli(['split', playlist, '--out-dir', out, '--no-progress'], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(out).sort();
    expect(files.map((f) => f.replace(/\.(mkv|mp4)$/, ''))).toEqual([1, 2, 3, 4, 5, 6].map((n) => `demo-Scene-00${n}`));
    expect(files.filter((f) => f.endsWith('.mkv')).length).toBeGreaterThanOrEqual(4);
  }, 150_000);

  it('--precise re-encodes each scene with exactly its frames', async () => {
    const out = join(dir, 'split-precise');
    const r = await runCli(['split', withAudio, '--out-dir', out, '--precise', '--template', 'shot-$N', '--no-progress'], { timeoutMs: 150_000 });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    for (const line of lines) {
      const [path, , range] = line.split('\t');
      expect(path).toMatch(/shot-00\d\.mp4$/);
      const [start, end] = range.replace('frames ', '').split('-').map(Number);
      expect(frameCount(path)).toBe(end - start + 1);
      expect(hasAudio(path)).toBe(true);
    }
  }, 200_000);

  it('refuses a template without $N, and a missing input, with one line', async () => {
    const bad = await runCli(['split', withAudio, '--template', 'same-name', '--out-dir', join(dir, 'x')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual([expect.stringMatching(/must contain \$N/)]);
    const missing = await runCli(['split', join(dir, 'nope.mp4'), '--out-dir', join(dir, 'y')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toEqual([expect.stringMatching(/input not found/)]);
  }, 60_000);
});

describe('framewise images', () => {
  it('first, middle and last frame of each scene, at the width asked, with an index page that escapes names', async () => {
    const odd = join(dir, 'demo & <1>.mp4');
    copyFileSync(video, odd);
    const out = join(dir, 'images');
    const r = await runCli(['images', odd, '--per-scene', '3', '--width', '160', '--format', 'png', '--out-dir', out, '--html', '--no-progress'], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(out).filter((f) => f.endsWith('.png')).sort();
    expect(files).toHaveLength(18);
    expect(files[0]).toBe('demo & <1>-Scene-001-01.png');
    for (const f of files) expect(await sharp(join(out, f)).metadata()).toMatchObject({ width: 160, height: 90, format: 'png' });
    // Scene 2's first image is the frame after the cut: the same picture as ffmpeg's frame 40 at that size.
    const { ffmpeg } = resolveFfmpeg();
    const ref = execFileSync(ffmpeg.path, ['-v', 'error', '-i', video, '-vf', 'select=eq(n\\,40),scale=160:90:flags=bicubic', '-vsync', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']);
    const firstOf2 = files.find((f) => f.includes('Scene-002-01'))!;
    const lastOf1 = files.find((f) => f.includes('Scene-001-03'))!;
    const diff = async (f: string) => {
      const px = await sharp(join(out, f)).removeAlpha().raw().toBuffer();
      let sum = 0;
      for (let i = 0; i < px.length; i++) sum += Math.abs(px[i] - ref[i]);
      return sum / px.length;
    };
    expect(ref.length).toBe(160 * 90 * 3);
    expect(await diff(firstOf2)).toBeLessThan(1);
    expect(await diff(lastOf1)).toBeGreaterThan(10);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('demo &amp; &lt;1&gt;');
    expect(html).not.toContain('<1>');
    expect(existsSync(join(out, 'index.html'))).toBe(true);
  }, 150_000);
});
