/**
 * Label probabilities over time as SVG polylines, one per label, on the same horizontal scale as
 * timelineSvg (same width and padding) so the two line up in the report. Long inputs are bucketed to at
 * most one point per pixel column, keeping each bucket's maximum: a one-frame spike (a cut) stays visible.
 */
import type { ReportData } from './ReportData.js';
import { frameEnds, timeRange } from './frameTimes.js';
import { labelColours } from './labelColours.js';
import { esc, px } from './markup.js';

const PAD = 10;
const FONT = 'DejaVu Sans, Verdana, Arial, sans-serif';

export function scorePlotSvg(data: Pick<ReportData, 'labels' | 'labelInfo' | 'events' | 'info'>, opts: { width: number; height?: number }): string {
  const width = Math.max(100, Math.round(opts.width));
  const plotH = opts.height ?? 160;
  const height = plotH + 2 * PAD;
  const colours = labelColours(data.labels, data.labelInfo);
  const { events } = data;
  const ends = frameEnds(events, data.info.fps);
  const { t0, t1 } = timeRange(events, data.info.fps);
  const span = t1 > t0 ? t1 - t0 : 1;
  const stripW = width - 2 * PAD;
  const x = (t: number): number => PAD + ((t - t0) / span) * stripW;
  const y = (p: number): number => PAD + (1 - p) * plotH;

  const parts: string[] = [`<rect x="${PAD}" y="${PAD}" width="${stripW}" height="${plotH}" fill="#fafafa" stroke="#ddd"/>`];
  for (const p of [0.25, 0.5, 0.75]) {
    parts.push(`<line x1="${PAD}" y1="${px(y(p))}" x2="${PAD + stripW}" y2="${px(y(p))}" stroke="#e4e4e4"/>`);
  }
  parts.push(`<text x="${PAD + 3}" y="${PAD + 11}" font-family="${FONT}" font-size="10" fill="#888">1</text>`);
  parts.push(`<text x="${PAD + 3}" y="${PAD + plotH - 3}" font-family="${FONT}" font-size="10" fill="#888">0</text>`);

  const buckets = Math.max(1, Math.min(events.length, Math.floor(stripW)));
  for (const label of data.labels) {
    const pts: string[] = [];
    for (let b = 0; b < buckets; b++) {
      const from = Math.floor((b * events.length) / buckets);
      const to = Math.max(from + 1, Math.floor(((b + 1) * events.length) / buckets));
      let best = 0;
      for (let i = from; i < to; i++) best = Math.max(best, events[i].scores[label] ?? 0);
      const mid = (events[from].time + ends[to - 1]) / 2;
      pts.push(`${px(x(mid))},${px(y(best))}`);
    }
    parts.push(
      `<polyline class="score" data-label="${esc(label)}" fill="none" stroke="${colours[label]}" stroke-width="1.4" points="${pts.join(' ')}"><title>${esc(label)}</title></polyline>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`;
}
