/**
 * Live latency figures: p50/p99 from a frame leaving the decoder to its label event at 30 fps 720p
 * (-re lavfi source), drops at 30 fps 1080p, and the largest frame rate sustained without drops.
 * Uses the shipped live model (models/default/live.safetensors), as `framewise live` does.
 * Run directly: npx tsx bench/live.ts
 */
import { pathToFileURL } from 'node:url';
import { lastValueFrom, take, toArray } from 'rxjs';
import { labelLive } from '../pipelines/labelLive.js';
import { LiveStats, type LiveSummary } from '../src/live/LiveStats.js';
import { DEFAULT_LIVE_MODEL_PATH } from '../src/packageRoot.js';
import type { Model } from '../src/recurrent/model.js';
import { loadModel } from '../src/recurrent/modelFile.js';

/** The model `framewise live` uses by default: no look-ahead, so latency is framewise's own. */
async function benchModel(): Promise<Model> {
  return loadModel(DEFAULT_LIVE_MODEL_PATH);
}

/** Runs a -re lavfi test pattern of `size` at `rate` fps through labelLive for `frames` frames. */
async function run(model: Model, size: string, rate: number, frames: number): Promise<LiveSummary & { fps: number }> {
  const stats = new LiveStats();
  const t0 = performance.now();
  const events = await lastValueFrom(
    labelLive(
      { input: `testsrc2=size=${size}:rate=${rate}`, inputArgs: ['-f', 'lavfi'], realtime: true },
      { model, stats },
    ).pipe(take(frames), toArray()),
  );
  const first = events[0]?.decodedAt ?? t0;
  const last = events.at(-1)?.decodedAt ?? t0;
  // The rate actually delivered by ffmpeg (a generator may not keep up with a high nominal rate).
  const fps = events.length > 1 ? ((events.length - 1) * 1000) / (last - first) : 0;
  return { ...stats.summary(), fps };
}

export async function benchLive(): Promise<Record<string, number>> {
  const model = await benchModel();
  const out: Record<string, number> = { modelDelayFrames: model.meta.delay };

  await run(model, '640x360', 120, 120); // warm-up: JIT, ffmpeg start-up, page cache
  const hd = await run(model, '1280x720', 30, 150);
  Object.assign(out, {
    'p720_30fps.latencyP50Ms': hd.latencyP50,
    'p720_30fps.latencyP99Ms': hd.latencyP99,
    'p720_30fps.processingP50Ms': hd.processingP50,
    'p720_30fps.processingP99Ms': hd.processingP99,
    'p720_30fps.drops': hd.drops,
  });

  const fhd = await run(model, '1920x1080', 30, 150);
  Object.assign(out, { 'p1080_30fps.drops': fhd.drops, 'p1080_30fps.processingP99Ms': fhd.processingP99, 'p1080_30fps.fps': Math.round(fhd.fps * 100) / 100 });

  // Raise the rate until frames drop; a rate counts as sustained only if ffmpeg really delivered it.
  let sustained = 0;
  for (const rate of [60, 120, 240, 480, 960]) {
    const r = await run(model, '640x360', rate, rate * 2);
    if (r.drops > 0) break;
    sustained = Math.max(sustained, Math.min(rate, Math.round(r.fps)));
    if (r.fps < rate * 0.9) break; // the source, not framewise, is the limit
  }
  out['p360.maxFpsWithoutDrops'] = sustained;
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const res = await benchLive();
  for (const [k, v] of Object.entries(res)) console.log(`${k.padEnd(32)} ${v}`);
}
