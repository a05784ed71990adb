/**
 * Names a stranger controls — label names and display names in a model file, the input's file name — reach the
 * HTML report and the overlay video as text, never as markup or filter syntax. The report is opened in headless
 * Chromium, which fails the test on any dialog, page error or a global set by a payload.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overlayCommands, overlayFilterGraph } from '../src/report/overlayPlan.js';
import type { ReportData } from '../src/report/ReportData.js';
import { renderReportHtml } from '../src/report/renderReportHtml.js';
import { videoHref } from '../src/report/writeReport.js';
import { saveModel } from '../src/recurrent/modelFile.js';
import type { LabelEvent } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { ffprobeText, makeVideo, tempDir } from './helpers/ffmpeg.js';
import { randomModel } from './helpers/randomModel.js';

const CHROMIUM = process.env.FRAMEWISE_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Each payload, if it ever runs, sets window.__pwned or opens a dialog. */
const HOSTILE_LABELS = [
  '<img src=x onerror="window.__pwned=1;alert(1)">',
  '"><svg onload=window.__pwned=2;alert(2)>',
  "</script><script>window.__pwned=3;alert(3)</script>",
  "x' onmouseover='window.__pwned=4' a='",
  "it's:a;cut[0]\\n%{pts}\nnext",
];
const HOSTILE_DISPLAY = '<b onmouseover=alert(5)>shown</b>';
const HOSTILE_FILE = '"><img src=x onerror=window.__pwned=6;alert(6)>.mp4';

let dir: string;
let video: string;
let modelPath: string;

beforeAll(async () => {
  dir = tempDir('report-hostile');
  video = join(dir, HOSTILE_FILE);
  makeVideo(video, ['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=1.2']);
  const m = randomModel(0, 11, 16, HOSTILE_LABELS);
  m.meta.labelInfo = { [HOSTILE_LABELS[0]]: { displayName: HOSTILE_DISPLAY } };
  modelPath = join(dir, 'hostile.safetensors');
  await saveModel(modelPath, m);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('report with hostile names in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });
  afterAll(async () => browser?.close());

  it('shows label names, display names and the file name as text; no payload runs', async () => {
    const out = join(dir, 'report.html');
    const r = await runCli(['report', video, '--model', modelPath, '--out', out], { timeoutMs: 60_000 });
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const page = await browser.newPage();
    const dialogs: string[] = [];
    const errors: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(out).href);
    await page.waitForFunction(() => (window as unknown as { framewise?: unknown }).framewise !== undefined);
    // Hover every segment and row: a handler injected as an attribute would run now.
    for (const el of await page.locator('#timeline .seg, #segments tbody tr, #summary tbody tr, .score').all()) await el.hover({ force: true }).catch(() => {});
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // No element a payload would have made: images other than thumbnails, scripts other than the report's two.
    expect(await page.evaluate(() => document.querySelectorAll('img:not(.thumb), svg script, [onerror], [onload], [onmouseover]').length)).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('script').length)).toBe(2);
    expect(await page.title()).toBe(`framewise report — ${HOSTILE_FILE}`);
    // The names appear as text: every label in the timeline's legend, the display name in the tables.
    const legend = await page.evaluate(() => document.getElementById('timeline')!.textContent);
    for (const l of HOSTILE_LABELS) expect(legend).toContain(l);
    expect(await page.evaluate(() => document.body.innerText)).toContain(HOSTILE_DISPLAY);
    expect(readFileSync(out, 'utf8')).not.toContain('<img src=x');
    await page.close();
  }, 120_000);

  it('renders labels into markup only escaped, and URLs without credentials', () => {
    const events: LabelEvent[] = HOSTILE_LABELS.map((label, i) => ({ frame: i, time: i / 25, label, score: 0.9, scores: Object.fromEntries(HOSTILE_LABELS.map((l) => [l, l === label ? 0.9 : 0.025])) }));
    const reportData: ReportData = {
      source: `http://user:s3cret@cam.example/${HOSTILE_FILE}`,
      info: { width: 160, height: 90, fps: 25, duration: 0.2, codec: 'h264', frames: 5 },
      labels: HOSTILE_LABELS,
      events,
      segments: events.map((e) => ({ label: e.label, start: e.frame, end: e.frame, start_time: e.time, end_time: e.time, score: 0.9 })),
      start: 0,
    };
    const html = renderReportHtml(reportData, { videoHref: 'x.mp4' });
    // The page data is JSON in a script element: no `<` there, so nothing in it can end the element.
    const data = /<script type="application\/json" id="fw-data">(.*?)<\/script>/s.exec(html)![1];
    expect(data).not.toContain('<');
    const markup = html.replace(data, '');
    expect(markup).not.toMatch(/<img src=x|<svg onload|<\/script><script>|onmouseover='/);
    expect(html).not.toContain('s3cret');
    // A URL without a path: its basename would be the credentials themselves.
    const bare = renderReportHtml({ ...reportData, source: 'rtsp://admin:s3cret@cam.example' });
    expect(bare).not.toContain('s3cret');
    expect(bare).toContain('<title>framewise report — ***@cam.example</title>');
    // The video link keeps the URL but not its credentials.
    expect(videoHref('http://user:s3cret@cam.example/a%20b.mp4?x=1', '/tmp/report.html')).toBe('http://cam.example/a%20b.mp4?x=1');
  });
});

describe('overlay with hostile label names', () => {
  it('keeps the sendcmd script and the filter graph to one command per line, with no quote, separator or expansion', () => {
    const events: LabelEvent[] = HOSTILE_LABELS.map((label, i) => ({ frame: i, time: i / 25, label, score: 0.5, scores: {} }));
    const script = overlayCommands(events, HOSTILE_LABELS);
    const lines = script.trimEnd().split('\n');
    expect(lines).toHaveLength(HOSTILE_LABELS.length - 1);
    for (const line of lines) expect(line).toMatch(/^\d+\.\d{6} drawtext@fwlabel reinit 'text=[\p{L}\p{N}_.+?-]+ 0\.50:boxcolor=0x[0-9a-f]{6}@0\.85';$/u);
    const graph = overlayFilterGraph({ width: 160, height: 90, first: events[3], labels: HOSTILE_LABELS, t0: 0, t1: 1, commandsFile: "/tmp/it's;[x]:y.cmd", fontFile: '/f/a:b.ttf' });
    expect(graph).toContain('text=x??onmouseover??window.__pwned?4??a??');
    expect(graph).toContain("sendcmd=f=/tmp/it\\\\\\'s\\;\\[x\\]\\\\:y.cmd");
  });

  it('renders an overlay video for a model with such labels and a file name with markup', async () => {
    const out = join(dir, 'overlay.mp4');
    const r = await runCli(['label', video, '--model', modelPath, '-o', join(dir, 'labels.jsonl'), '--overlay', out], { timeoutMs: 90_000 });
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const frames = Number(ffprobeText(['-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', out]).trim());
    expect(frames).toBe(30);
  }, 120_000);
});
