/**
 * The one owner of ffmpeg and ffprobe child processes. Every run of either tool in framewise goes through
 * spawnFfmpeg (or, for the short synchronous capability queries, runFfmpegSync), so every process gets
 * the same kill policy:
 *   - terminate() (called on unsubscribe, abort, error or timeout): SIGTERM, on which ffmpeg finishes
 *     cleanly, then SIGKILL if it is still there after KILL_GRACE_MS (ffmpeg only notes SIGTERM, so one
 *     blocked in a read, e.g. of a stalled network input or an idle stdin, never acts on it);
 *   - when this Node process exits, every child still running gets SIGKILL (liveChildren.ts);
 *   - when this Node process is killed outright (SIGKILL, the OOM killer), which runs no exit hook, each child dies
 *     with it on Linux: it is started through util-linux's `setpriv --pdeathsig KILL`, which asks the kernel to send
 *     it SIGKILL when its parent dies and then executes the tool in place (same pid, nothing left in between);
 *   - a child that crashes leaves no core file (`prlimit --core=0`, childWrapper).
 *     Node cannot set a parent-death signal itself, and ffmpeg's own stdin handling cannot stand in: with -nostdin
 *     (or a pipe carrying the input) it never notices a closed stdin, and without it a blocked read (a stalled
 *     network input) never gets back to look. Elsewhere, or without setpriv, only the exit hook applies.
 * stderr is split into lines (ffmpeg ends stats lines with \r, messages with \n) and its last lines are
 * kept for error messages (ffmpegFailure.ts turns them into typed errors). With `stderrOnDemand` it goes into a
 * pipe this process does not watch, read when the caller wants the lines.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Readable, Writable } from 'node:stream';
import { resolveFfmpeg } from '../decode/ffmpegPath.js';

export type FfmpegTool = 'ffmpeg' | 'ffprobe';

/** After SIGTERM, a process gets this long to exit before SIGKILL. */
export const KILL_GRACE_MS = 1000;
const DEFAULT_TAIL_LINES = 20;
/** With stderrOnDemand, stderr is also read this often (ms) while the process runs. */
const STDERR_DRAIN_MS = 50;

export interface SpawnFfmpegOptions {
  /** 'pipe' to write to the process (raw frames, a container from a Readable); default 'ignore'. */
  stdin?: 'pipe' | 'ignore';
  /** Default 'pipe'. */
  stdout?: 'pipe' | 'ignore';
  /** Aborting terminates the process. */
  signal?: AbortSignal;
  /** The process is terminated after this long (network inputs can stall forever). */
  timeoutMs?: number;
  /** Every stderr line, as it arrives. */
  onStderrLine?: (line: string) => void;
  /** Which lines the tail keeps (blank lines never); default all. */
  keepInTail?: (line: string) => boolean;
  /** Lines of stderr kept in the tail; default 20. */
  tailLines?: number;
  /**
   * stderr read when readStderr() is called (and every STDERR_DRAIN_MS, and at the end) instead of as it is written:
   * a watched pipe wakes this process for every write (showinfo writes each frame's lines in nine).
   */
  stderrOnDemand?: boolean;
}

export interface FfmpegExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (e.g. the binary vanished). */
  spawnError: Error | null;
  /** terminate() was called (directly, by the abort signal or by the timeout) before the process exited. */
  terminated: boolean;
  /** The timeout ended the process. */
  timedOut: boolean;
}

/** The process died by a signal nobody here sent: it crashed (a build of ffprobe segfaults on inputs ffmpeg reads well). */
export function crashed(exit: FfmpegExit): boolean {
  return exit.signal !== null && !exit.terminated;
}

export interface FfmpegProcess {
  /** Undefined when the process could not be started. */
  readonly pid: number | undefined;
  /** For logs: the tool's name and its arguments. */
  readonly commandLine: string;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  /** The last stderr lines kept (oldest first). */
  stderrTail(): string[];
  /** With stderrOnDemand: passes what stderr holds by now to onStderrLine and the tail (a no-op otherwise). */
  readStderr(): void;
  /** Resolves once the process has exited and its stdout and stderr are closed; never rejects. */
  readonly exited: Promise<FfmpegExit>;
  /** SIGTERM, then SIGKILL after KILL_GRACE_MS; a no-op once the process has exited. */
  terminate(): void;
}

const SETPRIV_PATHS = ['/usr/bin/setpriv', '/bin/setpriv'];
const PRLIMIT_PATHS = ['/usr/bin/prlimit', '/bin/prlimit'];
let wrapper: readonly string[] | undefined;

/**
 * What a child is started through on Linux, where installed (both are util-linux, essential on Debian): `setpriv
 * --pdeathsig KILL` (it dies with us) and `prlimit --core=0 --` (a crash of it leaves no core file in the user's
 * folder: the bundled ffprobe segfaults on every MPEG-TS file, and a core dump of it is 13 MB). Each executes the
 * next in place. Empty elsewhere.
 */
function childWrapper(): readonly string[] {
  if (wrapper === undefined) {
    const find = (paths: string[]): string | undefined => (process.platform === 'linux' ? paths.find(runnable) : undefined);
    const setpriv = find(SETPRIV_PATHS);
    const prlimit = find(PRLIMIT_PATHS);
    wrapper = [...(setpriv ? [setpriv, '--pdeathsig', 'KILL'] : []), ...(prlimit ? [prlimit, '--core=0', '--'] : [])];
  }
  return wrapper;
}

function runnable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts `tool` (the binary resolveFfmpeg chooses, or `binary`) with `args`. Throws DecodeError
 * E_FFMPEG_NOT_FOUND when no binary is found; a binary that then fails to start shows in `exited`.
 */
export function spawnFfmpeg(tool: FfmpegTool, args: string[], opts: SpawnFfmpegOptions = {}, binary?: string): FfmpegProcess {
  const file = binary ?? resolveFfmpeg()[tool].path;
  // A binary that cannot run is spawned directly, so that its failure stays a spawn error (not setpriv's exit 127).
  const [first, ...rest] = runnable(file) ? [...childWrapper(), file, ...args] : [file, ...args];
  const fifo = opts.stderrOnDemand ? openFifo() : null;
  let proc: ChildProcess;
  try {
    proc = spawn(first, rest, { stdio: [opts.stdin ?? 'ignore', opts.stdout ?? 'pipe', fifo?.write ?? 'pipe'], windowsHide: true });
  } catch (err) {
    if (fifo !== null) closeSync(fifo.read);
    throw err;
  } finally {
    // The child has its own copy: its exit alone then ends the pipe.
    if (fifo !== null) closeSync(fifo.write);
  }
  trackChild(proc);
  const tailLines = opts.tailLines ?? DEFAULT_TAIL_LINES;
  const tail: string[] = [];
  let terminated = false;
  let timedOut = false;
  let killTimer: NodeJS.Timeout | undefined;
  let timeout: NodeJS.Timeout | undefined;

  const line = (text: string): void => {
    opts.onStderrLine?.(text);
    if (text.trim() === '' || (opts.keepInTail && !opts.keepInTail(text))) return;
    tail.push(text);
    if (tail.length > tailLines) tail.shift();
  };
  let partial = '';
  const take = (chunk: string): void => {
    const lines = (partial + chunk).split(/\r\n|\r|\n/);
    partial = lines.pop() ?? '';
    lines.forEach(line);
  };
  const end = (): void => {
    if (partial !== '') line(partial);
    partial = '';
  };
  let readStderr = (): void => undefined;
  let closeFifo = (): void => undefined;
  if (fifo === null) {
    const stderr = proc.stderr!; // piped above
    stderr.setEncoding('utf8');
    stderr.on('data', take);
    stderr.on('end', end);
  } else {
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.allocUnsafe(64 * 1024);
    let open = true;
    readStderr = () => {
      while (open) {
        let n: number;
        try {
          n = readSync(fifo.read, buffer, 0, buffer.length, null);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EAGAIN') return; // empty for now
          throw err;
        }
        if (n === 0) return; // the process has closed its end
        take(decoder.write(buffer.subarray(0, n)));
        // A read takes all a pipe holds up to the buffer's size: less, and it is empty (no EAGAIN to throw).
        if (n < buffer.length) return;
      }
    };
    // A process that writes much to stderr and nothing the caller waits for would fill the pipe and stop.
    const drain = setInterval(readStderr, STDERR_DRAIN_MS);
    drain.unref();
    closeFifo = () => {
      if (!open) return;
      clearInterval(drain);
      readStderr();
      take(decoder.end());
      end();
      open = false;
      closeSync(fifo.read);
    };
  }
  // EPIPE on stdin only says the process is gone; why is in its exit status and stderr.
  proc.stdin?.on('error', () => undefined);

  const running = (): boolean => proc.pid !== undefined && proc.exitCode === null && proc.signalCode === null;
  const terminate = (): void => {
    if (terminated || !running()) return;
    terminated = true;
    // Nobody reads the output any more: a process blocked writing into a full pipe gets EPIPE and stops,
    // and 'close' (hence `exited`) does not wait for unread output.
    proc.stdout?.destroy();
    proc.kill('SIGTERM');
    killTimer = setTimeout(() => {
      if (running()) proc.kill('SIGKILL');
    }, KILL_GRACE_MS);
  };

  const onAbort = (): void => terminate();
  const exited = new Promise<FfmpegExit>((resolve) => {
    let done = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError: Error | null): void => {
      if (done) return;
      done = true;
      closeFifo();
      clearTimeout(killTimer);
      clearTimeout(timeout);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({ code, signal, spawnError, terminated, timedOut });
    };
    // Also the channel for failed kill() calls: a listener must stay attached for the process's lifetime.
    proc.on('error', (err) => {
      if (proc.pid === undefined) finish(null, null, err);
    });
    proc.once('close', (code, signal) => finish(code, signal, null));
  });
  // The exit timer must not outlive the process (it would keep Node alive for the grace period).
  proc.once('exit', () => clearTimeout(killTimer));

  if (opts.signal?.aborted) terminate();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.timeoutMs !== undefined) {
    timeout = setTimeout(() => {
      timedOut = running();
      terminate();
    }, opts.timeoutMs);
  }

  return {
    pid: proc.pid,
    commandLine: `${tool} ${args.join(' ')}`,
    stdin: proc.stdin,
    stdout: proc.stdout,
    stderrTail: () => [...tail],
    readStderr: () => readStderr(),
    exited,
    terminate,
  };
}

/** Set once mkfifo(1) is found missing. */
let noMkfifo = false;

/**
 * A pipe whose read end does not block (EAGAIN when empty) and whose write end, for the child, does: a named pipe
 * made by mkfifo(1) (Node has neither pipe(2) nor mkfifo), opened at both ends and removed at once, so nothing is
 * left behind whatever happens. Null where it cannot be made (Windows, no mkfifo, no writable temporary folder): the
 * caller takes a plain pipe.
 */
function openFifo(): { read: number; write: number } | null {
  if (process.platform === 'win32' || noMkfifo) return null;
  let dir: string | null = null;
  let read: number | null = null;
  try {
    dir = mkdtempSync(join(tmpdir(), 'framewise-stderr-'));
    const path = join(dir, 'stderr');
    const made = spawnSync('mkfifo', ['-m', '600', path], { stdio: 'ignore', timeout: 10_000, killSignal: 'SIGKILL' });
    // A mkfifo that cannot run will not run for the next decode either: not asked again.
    if (made.error !== undefined && (made.error as NodeJS.ErrnoException).code === 'ENOENT') noMkfifo = true;
    if (made.status !== 0) return null;
    read = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    // With a reader open, opening for writing does not wait.
    return { read, write: openSync(path, constants.O_WRONLY) };
  } catch {
    if (read !== null) closeSync(read);
    return null;
  } finally {
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Every ffmpeg/ffprobe child still running. When this Node process exits, each gets SIGKILL at once:
 * 'exit' handlers must be synchronous, and a child that outlives us would keep decoding (or holding a
 * camera) with nobody reading its output.
 */
const live = new Set<ChildProcess>();
let hooked = false;

function killAll(): void {
  for (const proc of live) {
    try {
      proc.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

/** Adds a spawned child to the registry until it exits. */
export function trackChild(proc: ChildProcess): void {
  if (proc.pid === undefined) return; // never started: nothing to kill
  if (!hooked) {
    hooked = true;
    process.on('exit', killAll);
  }
  live.add(proc);
  proc.once('exit', () => live.delete(proc));
}

/** Pids of the registered children that are still running (for tests and diagnostics). */
export function liveChildPids(): number[] {
  return [...live].map((p) => p.pid).filter((pid): pid is number => pid !== undefined);
}

export interface SyncRun {
  stdout: string;
  /** Why the run failed (could not start, timed out, non-zero exit), or null when it succeeded. */
  failure: string | null;
}

/**
 * Runs an ffmpeg/ffprobe binary to completion, synchronously: for the short capability queries
 * (`-version`, `-encoders`, `-h filter=...`) that must answer before anything else can start. The caller
 * is blocked meanwhile, so such a child cannot outlive it; a stuck one gets SIGKILL after `timeoutMs`.
 */
export function runFfmpegSync(binary: string, args: string[], opts: { timeoutMs?: number; maxBuffer?: number } = {}): SyncRun {
  const r = spawnSync(binary, args, {
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 10_000,
    killSignal: 'SIGKILL',
    maxBuffer: opts.maxBuffer ?? 8 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
  const stdout = r.stdout ?? '';
  if (r.error) return { stdout, failure: r.error.message.split('\n')[0] };
  if (r.signal) return { stdout, failure: `killed by ${r.signal}` };
  if (r.status !== 0) {
    const last = (r.stderr ?? '').trim().split(/\r?\n/).at(-1);
    return { stdout, failure: `exit code ${r.status}${last ? `: ${last}` : ''}` };
  }
  return { stdout, failure: null };
}
