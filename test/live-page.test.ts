import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveServer } from '../src/live/liveServer.js';
import { startLivePage as startLiveServer } from '../pipelines/livePage.js';
import { randomModel } from './helpers/live.js';

const CHROMIUM = process.env.FRAMEWISE_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox', '--headless', '--disable-gpu',
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
];

// CI installs Chromium, so there a missing browser fails instead of skipping.
describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('live page in headless Chromium', () => {
  const model = randomModel(1);
  let server: LiveServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startLiveServer({ port: 0, model });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("labels the browser's fake webcam and draws the labels", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith(server.url.replace('http', 'ws'))) external.push(r.url());
    });
    await page.goto(server.url + '?camera');
    // The fake camera's frames go to the server; labels come back for them.
    await page.waitForFunction(() => (window as unknown as { framewise: { count: number } }).framewise.count >= 20, null, {
      timeout: 20_000,
    });
    const label = await page.textContent('#label');
    expect(model.meta.labels).toContain(label);
    expect(await page.textContent('#source')).toBe('your camera');
    expect(await page.textContent('#latency')).toMatch(/ms/);
    expect(await page.isVisible('#video')).toBe(true);
    // The overlay sits on the video.
    const v = await page.locator('#video').boundingBox();
    const o = await page.locator('#overlay').boundingBox();
    expect(o!.x).toBeGreaterThanOrEqual(v!.x);
    expect(o!.y).toBeGreaterThanOrEqual(v!.y);
    // The timeline got coloured columns.
    const painted = await page.evaluate(() => {
      const c = document.getElementById('timeline') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
    expect(painted).toBeGreaterThan(100);
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
    await page.close();
  });

  it('shows the live source’s events when the server publishes them', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    const scores = Object.fromEntries(model.meta.labels.map((l) => [l, l === 'black' ? 0.92 : 0.01]));
    for (let i = 0; i < 5; i++) {
      server.publish({ frame: i, time: i / 30, label: 'black', score: 0.92, scores, decodedAt: 1, emittedAt: 3 });
    }
    await page.waitForFunction(() => document.getElementById('count')!.textContent === '5');
    expect(await page.textContent('#label')).toBe('black');
    expect(await page.textContent('#score')).toBe('92%');
    await page.close();
  });
});
