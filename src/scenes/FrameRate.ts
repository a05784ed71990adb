/**
 * An exact frame rate, num/den frames per second. Timecodes, editor exports and cut points need the rate as the
 * file declares it (30000/1001), not as a float (29.97003), so a probed float is snapped to the rate it stands for.
 */
export interface FrameRate {
  num: number;
  den: number;
}

/** Integer rates that broadcast video also runs at ×1000/1001 (23.976, 29.97, 47.952, 59.94, 119.88). */
const NTSC_BASES = [24, 30, 48, 60, 120];

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * The rate a probed `fps` stands for: n×1000/1001 for the NTSC family (within 0.005 fps), an integer rate when within
 * 0.001 fps of one, else the rate to the thousandth of a frame per second.
 */
export function frameRateOf(fps: number): FrameRate {
  if (!Number.isFinite(fps) || fps <= 0) throw new RangeError(`not a frame rate: ${fps}`);
  for (const base of NTSC_BASES) {
    if (Math.abs(fps - (base * 1000) / 1001) < 0.005) return { num: base * 1000, den: 1001 };
  }
  if (Math.abs(fps - Math.round(fps)) < 0.001) return { num: Math.round(fps), den: 1 };
  const num = Math.round(fps * 1000);
  const g = gcd(num, 1000);
  return { num: num / g, den: 1000 / g };
}

/** The rate as a number. */
export function fpsOf(rate: FrameRate): number {
  return rate.num / rate.den;
}
