import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpeg } from '../src/decode/ffmpegPath.js';
import { overlayLayout } from '../src/report/overlayPlan.js';
import { runCli } from './helpers/cli.js';
import { ffprobeText, makeVideo, tempDir } from './helpers/ffmpeg.js';
import { randomModelFile } from './helpers/randomModel.js';

let dir: string;
let video: string;
let model: string;
const W = 320;
const H = 180;

function streamFacts(file: string): { frames: number; duration: number; width: number; height: number } {
  const [width, height, duration, frames] = ffprobeText(['-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=width,height,duration,nb_read_frames', '-of', 'csv=p=0', file])
    .trim()
    .split(',')
    .map(Number);
  return { frames, duration, width, height };
}

/** Frame `n` of a video as packed RGB24 at its own size. */
function frameRgb(file: string, n: number): Buffer {
  const { ffmpeg } = resolveFfmpeg();
  return execFileSync(ffmpeg.path, ['-v', 'error', '-i', file, '-vf', `select=eq(n\\,${n})`, '-vsync', '0', '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
    maxBuffer: 64 << 20,
  });
}

/** x of the playhead's centre: the mean of the near-white columns along the bar's vertical middle. */
function playheadX(rgb: Buffer): number {
  const L = overlayLayout(W, H);
  const y = L.barY + Math.floor(L.barH / 2);
  const white: number[] = [];
  for (let x = Math.max(0, L.barX - 4); x < Math.min(W, L.barX + L.barW + 4); x++) {
    const i = (y * W + x) * 3;
    if (rgb[i] > 200 && rgb[i + 1] > 200 && rgb[i + 2] > 200) white.push(x);
  }
  expect(white.length).toBeGreaterThan(0);
  return white.reduce((a, b) => a + b, 0) / white.length + 0.5;
}

beforeAll(async () => {
  dir = tempDir('report-overlay');
  video = join(dir, 'two shots.mp4');
  // Two shots joined by a cut, 4 s at 25 fps, with a sound track (the copy keeps it).
  makeVideo(
    video,
    [
      '-f', 'lavfi', '-i', `testsrc2=size=${W}x${H}:rate=25:duration=2`,
      '-f', 'lavfi', '-i', `smptebars=size=${W}x${H}:rate=25:duration=2`,
      '-f', 'lavfi', '-i', 'sine=frequency=440:duration=4',
      '-filter_complex', '[0:v][1:v]concat=n=2:v=1[v]', '-map', '[v]', '-map', '2:a',
    ],
    ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac'],
  );
  model = await randomModelFile(dir);
}, 60_000);

describe('framewise label --overlay', () => {
  it('writes a copy with the same frames, duration and size, a timeline bar with a moving playhead, and audio', async () => {
    const out = join(dir, 'overlay.mp4');
    const r = await runCli(['label', video, '-m', model, '-o', join(dir, 'labels.jsonl'), '--overlay', out], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const a = streamFacts(video);
    const b = streamFacts(out);
    expect(b.frames).toBe(a.frames);
    expect(a.frames).toBe(100);
    expect(b.duration).toBeCloseTo(a.duration, 2);
    expect([b.width, b.height]).toEqual([W, H]);
    expect(ffprobeText(['-select_streams', 'a', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', out]).trim()).toBe('audio');

    // The overlay is drawn: the bar region differs from the source picture, the rest mostly does not.
    const src = frameRgb(video, 60);
    const dst = frameRgb(out, 60);
    const L = overlayLayout(W, H);
    const diff = (y0: number, y1: number, x0: number, x1: number): number => {
      let d = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) for (let c = 0; c < 3; c++) d += Math.abs(src[(y * W + x) * 3 + c] - dst[(y * W + x) * 3 + c]);
      return d / ((y1 - y0) * (x1 - x0) * 3);
    };
    expect(diff(L.barY, L.barY + L.barH, L.barX, L.barX + L.barW)).toBeGreaterThan(20);
    expect(diff(H / 3, H / 2, W / 3, (2 * W) / 3)).toBeLessThan(8);

    // The playhead sits at each frame's place on the bar: near the left at frame 0, the middle at 50, the right at 99.
    const at = (n: number): number => (playheadX(frameRgb(out, n)) - L.barX) / L.barW;
    expect(at(0)).toBeLessThan(0.05);
    expect(Math.abs(at(50) - 0.505)).toBeLessThan(0.04);
    expect(at(99)).toBeGreaterThan(0.95);
  }, 90_000);

  it('draws the label text when a font exists, and still works without one', async () => {
    const font = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
    const withText = join(dir, 'text.mp4');
    const noText = join(dir, 'notext.mp4');
    const [r1, r2] = await Promise.all([
      runCli(['label', video, '-m', model, '-o', join(dir, 'a.jsonl'), '--overlay', withText], { timeoutMs: 60_000, env: { FRAMEWISE_FONT: existsSync(font) ? font : 'none' } }),
      runCli(['label', video, '-m', model, '-o', join(dir, 'b.jsonl'), '--overlay', noText], { timeoutMs: 60_000, env: { FRAMEWISE_FONT: 'none' } }),
    ]);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r2.code, r2.stderr).toBe(0);
    expect(streamFacts(noText).frames).toBe(100);
    if (!existsSync(font)) return;
    // The text box (top left) is drawn only with a font.
    const L = overlayLayout(W, H);
    const box = (rgb: Buffer, other: Buffer): number => {
      let d = 0;
      for (let y = L.textY; y < L.textY + L.fontSize; y++) for (let x = L.textX; x < L.textX + 3 * L.fontSize; x++) d += Math.abs(rgb[(y * W + x) * 3] - other[(y * W + x) * 3]);
      return d / (L.fontSize * 3 * L.fontSize);
    };
    expect(box(frameRgb(withText, 10), frameRgb(video, 10))).toBeGreaterThan(20);
    expect(box(frameRgb(noText, 10), frameRgb(video, 10))).toBeLessThan(8);
  }, 90_000);

  it('covers the same stretch as --start/--duration', async () => {
    const out = join(dir, 'part.mp4');
    const r = await runCli(['label', video, '-m', model, '--start', '1', '--duration', '2', '--overlay', out, '--no-progress'], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const events = r.stdout.trim().split('\n');
    expect(events).toHaveLength(50);
    expect(streamFacts(out).frames).toBe(events.length);
  }, 60_000);

  it('refuses an output it cannot write as a video, before labelling', async () => {
    const r = await runCli(['label', video, '-m', model, '--overlay', join(dir, 'out.gif')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`framewise: --overlay must name a .mp4, .m4v, .mov, .mkv file, got ${join(dir, 'out.gif')}\n`);
    expect(r.stdout).toBe('');
  });
});
