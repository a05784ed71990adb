/**
 * The no-orphan invariant, checked after every test file: no ffmpeg, ffprobe or redis-server started by this test
 * process is still running once its tests are done (a short grace period lets a terminated child finish exiting).
 * Leftovers are killed, so that one failure does not spill into the next file, and the file fails naming them.
 */
import { readFileSync } from 'node:fs';
import { afterAll } from 'vitest';
import { childrenNamed, waitFor } from '../helpers/ffmpeg.js';

const WATCHED = /^(ffmpeg|ffprobe|redis-server|setpriv)/;
const GRACE_MS = 3000;

function describePid(pid: number): string {
  try {
    return `${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 200)}`;
  } catch {
    return String(pid);
  }
}

afterAll(async () => {
  if (await waitFor(() => childrenNamed(WATCHED).length === 0, GRACE_MS)) return;
  const left = childrenNamed(WATCHED);
  const described = left.map(describePid);
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  if (left.length > 0) throw new Error(`child processes left running after this file's tests:\n${described.join('\n')}`);
});
