/**
 * What the overlay video draws, as ffmpeg filter inputs (pure; src/decode/renderOverlay.ts runs them):
 *  - the label and score of each frame as text (drawtext), changed per frame by a sendcmd script keyed on
 *    frame times: exact for variable frame rates, and no process has to stay in lock-step with ffmpeg;
 *  - the whole-video timeline as a small bar near the bottom (a PNG overlaid once, repeated by ffmpeg),
 *  - a playhead on the bar, placed from each frame's timestamp by overlay's per-frame x expression.
 * The drawtext box takes the label's colour, so the label reads even without looking at the text.
 */
import type { LabelEvent, ModelMeta } from '../types.js';
import { labelColours } from './labelColours.js';

export interface OverlayLayout {
  /** Timeline bar position and size in output pixels. */
  barX: number;
  barY: number;
  barW: number;
  barH: number;
  /** Text size and position. */
  fontSize: number;
  textX: number;
  textY: number;
}

/** Sizes scale with the picture height so the overlay reads the same at 180p and 2160p. */
export function overlayLayout(width: number, height: number): OverlayLayout {
  const margin = Math.max(4, Math.round(height * 0.025));
  const barH = Math.max(6, Math.round(height * 0.035));
  const fontSize = Math.max(10, Math.round(height / 20));
  return {
    barX: margin,
    barY: height - margin - barH,
    barW: Math.max(8, width - 2 * margin),
    barH,
    fontSize,
    textX: margin + Math.round(fontSize * 0.3),
    textY: margin + Math.round(fontSize * 0.3),
  };
}

/**
 * Text shown for a frame. Labels are model data: anything outside letters, digits and `_ . + -` becomes
 * `?`, which keeps three levels of ffmpeg escaping (sendcmd, filter options, drawtext) out of play.
 */
export function overlayText(label: string, score: number): string {
  return `${label.replace(/[^\p{L}\p{N}_.+-]/gu, '?')} ${score.toFixed(2)}`;
}

/** drawtext box colour of a label: its report colour, slightly transparent. */
export function overlayBoxColour(colour: string): string {
  return `0x${colour.slice(1)}@0.85`;
}

/** The instance name sendcmd addresses. */
export const TEXT_FILTER = 'drawtext@fwlabel';

/**
 * The sendcmd script: one `reinit` per frame whose text or colour differs from the frame before. A
 * command fires at the midpoint between the previous frame's time and this one's, so rounding can never
 * move it onto the wrong frame. Times are on the filter clock: seconds from the first decoded frame's
 * origin (the input's start, or the --start point), hence `- start`.
 */
export function overlayCommands(events: readonly LabelEvent[], labels: readonly string[], start = 0, labelInfo?: ModelMeta['labelInfo']): string {
  const colours = labelColours(labels, labelInfo);
  const lines: string[] = [];
  let last = '';
  events.forEach((ev, i) => {
    const arg = `text=${overlayText(ev.label, ev.score)}:boxcolor=${overlayBoxColour(colours[ev.label] ?? '#000000')}`;
    if (arg === last) return;
    last = arg;
    if (i === 0) return; // frame 0's text is the filter's initial text
    const at = Math.max(0, (events[i - 1].time + ev.time) / 2 - start);
    lines.push(`${at.toFixed(6)} ${TEXT_FILTER} reinit '${arg}';`);
  });
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

/** Escapes a value for a filter option inside a filtergraph (option level, then graph level). */
export function filterValue(value: string): string {
  const option = value.replace(/[\\':]/g, (c) => `\\${c}`);
  return option.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

export interface OverlayGraphInput {
  width: number;
  height: number;
  /** The first frame's event (initial text). */
  first: LabelEvent;
  labels: readonly string[];
  /** The model's per-label overrides (colours) of the shipped defaults. */
  labelInfo?: ModelMeta['labelInfo'];
  /** Timeline span on the filter clock (seconds): the playhead goes from t0 to t1. */
  t0: number;
  t1: number;
  /** sendcmd script path; null: the first frame's text stays (it never changes). */
  commandsFile: string | null;
  /** Font for the text; null: no text. */
  fontFile: string | null;
}

/**
 * The -filter_complex graph: input 0 is the video, input 1 the timeline bar PNG; output pad [fwout].
 */
export function overlayFilterGraph(g: OverlayGraphInput): string {
  const L = overlayLayout(g.width, g.height);
  const colours = labelColours(g.labels, g.labelInfo);
  const span = g.t1 > g.t0 ? g.t1 - g.t0 : 1;
  const steps: string[] = [];
  let v = '[0:v]';
  if (g.fontFile) {
    const text = [
      `fontfile=${filterValue(g.fontFile)}`,
      `text=${filterValue(overlayText(g.first.label, g.first.score))}`,
      'expansion=none',
      `fontsize=${L.fontSize}`,
      'fontcolor=white',
      'shadowcolor=black@0.6:shadowx=1:shadowy=1',
      'box=1',
      `boxborderw=${Math.max(2, Math.round(L.fontSize * 0.3))}`,
      `boxcolor=${overlayBoxColour(colours[g.first.label] ?? '#000000')}`,
      `x=${L.textX}:y=${L.textY}`,
    ].join(':');
    // sendcmd refuses an empty script, so a text that never changes goes without it.
    const send = g.commandsFile ? `sendcmd=f=${filterValue(g.commandsFile)},` : '';
    steps.push(`${v}${send}${TEXT_FILTER}=${text}[fwtext]`);
    v = '[fwtext]';
  }
  steps.push(`${v}[1:v]overlay=x=${L.barX}:y=${L.barY}:eof_action=repeat[fwbar]`);
  // A playhead (white line, black edges: visible on any label colour), centred on the current time;
  // `t` in overlay's x expression is the main input's frame time.
  const headH = L.barH + 4;
  steps.push(`color=c=white:s=2x${headH}:r=25,format=rgba,pad=w=4:h=${headH}:x=1:y=0:color=black[fwhead]`);
  const x = `${L.barX}+(t-${g.t0.toFixed(6)})/${span.toFixed(6)}*${L.barW}-2`;
  steps.push(`[fwbar][fwhead]overlay=x='${x}':y=${L.barY - 2}:shortest=1[fwout]`);
  return steps.join(';\n');
}
