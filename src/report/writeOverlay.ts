/**
 * `framewise label --overlay out.mp4`: a copy of the input with each frame's label and score drawn on it
 * and a whole-video timeline bar with a playhead, playable in any player. Needs every frame's label first
 * (the bar shows the whole video), so it runs after labelling, as a second ffmpeg pass.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { loadSharp } from './loadSharp.js';
import { renderOverlay } from '../decode/renderOverlay.js';
import { InputError, UsageError } from '../errors.js';
import type { ReportData } from './ReportData.js';
import { findFont } from './findFont.js';
import { timeRange } from './frameTimes.js';
import { overlayCommands, overlayFilterGraph, overlayLayout } from './overlayPlan.js';
import { timelineSvg } from './timelineSvg.js';

/** Containers the overlay is written in (H.264 + AAC). */
export const OVERLAY_EXTENSIONS: readonly string[] = ['.mp4', '.m4v', '.mov', '.mkv'];

export interface OverlayOptions {
  /** Output video file; its extension picks the container. */
  out: string;
  /** --duration of the labelling run, so the copy covers the same stretch. */
  duration?: number;
  /** Font file for the text; default findFont(); null: no text (bar and playhead only). */
  font?: string | null;
  signal?: AbortSignal;
  onProgress?: (frames: number) => void;
}

/** Rejects an output name the overlay cannot be written as (checked before any labelling). */
export function checkOverlayOut(out: string): void {
  if (!OVERLAY_EXTENSIONS.includes(extname(out).toLowerCase())) {
    throw new UsageError('E_USAGE', `--overlay must name a ${OVERLAY_EXTENSIONS.join(', ')} file, got ${out}`);
  }
}

export async function writeOverlay(
  input: string,
  data: Pick<ReportData, 'labels' | 'labelInfo' | 'events' | 'segments' | 'info' | 'start'>,
  opts: OverlayOptions,
): Promise<{ font: string | null }> {
  checkOverlayOut(opts.out);
  if (data.events.length === 0) throw new InputError('E_INPUT_INVALID', `${input}: no frames were labelled, nothing to overlay`);
  const font = opts.font === undefined ? findFont() : opts.font;
  const { width, height } = data.info;
  const L = overlayLayout(width, height);
  const dir = await mkdtemp(join(tmpdir(), 'framewise-overlay-'));
  try {
    const bar = timelineSvg(data, { width: L.barW, stripHeight: L.barH - 2, pad: 1, frameRow: false, axis: false, legend: false, background: '#000000' });
    const barPng = join(dir, 'bar.png');
    // Resize guards against a rounding pixel: overlay placement assumes exactly barW × barH.
    await (await loadSharp())(Buffer.from(bar.svg), { density: 72 }).resize(L.barW, L.barH, { fit: 'fill' }).png().toFile(barPng);
    let commandsFile: string | null = null;
    const commands = font ? overlayCommands(data.events, data.labels, data.start, data.labelInfo) : '';
    if (commands !== '') {
      commandsFile = join(dir, 'commands.txt');
      await writeFile(commandsFile, commands);
    }
    const { t0, t1 } = timeRange(data.events, data.info.fps);
    const graph = overlayFilterGraph({
      width,
      height,
      first: data.events[0],
      labels: data.labels,
      labelInfo: data.labelInfo,
      t0: t0 - data.start,
      t1: t1 - data.start,
      commandsFile,
      fontFile: font,
    });
    const graphFile = join(dir, 'graph.txt');
    await writeFile(graphFile, graph);
    await renderOverlay(input, opts.out, {
      start: data.start > 0 ? data.start : undefined,
      duration: opts.duration,
      extraInputs: [barPng],
      graphFile,
      outputPad: '[fwout]',
      width,
      height,
      signal: opts.signal,
      onProgress: opts.onProgress,
    });
    return { font };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
