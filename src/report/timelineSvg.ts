/**
 * The label timeline as SVG: a strip of segments (colour per label) over the whole labelled stretch, an
 * optional thin row of the raw per-frame winning labels under it, a time axis and a legend. The same
 * markup is inlined in the HTML report (where a script adds hover and click) and rasterised to PNG.
 */
import type { ReportData } from './ReportData.js';
import { frameEnds, labelRuns, timeRange } from './frameTimes.js';
import { labelColours } from './labelColours.js';
import { clock, esc, px, tickStep } from './markup.js';

export interface TimelineOptions {
  /** Total width in pixels. */
  width: number;
  /** Height of the segment strip in pixels (default 40). */
  stripHeight?: number;
  /** Draw the per-frame label row under the segments (default true). */
  frameRow?: boolean;
  /** Draw the time axis (default true). */
  axis?: boolean;
  /** Draw the legend (default true). */
  legend?: boolean;
  /** A title line above the strip. */
  title?: string;
  /** Opaque background colour (PNG); the HTML report leaves it transparent. */
  background?: string;
  /** Margin around everything in pixels (default 10). */
  pad?: number;
}

/** Where the strip sits inside the SVG, for scripts that map a pointer position to a time. */
export interface TimelineLayout {
  svg: string;
  width: number;
  height: number;
  /** Left edge and width of the strip in SVG pixels. */
  x0: number;
  stripWidth: number;
  /** The times at the strip's left and right edges. */
  t0: number;
  t1: number;
}

const FONT = 'DejaVu Sans, Verdana, Arial, sans-serif';

export function timelineSvg(data: Pick<ReportData, 'labels' | 'labelInfo' | 'events' | 'segments' | 'info'>, opts: TimelineOptions): TimelineLayout {
  const PAD = opts.pad ?? 10;
  const width = Math.max(2 * PAD + 1, Math.round(opts.width));
  const stripH = opts.stripHeight ?? 40;
  const colours = labelColours(data.labels, data.labelInfo);
  const colour = (label: string): string => colours[label] ?? '#000000';
  const { events, segments } = data;
  const ends = frameEnds(events, data.info.fps);
  // Segments carry the input's frame numbers (after --start they do not begin at 0); `ends` is per event.
  const f0 = events[0]?.frame ?? 0;
  const { t0, t1 } = timeRange(events, data.info.fps);
  const span = t1 > t0 ? t1 - t0 : 1;
  const x0 = PAD;
  const stripW = width - 2 * PAD;
  const x = (t: number): number => x0 + ((t - t0) / span) * stripW;
  const parts: string[] = [];
  let y = PAD;

  if (opts.title) {
    parts.push(`<text x="${x0}" y="${y + 14}" font-family="${FONT}" font-size="15" font-weight="bold" fill="#222">${esc(opts.title)}</text>`);
    y += 24;
  }

  const stripY = y;
  parts.push(`<rect x="${x0}" y="${y}" width="${stripW}" height="${stripH}" fill="#eeeeee"/>`);
  segments.forEach((s, i) => {
    const a = x(s.start_time);
    const b = x(ends[s.end - f0] ?? s.end_time);
    // Never thinner than a pixel: a one-frame cut in an hour of video must still show.
    const w = Math.max(1, b - a);
    const tip = `${s.label} · frames ${s.start}–${s.end} · ${clock(s.start_time)}–${clock(ends[s.end - f0] ?? s.end_time)} s · score ${s.score.toFixed(2)}`;
    parts.push(
      `<rect class="seg" data-seg="${i}" data-t="${px(s.start_time)}" x="${px(a)}" y="${y}" width="${px(w)}" height="${stripH}" fill="${colour(s.label)}"><title>${esc(tip)}</title></rect>`,
    );
  });
  y += stripH;

  if (opts.frameRow ?? true) {
    y += 2;
    const rowH = Math.max(4, Math.round(stripH / 5));
    for (const r of labelRuns(events)) {
      const a = x(events[r.start].time);
      const w = Math.max(1, x(ends[r.end]) - a);
      parts.push(`<rect x="${px(a)}" y="${y}" width="${px(w)}" height="${rowH}" fill="${colour(r.label)}"/>`);
    }
    y += rowH;
  }
  const stripBottom = y;

  if (opts.axis ?? true) {
    const step = tickStep(span, Math.max(2, Math.floor(stripW / 70)));
    const first = Math.ceil(t0 / step - 1e-9) * step;
    const decimals = step < 0.1 ? 2 : step < 1 ? 1 : 0;
    parts.push(`<line x1="${x0}" y1="${y + 0.5}" x2="${x0 + stripW}" y2="${y + 0.5}" stroke="#888"/>`);
    for (let t = first; t <= t1 + 1e-9; t += step) {
      const tx = px(x(t));
      parts.push(`<line x1="${tx}" y1="${y}" x2="${tx}" y2="${y + 5}" stroke="#888"/>`);
      parts.push(`<text x="${tx}" y="${y + 17}" font-family="${FONT}" font-size="11" fill="#444" text-anchor="middle">${clock(t, decimals)}</text>`);
    }
    y += 22;
  }

  if (opts.legend ?? true) {
    y += 8;
    let lx = x0;
    const rowH = 18;
    for (const label of data.labels) {
      // Legend entries wrap; text width is estimated (no font metrics here), generously.
      const w = 16 + 8 + label.length * 7.5 + 18;
      if (lx + w > x0 + stripW && lx > x0) {
        lx = x0;
        y += rowH;
      }
      parts.push(`<rect x="${px(lx)}" y="${y}" width="14" height="14" fill="${colour(label)}" stroke="#0003"/>`);
      parts.push(`<text x="${px(lx + 20)}" y="${y + 11.5}" font-family="${FONT}" font-size="12" fill="#222">${esc(label)}</text>`);
      lx += w;
    }
    y += rowH;
  }

  const height = Math.ceil(y + PAD);
  const bg = opts.background ? `<rect width="100%" height="100%" fill="${opts.background}"/>` : '';
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" data-strip-top="${stripY}" data-strip-bottom="${stripBottom}">` +
    bg +
    parts.join('') +
    `</svg>`;
  return { svg, width, height, x0, stripWidth: stripW, t0, t1 };
}
