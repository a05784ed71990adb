import { loadSharp } from './loadSharp.js';
import type { ReportData } from './ReportData.js';
import { timelineSvg, type TimelineOptions } from './timelineSvg.js';

/** The timeline (strip, axis, legend) as a PNG on a white background, e.g. for documentation. */
export async function timelinePng(
  data: Pick<ReportData, 'labels' | 'labelInfo' | 'events' | 'segments' | 'info'>,
  opts: Partial<TimelineOptions> = {},
): Promise<Buffer> {
  const { svg } = timelineSvg(data, { width: 1600, stripHeight: 48, background: '#ffffff', ...opts });
  // density 72: one SVG unit is one pixel, so the PNG has exactly the SVG's size.
  return (await loadSharp())(Buffer.from(svg), { density: 72 }).png({ compressionLevel: 9 }).toBuffer();
}
