/**
 * One temporary folder for the whole test run: TMPDIR, FRAMEWISE_CACHE and XDG_CACHE_HOME point into it, so every
 * file a test, a framewise child process or ffmpeg writes "somewhere temporary" is removed when the run ends, even
 * when a test forgets or fails before its own cleanup.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'framewise-test-run-'));
  process.env.TMPDIR = root;
  process.env.FRAMEWISE_CACHE = join(root, 'cache', 'features');
  process.env.XDG_CACHE_HOME = join(root, 'cache');
  return () => rmSync(root, { recursive: true, force: true });
}
