/**
 * Makes the README's pictures of `framewise report`: docs/timeline-demo.png (the timeline PNG) and
 * docs/report-demo.png (the HTML report as headless Chromium shows it, with a hover tooltip).
 *
 *   npx tsx pipelines/makeDocsImages.ts [--video FILE] [--model FILE] [--out DIR]
 *
 * Defaults: the demo video from fixtures/generateDemo.ts, the shipped default model, docs/. Rerun it
 * whenever the default model changes. Chromium: FRAMEWISE_CHROMIUM or /usr/bin/chromium.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_MODEL_PATH, packageRoot } from '../src/packageRoot.js';
import { loadModel } from '../src/recurrent/modelFile.js';
import { writeReport } from './writeReport.js';

const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { video: { type: 'string' }, model: { type: 'string' }, out: { type: 'string' } } });
  const outDir = values.out ?? join(packageRoot, 'docs');
  const work = join(packageRoot, '.cache', 'docs-images');
  mkdirSync(outDir, { recursive: true });
  mkdirSync(work, { recursive: true });
  let video = values.video;
  if (!video) {
    const { generateDemo } = (await import(join(packageRoot, 'fixtures', 'generateDemo.js'))) as { generateDemo: (dir: string) => Promise<{ video: string }> };
    video = (await generateDemo(join(work, 'demo'))).video;
  }
  const modelPath = values.model ?? DEFAULT_MODEL_PATH;
  const model = await loadModel(modelPath);

  const timeline = join(outDir, 'timeline-demo.png');
  await writeReport(video, { model, out: timeline, format: 'png', width: 1600 });
  const html = join(work, 'report-demo.html');
  await writeReport(video, { model, out: html, modelPath });

  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env.FRAMEWISE_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
    await page.goto('file://' + html);
    const box = (await page.locator('#timeline .seg').first().boundingBox())!;
    const strip = (await page.locator('#timeline svg').boundingBox())!;
    await page.mouse.move(strip.x + strip.width * 0.37, box.y + box.height / 2);
    const shot = join(outDir, 'report-demo.png');
    await page.screenshot({ path: shot, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1500 } });
    process.stdout.write(`${timeline}\n${shot}\n`);
  } finally {
    await browser.close();
  }
}

await main();
