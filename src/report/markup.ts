/** Escaping and number formatting shared by the SVG and HTML writers. */

/** Text or attribute value safe inside XML/HTML (labels and file names are user data). */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Coordinates with at most 2 decimals: smaller markup, no visible difference. */
export function px(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** `m:ss.s` from one minute on, else `s.ss s`-style seconds; for axis ticks and tables. */
export function clock(seconds: number, decimals = 2): string {
  const sign = seconds < 0 ? '-' : '';
  const s = Math.abs(seconds);
  if (s < 60) return `${sign}${s.toFixed(decimals)}`;
  const m = Math.floor(s / 60);
  const rest = (s - m * 60).toFixed(decimals).padStart(decimals > 0 ? 3 + decimals : 2, '0');
  return `${sign}${m}:${rest}`;
}

/** A tick step (seconds) giving at most `maxTicks` ticks over `span` seconds. */
export function tickStep(span: number, maxTicks: number): number {
  const steps = [0.04, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];
  for (const s of steps) if (span / s <= maxTicks) return s;
  return Math.ceil(span / maxTicks / 3600) * 3600;
}
