import type { EvalReport, MethodScores, ModelComparison } from '../../pipelines/evaluate.js';
import { BASELINE_LABELS } from './frameBaseline.js';

const pct = (x: number): string => x.toFixed(3);

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => pad(r, widths)).join('\n');
}

/** The eval report as the readable tables `framewise eval` prints; `errors` adds the model's false and missed events. */
export function formatEvalReport(r: EvalReport, opts: { errors?: boolean } = {}): string {
  const methods: Array<[string, MethodScores]> = [['model', r.model]];
  if (r.baseline) methods.push(['baseline', r.baseline]);
  const point = r.pointLabel;
  const out: string[] = r.warnings.map((w) => `warning: ${w}`);
  out.push(`${r.data}: ${r.videos} videos, ${r.frames} frames, ${r.minutes.toFixed(1)} min`);
  out.push('');
  out.push('Per frame');
  out.push(
    table([
      ['method', 'accuracy', 'macro-F1', ...r.labels],
      ...methods.map(([name, m]) => [
        name,
        pct(m.frame.accuracy),
        pct(m.frame.macroF1),
        ...r.labels.map((l) => (m.frame.perLabel[l]?.support ? pct(m.frame.perLabel[l].f1) : '-')),
      ]),
    ]),
  );
  out.push('');
  out.push(`Transition events (F1; ${point === null ? '' : `${point} ±2 frames, `}gradual by overlap)`);
  const kinds = Object.keys(r.model.transitions.perKind);
  out.push(
    table([
      ['method', ...kinds, 'overall', 'P', 'R', ...(point === null ? [] : [`false ${point}s/5min`]), 'false transitions/5min'],
      ...methods.map(([name, m]) => [
        name,
        ...kinds.map((k) => (m.transitions.perKind[k].truths || m.transitions.perKind[k].predictions ? pct(m.transitions.perKind[k].f1) : '-')),
        pct(m.transitions.overall.f1),
        pct(m.transitions.overall.precision),
        pct(m.transitions.overall.recall),
        ...(m.falseCutsPer5Min === null ? [] : [m.falseCutsPer5Min.toFixed(2)]),
        m.falseTransitionsPer5Min.toFixed(2),
      ]),
    ]),
  );
  if (!r.baseline) out.push(`(no baseline: it labels ${Object.keys(BASELINE_LABELS).join(', ')}, which this label set lacks in those roles)`);
  if (kinds.length > 0) out.push(`(true events: ${kinds.map((k) => `${k} ${r.model.transitions.perKind[k].truths}`).join(', ')})`);
  if (opts.errors) {
    out.push('');
    out.push(`False and missed transition events (model): ${r.model.errors.length}`);
    if (r.model.errors.length > 0) {
      out.push(table([['video', 'error', 'label', 'frames'], ...r.model.errors.map((e) => [e.video, e.error, e.label, e.start === e.end ? String(e.start) : `${e.start}-${e.end}`])]));
    }
  }
  if (r.comparison) out.push('', ...formatComparison(r.comparison));
  out.push('');
  out.push('Confusion (model; rows = truth, columns = predicted)');
  out.push(table([['', ...r.labels], ...r.labels.map((l, i) => [l, ...r.model.frame.confusion[i].map(String)])]));
  return out.join('\n');
}

/** The paired comparison's table: each figure of both models, the difference and its interval. */
function formatComparison(c: ModelComparison): string[] {
  const { paired } = c;
  // A difference that rounds to zero is printed +0, whatever its sign.
  const signed = (x: number, digits: number): string => {
    const shown = Math.abs(x).toFixed(digits);
    return `${x < 0 && Number(shown) !== 0 ? '−' : '+'}${shown}`;
  };
  const rows = paired.figures.map((f) => {
    const digits = f.figure.endsWith('/5min') ? 2 : 3;
    const sure = f.low > 0 || f.high < 0 ? '*' : '';
    return [f.figure, f.model.toFixed(digits), f.other.toFixed(digits), signed(f.difference, digits), `${signed(f.low, digits)} … ${signed(f.high, digits)}`, sure];
  });
  return [
    `Against ${c.against} (model − other; ${Math.round(paired.level * 100)} % interval of ${paired.resamples} paired resamples of the ${paired.videos} videos; * the interval leaves out 0)`,
    ...table([['figure', 'model', 'other', 'difference', 'interval', ''], ...rows]).split('\n').map((line) => line.trimEnd()),
  ];
}
