/**
 * Browser-camera clients flooding frames must not starve the server's own live source. The source's rate is set
 * from this machine's own speed (a frame every 5 labelling times), so the source alone uses about a fifth of the
 * event loop wherever the test runs; eight clients flood frames from another process. Sharing the loop turn by
 * turn (one frame per client and one of the source per turn) would give the source a ninth and drop about half its
 * frames; with the source first, at most one camera frame runs between two source frames, so it drops next to
 * nothing.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { lastValueFrom, Observable, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { labelStream } from '../pipelines/labelStream.js';
import { runLive } from '../pipelines/runLive.js';
import { framesSource } from '../src/source/framesSource.js';
import type { Frame } from '../src/types.js';
import { randomModel } from './helpers/live.js';

const FLOODERS = 8;
const QUEUE = 32;
const FLOODER = fileURLToPath(new URL('./helpers/wsFlooder.ts', import.meta.url));

const model = randomModel(0);
const { width: W, height: H } = model.meta.feature;

function noise(seed: number): Uint8Array {
  const b = new Uint8Array(W * H * 3);
  let x = seed * 2654435761;
  for (let i = 0; i < b.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}
const pictures = Array.from({ length: 8 }, (_, i) => noise(i + 1));
const frameAt = (index: number, time: number): Frame => ({ index, time, width: W, height: H, format: 'rgb24', data: pictures[index % 8], decodedAt: performance.now() });

/** Milliseconds one frame takes through the labeller on this machine, now. */
async function labellingMs(): Promise<number> {
  const frames = new Observable<Frame>((s) => {
    for (let i = 0; i < 200; i++) s.next(frameAt(i, i / 30));
    s.complete();
  });
  const t = performance.now();
  await lastValueFrom(labelStream({ source: framesSource(frames), model }).pipe(toArray()));
  return (performance.now() - t) / 200;
}

/** A live source like a camera: frame i is due at i × periodMs, and frames that fell due while the loop was busy all arrive at once (as from a pipe). */
function cameraLike(frames: number, periodMs: number, startGate: Promise<void>): Observable<Frame> {
  return new Observable<Frame>((s) => {
    let timer: NodeJS.Timeout | null = null;
    void startGate.then(() => {
      const start = performance.now();
      let sent = 0;
      timer = setInterval(() => {
        const due = Math.min(frames, Math.floor((performance.now() - start) / periodMs) + 1);
        while (sent < due) {
          s.next(frameAt(sent, (sent * periodMs) / 1000));
          sent++;
        }
        if (sent === frames) {
          clearInterval(timer!);
          s.complete();
        }
      }, 1);
    });
    return () => {
      if (timer) clearInterval(timer);
    };
  });
}

describe('live source beside a flood of browser-camera frames', () => {
  it('keeps its frames: drops stay under 10 % while 8 clients flood', async () => {
    await labellingMs(); // warm-up
    const perFrame = [await labellingMs(), await labellingMs(), await labellingMs()].sort((a, b) => a - b)[1];
    const periodMs = Math.max(5, 8 * perFrame);
    const frames = Math.min(1500, Math.max(200, Math.round(3000 / periodMs)));

    let floodRunning!: () => void;
    const gate = new Promise<void>((r) => (floodRunning = r));
    const abort = new AbortController();
    let flooder: ReturnType<typeof spawn> | null = null;
    let perClient: number[] = [];
    const summary = await runLive({
      source: framesSource(cameraLike(frames, periodMs, gate), { live: true, name: 'camera-like' }),
      model,
      output: 'none',
      // Deep enough that a busy machine's scheduling hiccups drop nothing; a steady shortfall of the source's share
      // still overflows it.
      queue: QUEUE,
      serve: { port: 0, host: '127.0.0.1' },
      signal: abort.signal,
      onServing: (url) => {
        flooder = spawn(process.execPath, ['--import', 'tsx', FLOODER, url.replace('http', 'ws') + 'ws', String(FLOODERS)], {
          stdio: ['pipe', 'pipe', 'inherit'],
        });
        const lines = createInterface({ input: flooder.stdout! });
        lines.on('line', (line) => {
          if (line === 'ready') floodRunning();
          else perClient = JSON.parse(line) as number[];
        });
      },
    });
    const f = flooder as ReturnType<typeof spawn> | null;
    expect(f).not.toBeNull();
    const exited = new Promise((r) => f!.once('close', r));
    f!.stdin!.write('stop\n');
    await exited;

    expect(summary).not.toBeNull();
    const { frames: seen, drops } = summary!;
    console.log(`labelling ${perFrame.toFixed(3)} ms/frame; source every ${periodMs.toFixed(2)} ms; ${drops} of ${seen} source frames dropped; camera labels per client ${perClient.join(',')}`);
    expect(seen).toBe(frames);
    expect(drops / seen).toBeLessThanOrEqual(0.1);
    // Every flooding client was served too (it printed `ready` only after each socket had a label).
    expect(perClient).toHaveLength(FLOODERS);
    for (const n of perClient) expect(n).toBeGreaterThan(0);
  }, 120_000);
});
