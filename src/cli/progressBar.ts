import cliProgress from 'cli-progress';
import { FilesShare } from './FilesShare.js';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

/** The options every bar on stderr shares, with its line's format. */
function barOptions(format: string): cliProgress.Options {
  return {
    stream: process.stderr,
    format,
    hideCursor: true,
    // When asked for explicitly (--progress) on a pipe or file, print a line every second instead of redrawing.
    noTTYOutput: !process.stderr.isTTY,
    notTTYSchedule: 1000,
    clearOnComplete: false,
    fps: 10,
  };
}

/** Frames per second since `start` (a performance.now() time), as the bars print it. */
const rate = (frames: number, start: number, now: number): string => (frames / ((now - start) / 1000)).toFixed(0);

/** How often a bar takes a new value: it draws ten times a second at most, so a value per frame is wasted work. */
const UPDATE_MS = 100;

/** `show`, called with the time at most once per UPDATE_MS however often the returned function is. */
function everyUpdate(show: (now: number) => void): () => void {
  let shown = performance.now();
  return () => {
    const now = performance.now();
    if (now - shown < UPDATE_MS) return;
    shown = now;
    show(now);
  };
}

/**
 * The time left at the rate so far, once `fraction` of the work is done since `start`: `--` before anything is
 * done (a rate of nothing would promise an end at once, or never).
 */
export function timeLeft(fraction: number, start: number, now: number): string {
  if (!(fraction > 0)) return '--';
  const s = Math.ceil((Math.max(0, 1 - fraction) * (now - start)) / fraction / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor(s / 60) % 60).padStart(2, '0')}m`;
}

/**
 * A frames/fps/ETA bar on stderr. `total` may be unknown (live or unprobed input): then it counts frames only.
 * Shown only when `enabled`; a disabled bar costs nothing.
 */
export function progressBar(enabled: boolean, total: number | null, unit = 'frames'): Progress {
  if (!enabled) return { update() {}, stop() {} };
  const start = performance.now();
  const bar = new cliProgress.SingleBar(
    barOptions(total ? `{bar} {percentage}% | {value}/{total} ${unit} | {fps} fps | ETA {left}` : `{value} ${unit} | {fps} fps`),
    cliProgress.Presets.shades_classic,
  );
  bar.start(total ?? 0, 0, { fps: '0', left: '--' });
  let done = 0;
  const show = (now: number): void => {
    if (total && done > total) bar.setTotal(done);
    bar.update(done, { fps: rate(done, start, now), left: total ? timeLeft(done / Math.max(total, done), start, now) : '' });
  };
  const tick = everyUpdate(show);
  return {
    update(value) {
      done = value;
      tick();
    },
    stop() {
      show(performance.now());
      bar.stop();
    },
  };
}

/** Progress by default only when a person watches: stderr is a terminal and stdout is not being piped. */
export function wantProgress(flag: boolean | undefined, writingToStdout: boolean): boolean {
  if (flag !== undefined) return flag;
  return Boolean(process.stderr.isTTY) && (!writingToStdout || Boolean(process.stdout.isTTY));
}

/**
 * A bar over a run's frames, started once the input is probed (its frame count, or `total(info)`, is the bar's
 * total): hand `onInfo` and `onEvent` to a pipeline and call `stop()` when it ends.
 */
export function frameProgress(
  enabled: boolean,
  total: (info: { frames: number | null } | null) => number | null = (info) => info?.frames ?? null,
): { onInfo: (info: { frames: number | null } | null) => void; onEvent: () => void; stop: () => void } {
  let bar: Progress | null = null;
  let done = 0;
  return {
    onInfo: (info) => {
      bar = progressBar(enabled, total(info));
    },
    onEvent: () => bar?.update(++done),
    stop: () => bar?.stop(),
  };
}

/**
 * Progress over several files: one bar of the share done (FilesShare: by size, running files by their frames), with
 * the files done, the frames labelled, their rate and the time left; each file's summary line printed above it as
 * the file ends. Disabled, the lines go straight to stderr.
 */
export function filesProgress(enabled: boolean, sizes: ReadonlyArray<readonly [string, number]>): FilesProgress {
  if (!enabled) return { onInfo() {}, onFrame() {}, fileDone: (_file, line) => process.stderr.write(`${line}\n`), stop() {} };
  const share = new FilesShare(sizes);
  const start = performance.now();
  let frames = 0;
  let files = 0;
  const multi = new cliProgress.MultiBar(
    barOptions(`{bar} {percentage}% | {files}/${sizes.length} files | {frames} frames | {fps} fps | ETA {left}`),
    cliProgress.Presets.shades_classic,
  );
  // The bar counts thousandths of the run.
  const bar = multi.create(1000, 0, { files: 0, frames: 0, fps: '0', left: '--' });
  const show = (now: number): void => {
    const done = share.done;
    bar.update(Math.round(done * 1000), { files, frames, fps: rate(frames, start, now), left: timeLeft(done, start, now) });
  };
  const tick = everyUpdate(show);
  return {
    onInfo(file, expected) {
      share.expect(file, expected);
    },
    onFrame(file) {
      share.frame(file);
      frames++;
      tick();
    },
    fileDone(file, line) {
      share.finish(file);
      files++;
      multi.log(`${line}\n`);
      show(performance.now());
    },
    stop() {
      show(performance.now());
      // Logged lines wait for the next redraw, which stop() alone does not make.
      multi.update();
      multi.stop();
    },
  };
}

export interface FilesProgress {
  /** `file` is probed: `frames` are expected of it (null: unknown). */
  onInfo(file: string, frames: number | null): void;
  onFrame(file: string): void;
  /** `file` has ended: `line` says how. */
  fileDone(file: string, line: string): void;
  stop(): void;
}
