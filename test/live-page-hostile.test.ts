/**
 * The live page shows names a stranger controls — the model's label names, the source's URL — as text only. Opened
 * in headless Chromium; any dialog, page error, console error or global set by a payload fails the test.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveServer } from '../src/live/liveServer.js';
import { startLivePage } from '../pipelines/livePage.js';
import { randomModel } from './helpers/randomModel.js';

const CHROMIUM = process.env.FRAMEWISE_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const HOSTILE_LABELS = [
  '<img src=x onerror="window.__pwned=1;alert(1)">',
  '"><svg onload=window.__pwned=2;alert(2)>',
  '</script><script>window.__pwned=3;alert(3)</script>',
  "x' onmouseover='window.__pwned=4' a='",
];
const SOURCE = 'http://user:s3cret@cam.example/"><img src=x onerror=window.__pwned=5;alert(5)>.ts';

describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('live page with hostile names in headless Chromium', () => {
  const model = randomModel(0, 3, 16, HOSTILE_LABELS);
  let server: LiveServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startLivePage({ port: 0, model, sourceName: SOURCE });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows label names and the source as text; no payload runs', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      // The browser's own favicon request (404) is not the page's doing.
      if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(`console: ${m.text()}`);
    });
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    const scores = Object.fromEntries(HOSTILE_LABELS.map((l) => [l, 0.25]));
    HOSTILE_LABELS.forEach((label, i) => server.publish({ frame: i, time: i / 30, label, score: 0.25, scores, decodedAt: 1, emittedAt: 2 }));
    await page.waitForFunction((n) => document.getElementById('count')!.textContent === String(n), HOSTILE_LABELS.length);
    await page.hover('#label');
    for (const li of await page.locator('#legend li').all()) await li.hover();
    await page.waitForTimeout(200);

    expect(problems).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => document.querySelectorAll('img, svg, [onerror], [onload], [onmouseover]').length)).toBe(0);
    expect(await page.textContent('#label')).toBe(HOSTILE_LABELS.at(-1));
    expect(await page.locator('#legend li').allTextContents()).toEqual(HOSTILE_LABELS);
    // The source's name, credentials redacted, as text.
    expect(await page.textContent('#source')).toBe('http://***@cam.example/"><img src=x onerror=window.__pwned=5;alert(5)>.ts');
    await page.close();
  });
});
