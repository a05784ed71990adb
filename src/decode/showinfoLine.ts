/**
 * Parses the per-frame line of ffmpeg's `showinfo` filter, placed after `settb=AVTB` so that `pts` is an
 * integer count of microseconds (exact, unlike `pts_time`, which showinfo prints with 6 significant digits).
 * Returns the frame's presentation time in seconds (NaN if the frame has no pts), or null for any other line.
 */
export function showinfoTime(line: string): number | null {
  if (!line.includes('Parsed_showinfo')) return null;
  const m = /\bn:\s*\d+\s+pts:\s*(-?\d+|NOPTS)\s/.exec(line);
  if (!m) return null;
  return m[1] === 'NOPTS' ? Number.NaN : Number(m[1]) / 1e6;
}
