/** Floor added before taking logs: below the change that noise and compression leave on a static shot. */
const LOG_FLOOR = 1e-3;

/** A change measure on a log scale, floored below the change noise and compression leave. */
export function logChange(v: number): number {
  return Math.log(Math.max(0, v) + LOG_FLOOR);
}
