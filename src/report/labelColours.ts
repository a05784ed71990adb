/**
 * One colour per label, shared by the HTML report, the timeline PNG and the overlay video so a label looks
 * the same everywhere. The default labels have fixed colours chosen to read at a glance (in-shot labels
 * muted, transitions saturated); any other label gets a distinct hue from its position in the model.
 */
const FIXED: Readonly<Record<string, string>> = {
  still: '#9aa5b1',
  motion: '#4c8bf5',
  cut: '#e53935',
  fade_out: '#7e57c2',
  black: '#263238',
  fade_in: '#26a69a',
  dissolve: '#fb8c00',
  wipe: '#43a047',
  freeze: '#00bcd4',
};

/** `#rrggbb` for each label, in the given order. */
export function labelColours(labels: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  labels.forEach((label, i) => {
    out[label] = FIXED[label] ?? hueColour((i * 137.508) % 360);
  });
  return out;
}

/** A mid-saturation colour of hue `h` degrees (golden-angle steps keep neighbours apart). */
function hueColour(h: number): string {
  const s = 0.65;
  const l = 0.5;
  const k = (n: number): number => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): number => l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1));
  const hex = (v: number): string => Math.round(v * 255).toString(16).padStart(2, '0');
  return `#${hex(f(0))}${hex(f(8))}${hex(f(4))}`;
}
