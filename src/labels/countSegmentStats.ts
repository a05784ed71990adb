import type { SegmentStats } from '../types.js';

/**
 * Segment statistics of per-frame label sequences (truth files, or plans of them): per label, how many of its runs
 * have each length and which label follows each run. Every run counts, the first and last of a sequence included.
 */
export function countSegmentStats(sequences: Iterable<readonly string[]>): Record<string, SegmentStats> {
  const lengths = new Map<string, Map<number, number>>();
  const next = new Map<string, Record<string, number>>();
  const add = (label: string, length: number, after: string | null): void => {
    const byLength = lengths.get(label) ?? new Map<number, number>();
    byLength.set(length, (byLength.get(length) ?? 0) + 1);
    lengths.set(label, byLength);
    const counts = next.get(label) ?? {};
    if (after !== null) counts[after] = (counts[after] ?? 0) + 1;
    next.set(label, counts);
  };
  for (const seq of sequences) {
    let start = 0;
    for (let i = 1; i <= seq.length; i++) {
      if (i < seq.length && seq[i] === seq[start]) continue;
      add(seq[start], i - start, i < seq.length ? seq[i] : null);
      start = i;
    }
  }
  const out: Record<string, SegmentStats> = {};
  for (const [label, byLength] of [...lengths].sort(([a], [b]) => a.localeCompare(b))) {
    const counts = next.get(label) ?? {};
    out[label] = {
      lengths: [...byLength].sort(([a], [b]) => a - b),
      next: Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b))),
    };
  }
  return out;
}
