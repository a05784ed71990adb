import { UsageError } from '../errors.js';
import { cueTimestamp } from '../sinks/formatting.js';
import type { FrameRate } from './FrameRate.js';

/**
 * Frame numbers as times and SMPTE timecodes at one frame rate. Frame 0 is 00:00:00:00 (the file's own timecode
 * track, if any, is not read). Timecode counts `nominal` frames per second (the rate rounded: 24 for 23.976, 30
 * for 29.97); at 29.97 and 59.94 it is drop-frame: the first 2 (4 at 59.94) labels of every minute except each
 * tenth are skipped, so the timecode keeps up with the clock. Drop-frame timecodes separate the frames with `;`
 * (00:01:00;02), others with `:`.
 */
export class Timecode {
  /** Timecode frames per second. */
  readonly nominal: number;
  readonly dropFrame: boolean;
  /** Labels skipped at the start of a minute (drop-frame), else 0. */
  private readonly drop: number;

  constructor(readonly rate: FrameRate) {
    this.nominal = Math.round(rate.num / rate.den);
    this.dropFrame = rate.den === 1001 && this.nominal % 30 === 0;
    this.drop = this.dropFrame ? (this.nominal / 30) * 2 : 0;
  }

  /** Start time of `frame` in seconds. */
  seconds(frame: number): number {
    return (frame * this.rate.den) / this.rate.num;
  }

  /** Start time of `frame` as HH:MM:SS.mmm. */
  clock(frame: number): string {
    return cueTimestamp(this.seconds(frame), '.');
  }

  /** SMPTE timecode of `frame`: HH:MM:SS:FF, or HH:MM:SS;FF drop-frame. */
  smpte(frame: number): string {
    if (!Number.isInteger(frame) || frame < 0) throw new RangeError(`not a frame number: ${frame}`);
    let label = frame;
    if (this.dropFrame) {
      const perMinute = this.nominal * 60 - this.drop;
      const perTen = this.nominal * 600 - this.drop * 9;
      const tens = Math.floor(frame / perTen);
      const rest = frame % perTen;
      // The first minute of each ten keeps all its labels; each later one skips `drop` of them.
      const minutes = rest < this.drop ? 0 : Math.floor((rest - this.drop) / perMinute);
      label += this.drop * (9 * tens + minutes);
    }
    const ff = label % this.nominal;
    const totalSeconds = Math.floor(label / this.nominal);
    const pad = (n: number): string => String(n).padStart(2, '0');
    const hh = Math.floor(totalSeconds / 3600);
    return `${pad(hh)}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(totalSeconds % 60)}${this.dropFrame ? ';' : ':'}${pad(ff)}`;
  }

  /** The frame a timecode names (either separator); a label drop-frame skips, or a malformed one, is a UsageError. */
  frame(tc: string): number {
    const m = /^(\d{2,}):(\d{2}):(\d{2})[:;.](\d{2,3})$/.exec(tc);
    if (!m) throw new UsageError('E_USAGE', `not a timecode: ${tc}`);
    const [hh, mm, ss, ff] = m.slice(1).map(Number);
    if (mm > 59 || ss > 59 || ff >= this.nominal) throw new UsageError('E_USAGE', `not a timecode at ${this.nominal} fps: ${tc}`);
    const minutes = hh * 60 + mm;
    if (this.dropFrame && ss === 0 && ff < this.drop && mm % 10 !== 0) {
      throw new UsageError('E_USAGE', `${tc} does not exist in drop-frame timecode`);
    }
    const labels = (minutes * 60 + ss) * this.nominal + ff;
    return labels - this.drop * (minutes - Math.floor(minutes / 10));
  }
}
