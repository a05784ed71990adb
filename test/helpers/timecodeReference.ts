/**
 * SMPTE timecode labels by counting, written from the rule (not from src/scenes/Timecode.ts): one label per frame,
 * `nominal` labels a second; drop-frame skips the first `drop` labels of every minute not divisible by ten.
 *
 *   const labels = countedLabels(n, 30, 2);          // frames 0..n-1 at 29.97 drop-frame
 *   const frameOf = labelIndex(labels);               // '00:01:00;02' → 1800
 */
export function countedLabels(n: number, nominal: number, drop: number): string[] {
  const out: string[] = [];
  let [h, m, s, f] = [0, 0, 0, 0];
  const pad = (v: number) => String(v).padStart(2, '0');
  for (let i = 0; i < n; i++) {
    out.push(`${pad(h)}:${pad(m)}:${pad(s)}${drop ? ';' : ':'}${pad(f)}`);
    f++;
    if (f === nominal) [f, s] = [0, s + 1];
    if (s === 60) [s, m] = [0, m + 1];
    if (m === 60) [m, h] = [0, h + 1];
    if (drop && s === 0 && f === 0 && m % 10 !== 0) f = drop;
  }
  return out;
}

/** Label → frame number. */
export function labelIndex(labels: readonly string[]): Map<string, number> {
  return new Map(labels.map((l, i) => [l, i]));
}
