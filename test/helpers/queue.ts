/** For the queue tests: `framewise worker` processes whose stderr log is kept, and `framewise queue status --json`. */
import { spawn, type ChildProcess } from 'node:child_process';
import type { QueueStatus } from '../../src/queue/LabelQueue.js';
import { CLI, runCli } from './cli.js';
import { waitFor } from './ffmpeg.js';

export interface TestWorker {
  proc: ChildProcess;
  log(): string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startWorkerCli(redis: string, extra: string[] = []): TestWorker {
  const proc = spawn(process.execPath, [CLI, 'worker', '--redis', redis, ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('close', (code, signal) => resolve({ code, signal })));
  return { proc, log: () => log, exited };
}

export async function queueStatus(redis: string): Promise<QueueStatus> {
  const res = await runCli(['queue', 'status', '--json', '--redis', redis]);
  if (res.code !== 0) throw new Error(`queue status failed: ${res.stderr}`);
  return JSON.parse(res.stdout) as QueueStatus;
}

/** Polls the queue status until `done(status)`; throws after `ms` with the last status. */
export async function waitForStatus(redis: string, done: (s: QueueStatus) => boolean, ms: number): Promise<QueueStatus> {
  const until = Date.now() + ms;
  for (;;) {
    const s = await queueStatus(redis);
    if (done(s)) return s;
    if (Date.now() > until) throw new Error(`queue did not get there: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Ids in lines "started ID" / "completed ID" of worker logs. */
export function logged(kind: 'started' | 'completed' | 'failed', logs: readonly string[]): string[] {
  return logs.flatMap((l) => [...l.matchAll(new RegExp(`: ${kind} (fw-[0-9a-f]+)`, 'g'))].map((m) => m[1]));
}

export { waitFor };
