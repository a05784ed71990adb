import type { VideoInfo } from '../types.js';

/**
 * Collects a VideoInfo from ffmpeg's own input description on stderr ("Duration: ...", "Stream #0:0: Video: ...").
 * Used when there is no ffprobe pass: a Readable (pipe:0) or a device can be read only once.
 */
export class StreamInfoFromStderr {
  private duration: number | null = null;
  private inInput = false;
  private done = false;

  /** Feed one stderr line; returns the info once, on the input's first video stream line. */
  line(text: string): VideoInfo | null {
    if (this.done) return null;
    if (/^Input #\d+/.test(text)) this.inInput = true;
    else if (/^Output #\d+/.test(text)) this.inInput = false;
    if (!this.inInput) return null;
    const dur = /^\s*Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(text);
    if (dur) this.duration = Number(dur[1]) * 3600 + Number(dur[2]) * 60 + Number(dur[3]);
    const video = /^\s*Stream #\d+:\d+.*?: Video: (\w+)(.*)$/.exec(text);
    if (!video) return null;
    const size = /, (\d+)x(\d+)/.exec(video[2]);
    if (!size) return null;
    this.done = true;
    const avg = /([\d.]+) fps/.exec(video[2])?.[1];
    const tbr = /([\d.]+) tbr/.exec(video[2])?.[1];
    const fps = Number(avg ?? tbr ?? 0);
    const duration = this.duration && this.duration > 0 ? this.duration : null;
    const info: VideoInfo = {
      width: Number(size[1]),
      height: Number(size[2]),
      fps,
      frames: duration !== null && fps > 0 ? Math.round(duration * fps) : null,
      duration,
      codec: video[1],
    };
    // ffmpeg prints both rates rounded alike ("25 fps, 25 tbr"): equal text means a constant-rate stream.
    if (avg !== undefined && avg === tbr && fps > 0) info.constantRate = true;
    return info;
  }
}
