/**
 * Ctrl-C at any moment (issue: hostile input, item 5): whenever SIGINT arrives, `framewise label` ends with 130 (or 0
 * if it had finished), never by the default signal action, and no ffmpeg or ffprobe it started survives it. Also a
 * probe blocked on a FIFO nobody writes ends on SIGINT and SIGTERM, its ffprobe with it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveModel } from '../src/recurrent/modelFile.js';
import { CLI, runCli } from './helpers/cli.js';
import { makeVideo, tempDir, waitFor } from './helpers/ffmpeg.js';
import { processesMentioning } from './helpers/processes.js';
import { randomModel } from './helpers/randomModel.js';

let dir: string;
let clip: string;
let model: string;

beforeAll(async () => {
  dir = tempDir('signals-anytime');
  clip = makeVideo(join(dir, 'clip.mp4'), ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=2']);
  model = join(dir, 'model.safetensors');
  await saveModel(model, randomModel());
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * True once framewise's own code runs: the executable's first statements install its signal handlers and then
 * name the process `framewise …`. Before that, Node itself is starting (about 40 ms), and no program can handle a
 * signal then: Node resets every disposition at start-up and dies by the signal's default action.
 */
function started(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('framewise label');
  } catch {
    return false;
  }
}

/** Runs `framewise label` on `input` and sends SIGINT `afterMs` after framewise's code has started. */
function interruptAt(input: string, afterMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(process.execPath, [CLI, 'label', input, '-m', model, '-o', `${input}.jsonl`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    let timer: NodeJS.Timeout | undefined;
    // Node's own start-up (before any script runs) cannot handle a signal: "start" is when framewise's first line ran.
    const wait = setInterval(() => {
      if (child.pid === undefined || !started(child.pid)) return;
      clearInterval(wait);
      timer = setTimeout(() => child.kill('SIGINT'), afterMs);
    }, 1);
    child.on('close', (code, signal) => {
      clearInterval(wait);
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

describe('SIGINT at any moment of framewise label', () => {
  it('at 50 moments evenly spread over 0–2 s: exit 130 (or 0 once finished), no ffmpeg/ffprobe left', async () => {
    const moments = Array.from({ length: 50 }, (_, k) => Math.round((k * 2000) / 49));
    const outcomes: Array<{ at: number; code: number | null; signal: NodeJS.Signals | null }> = [];
    const leftovers: number[] = [];
    // Three at a time (each run gets its own name for the input, so its processes can be told apart).
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < moments.length) {
        const k = next++;
        const input = join(dir, `run-${k}.mp4`);
        symlinkSync(clip, input);
        const r = await interruptAt(input, moments[k]);
        outcomes.push({ at: moments[k], code: r.code, signal: r.signal });
        if (r.code !== 0 && r.code !== 130) throw new Error(`SIGINT at ${moments[k]} ms: exit ${r.code}, signal ${r.signal}\n${r.stderr}`);
        if (!(await waitFor(() => processesMentioning(input).length === 0, 3000))) leftovers.push(moments[k]);
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    expect(outcomes).toHaveLength(50);
    expect(outcomes.filter((o) => o.signal !== null)).toEqual([]);
    expect(leftovers).toEqual([]);
    // Both endings happen within 2 s on this clip: the test exercised start-up, probing and decoding alike.
    expect(outcomes.some((o) => o.code === 130)).toBe(true);
  }, 300_000);
});

describe('a probe blocked on a FIFO', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s ends framewise with 130 and its ffprobe', async (signal) => {
    const fifo = join(dir, `stalled-${signal}.mp4`);
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const r = await runCli(['label', fifo, '-m', model], {
      timeoutMs: 60_000,
      onStart: (child) => {
        void waitFor(() => processesMentioning(fifo).length > 0, 30_000).then(() => child.kill(signal));
      },
    });
    expect(r.code, r.stderr).toBe(130);
    expect(await waitFor(() => processesMentioning(fifo).length === 0, 3000)).toBe(true);
  });
});
