import type { SweepReport } from '../../pipelines/sweepSensitivity.js';

/** `framewise eval --sweep`'s table: one row per setting, precision/recall/F1 of cuts, gradual transitions and all. */
export function formatSweep(r: SweepReport): string {
  const f = (x: number): string => x.toFixed(3);
  const head = ['cut', 'gradual', 'cut P', 'cut R', 'cut F1', 'grad P', 'grad R', 'grad F1', 'all P', 'all R', 'all F1', 'false cuts/5min'];
  const rows = r.rows.map((x) => [
    x.cut.toFixed(1),
    x.gradual.toFixed(1),
    f(x.cuts.precision),
    f(x.cuts.recall),
    f(x.cuts.f1),
    f(x.graduals.precision),
    f(x.graduals.recall),
    f(x.graduals.f1),
    f(x.overall.precision),
    f(x.overall.recall),
    f(x.overall.f1),
    x.falseCutsPer5Min === null ? '–' : x.falseCutsPer5Min.toFixed(2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  return [
    `${r.data}: ${r.videos} videos, ${r.minutes.toFixed(1)} min; sensitivity offsets in logit units (--cut-sensitivity, --gradual-sensitivity)`,
    line(head),
    ...rows.map(line),
  ].join('\n');
}
