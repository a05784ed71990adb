import { ffmpegInputName } from '../decode/ffmpegInputName.js';
import { ffmpegFailure } from '../ffmpeg/ffmpegFailure.js';
import { crashed } from '../ffmpeg/ffmpegProcess.js';
import { runFfmpeg } from '../ffmpeg/runFfmpeg.js';

/** A video packet: its pts in seconds, and whether it is a keyframe. */
type Packet = [time: number, key: boolean];

/**
 * The times (seconds from the input's first video packet, ascending) of the video stream's keyframes, read from
 * packet flags with ffprobe (no decoding); where ffprobe crashes (the bundled one does on every MPEG-TS file), from
 * ffmpeg's own packet listing. A stream copy can only start at one of them.
 */
export async function keyframeTimes(input: string, signal?: AbortSignal): Promise<number[]> {
  const ffmpegInput = ffmpegInputName(input);
  const run = await runFfmpeg('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', ffmpegInput], { signal });
  if (crashed(run.exit)) return relativeKeys(await packetsFromFfmpeg(input, ffmpegInput, signal));
  if (run.exit.code !== 0) {
    throw ffmpegFailure({ tool: 'ffprobe', input, ffmpegInput, task: `reading the keyframes of ${input}`, exit: run.exit, tail: run.stderrTail, framesSeen: 0, device: false });
  }
  const packets: Packet[] = [];
  for (const line of run.stdout.split('\n')) {
    const [pts, flags = ''] = line.trim().split(',');
    const t = Number(pts);
    if (pts !== '' && pts !== 'N/A' && Number.isFinite(t)) packets.push([t, flags.includes('K')]);
  }
  return relativeKeys(packets);
}

/**
 * The video packets as ffmpeg's `framecrc` muxer lists them on a stream copy: `#tb 0: N/D`, then one line per packet,
 * `stream, dts, pts, duration, size, checksum`, with `F=0xN` after it unless the flags are exactly "keyframe".
 */
async function packetsFromFfmpeg(input: string, ffmpegInput: string, signal?: AbortSignal): Promise<Packet[]> {
  const run = await runFfmpeg('ffmpeg', ['-v', 'error', '-nostdin', '-i', ffmpegInput, '-map', '0:v:0', '-c', 'copy', '-f', 'framecrc', '-'], { signal });
  if (run.exit.code !== 0) {
    throw ffmpegFailure({ tool: 'ffmpeg', input, ffmpegInput, task: `reading the keyframes of ${input}`, exit: run.exit, tail: run.stderrTail, framesSeen: 0, device: false });
  }
  let timeBase = NaN;
  const packets: Packet[] = [];
  for (const line of run.stdout.split('\n')) {
    const tb = /^#tb 0: (\d+)\/(\d+)/.exec(line);
    if (tb) timeBase = Number(tb[1]) / Number(tb[2]);
    if (line.startsWith('#') || line.trim() === '') continue;
    const fields = line.split(',').map((f) => f.trim());
    const pts = Number(fields[2]);
    // AV_NOPTS_VALUE prints as the smallest int64.
    if (!Number.isFinite(pts) || pts < -(2 ** 62)) continue;
    const flags = fields.find((f) => f.startsWith('F='));
    packets.push([pts * timeBase, flags === undefined || (parseInt(flags.slice(2), 16) & 1) === 1]);
  }
  return packets.filter(([t]) => Number.isFinite(t));
}

/** The keyframes' times from the earliest packet's, ascending. */
function relativeKeys(packets: readonly Packet[]): number[] {
  // A loop, not Math.min(...): a long film has more packets than a call takes arguments.
  const origin = packets.reduce((m, [t]) => Math.min(m, t), Infinity);
  return packets
    .filter(([, key]) => key)
    .map(([t]) => t - origin)
    .sort((a, b) => a - b);
}
