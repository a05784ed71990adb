import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { chromium, type Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerReport } from '../src/cli/report.js';
import { labelColours } from '../src/report/labelColours.js';
import { thumbnailFrames } from '../src/report/segmentThumbnails.js';
import { DEFAULT_LABELS } from '../src/labels/defaultLabels.js';
import { ffprobeText, makeVideo, tempDir } from './helpers/ffmpeg.js';
import { randomModelFile } from './helpers/randomModel.js';

const CHROMIUM = process.env.FRAMEWISE_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let dir: string;
let video: string;
let model: string;
let frames: number;

/** Runs `framewise report ...` in-process through the command's own registration. */
async function report(args: string[]): Promise<void> {
  const program = new Command().exitOverride();
  registerReport(program);
  program.commands.forEach((c) => c.exitOverride());
  await program.parseAsync(['node', 'framewise', 'report', ...args]);
}

interface PageSegment {
  label: string;
  start: number;
  end: number;
  startTime: number;
}

/** The segments table as the page states it. */
function tableSegments(html: string): PageSegment[] {
  const rows = [...html.matchAll(/<tr data-t="([\d.]+)" data-seg="\d+">(.*?)<\/tr>/g)];
  return rows.map((m) => {
    const cells = [...m[2].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]);
    const [start, end] = cells[2].split('–').map(Number);
    return { label: cells[1].replace(/<[^>]+>/g, ''), start, end, startTime: Number(m[1]) };
  });
}

beforeAll(async () => {
  dir = tempDir('report-html');
  video = join(dir, 'three shots.mp4');
  // Three shots joined by hard cuts, 4 s at 25 fps, 320x180 (thumbnails 160x90).
  makeVideo(video, [
    '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=1.4',
    '-f', 'lavfi', '-i', 'mandelbrot=size=320x180:rate=25',
    '-f', 'lavfi', '-i', 'smptebars=size=320x180:rate=25:duration=1.2',
    '-filter_complex', '[1:v]trim=duration=1.4,setpts=PTS-STARTPTS[b];[0:v][b][2:v]concat=n=3:v=1[v]', '-map', '[v]',
  ]);
  frames = Number(ffprobeText(['-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', video]).trim());
  model = await randomModelFile(dir);
}, 60_000);

describe('framewise report --format html', () => {
  let html: string;
  const out = (): string => join(dir, 'report.html');

  beforeAll(async () => {
    await report([video, '-m', model, '-o', out(), '--no-progress']);
    html = readFileSync(out(), 'utf8');
  }, 60_000);

  it('lists segments that tile every frame, with first/middle/last thumbnails of the right size', async () => {
    expect(frames).toBe(100);
    const segs = tableSegments(html);
    expect(segs.length).toBeGreaterThan(0);
    // Contiguous, in order, covering all frames exactly once.
    expect(segs[0].start).toBe(0);
    expect(segs.at(-1)!.end).toBe(frames - 1);
    segs.slice(1).forEach((s, i) => expect(s.start).toBe(segs[i].end + 1));
    segs.forEach((s) => expect(DEFAULT_LABELS as readonly string[]).toContain(s.label));
    // Start times are the frames' times (25 fps, starting at 0).
    segs.forEach((s) => expect(s.startTime).toBeCloseTo(s.start / 25, 3));
    // The strip has one rectangle per segment.
    expect(html.match(/class="seg"/g)).toHaveLength(segs.length);

    const thumbs = [...html.matchAll(/<img class="thumb" src="data:image\/jpeg;base64,([^"]+)" width="(\d+)" height="(\d+)" alt="frame (\d+)"/g)];
    const expected = segs.flatMap((s) => thumbnailFrames(s));
    expect(thumbs.map((t) => Number(t[4]))).toEqual(expected);
    for (const t of thumbs) {
      const meta = await sharp(Buffer.from(t[1], 'base64')).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 160, 90]);
      expect([Number(t[2]), Number(t[3])]).toEqual([160, 90]);
    }
  });

  it('thumbnails show the frames they name (a frame of each shot looks like that shot)', async () => {
    // Mean colour of the first thumbnail of the segment holding frame 10 (testsrc2) vs frame 90 (smptebars):
    // different pictures, so a wrong frame index or an all-black decode fails.
    const thumbs = new Map([...html.matchAll(/src="data:image\/jpeg;base64,([^"]+)"[^>]*alt="frame (\d+)"/g)].map((m) => [Number(m[2]), m[1]]));
    const stats = async (frame: number) => (await sharp(Buffer.from(thumbs.get(frame)!, 'base64')).stats()).channels.map((c) => c.mean);
    const first = thumbs.keys().next().value!;
    const last = Math.max(...thumbs.keys());
    expect(first).toBe(0);
    expect(last).toBe(frames - 1);
    const a = await stats(first);
    const b = await stats(last);
    expect(a.some((v) => v > 20)).toBe(true);
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i])))).toBeGreaterThan(5);
  });

  it('states the summary: per-label counts and times adding up to the whole video', () => {
    const rows = [...html.matchAll(/<tr><td><span class="chip"[^>]*><\/span>([^<]+)<\/td><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td><td class="num">([\d.]+)<\/td>/g)];
    expect(rows.map((r) => r[1])).toEqual([...DEFAULT_LABELS]);
    const segs = tableSegments(html);
    expect(rows.reduce((n, r) => n + Number(r[2]), 0)).toBe(segs.length);
    expect(rows.reduce((n, r) => n + Number(r[3]), 0)).toBe(frames);
    expect(rows.reduce((n, r) => n + Number(r[4]), 0)).toBeCloseTo(4, 1);
  });

  it('is self-contained: no external scripts, styles, images or fonts', () => {
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/<link\b/);
    expect(html).toContain('<video id="video"');
    expect(html).toContain('src="three%20shots.mp4"');
  });

  // CI installs Chromium, so there a missing browser fails instead of skipping.
  describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('in headless Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    }, 30_000);
    afterAll(async () => {
      await browser?.close();
    });

    it('draws the timeline, shows frame details on hover and seeks the video on click', async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto('file://' + out());

      // Non-blank: the strip shows several colours, and the segment colours are among them.
      const shot = await page.locator('#timeline svg').screenshot();
      const { data, info } = await sharp(shot).raw().toBuffer({ resolveWithObject: true });
      const seen = new Set<string>();
      for (let i = 0; i < data.length; i += info.channels) seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
      expect(seen.size).toBeGreaterThan(10);
      const segs = tableSegments(html);
      const colour = labelColours([...DEFAULT_LABELS])[segs[0].label];
      const rgb = [1, 3, 5].map((k) => parseInt(colour.slice(k, k + 2), 16)).join(',');
      expect(seen.has(rgb)).toBe(true);

      // Hover over the middle of the strip: the tooltip names frame ~50.
      const box = (await page.locator('#timeline svg').boundingBox())!;
      const strip = (await page.locator('#timeline .seg').first().boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, strip.y + strip.height / 2);
      const tip = await page.textContent('#tip');
      const m = /^frame (\d+) · ([\d.]+) s · (\w+) ([\d.]+)$/.exec(tip ?? '');
      expect(m, tip ?? '').not.toBeNull();
      expect(Math.abs(Number(m![1]) - 50)).toBeLessThanOrEqual(1);
      expect(Number(m![2])).toBeCloseTo(Number(m![1]) / 25, 3);
      expect(await page.isVisible('#tip')).toBe(true);

      // Click the last segment in the strip: the video seeks to its start.
      const target = segs.at(-1)!;
      await page.locator(`#timeline .seg[data-seg="${segs.length - 1}"]`).click({ force: true });
      const state = await page.evaluate(() => {
        const w = window as unknown as { framewise: { seeks: number; lastSeek: number } };
        return { seeks: w.framewise.seeks, lastSeek: w.framewise.lastSeek, current: (document.getElementById('video') as HTMLVideoElement).currentTime };
      });
      expect(state.seeks).toBe(1);
      expect(state.lastSeek).toBeCloseTo(target.startTime, 3);
      expect(state.current).toBeCloseTo(target.startTime, 1);
      // Only the page itself and the linked video were loaded.
      expect(requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:'))).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }, 30_000);
  });
});

describe('framewise report --format png', () => {
  it('writes a timeline image of the requested width whose strip has each segment in its label colour', async () => {
    const out = join(dir, 'timeline.png');
    await report([video, '-m', model, '--format', 'png', '--width', '1000', '-o', out, '--no-progress']);
    const { data, info } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    expect(info.width).toBe(1000);
    expect(info.height).toBeGreaterThan(60);
    // Sample the strip (10 px padding, 48 px tall) at the middle of each segment, from the HTML report's table.
    const segs = tableSegments(readFileSync(join(dir, 'report.html'), 'utf8'));
    const colours = labelColours([...DEFAULT_LABELS]);
    for (const s of segs) {
      if (s.end - s.start < 4) continue; // too thin to sample safely
      const x = Math.round(10 + (((s.start + s.end + 1) / 2) / frames) * (1000 - 20));
      const y = 10 + 24;
      const i = (y * info.width + x) * info.channels;
      const want = [1, 3, 5].map((k) => parseInt(colours[s.label].slice(k, k + 2), 16));
      expect([data[i], data[i + 1], data[i + 2]]).toEqual(want);
    }
  }, 60_000);

  it('refuses an unwritable output before labelling', async () => {
    await expect(report([video, '-m', model, '-o', join(dir, 'no such dir', 'r.html'), '--no-progress'])).rejects.toThrow(/cannot write report/);
  });
});
