/** Number formatting shared by the sinks (docs/architecture.md, "Formats": times to ms, scores to 4 decimals). */

export function roundTime(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

export function roundScore(p: number): number {
  return Math.round(p * 10000) / 10000;
}

/** An event's scores rounded, as a record of its own keys only (a label named `__proto__` is a key like any other). */
export function roundScores(scores: Readonly<Record<string, number>>): Record<string, number> {
  const out = Object.create(null) as Record<string, number>;
  for (const k of Object.keys(scores)) out[k] = roundScore(scores[k]);
  return out;
}

/** `HH:MM:SS.mmm` (WebVTT) or `HH:MM:SS,mmm` (SRT). */
export function cueTimestamp(seconds: number, decimalMark: '.' | ','): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${decimalMark}${pad(ms % 1000, 3)}`;
}
