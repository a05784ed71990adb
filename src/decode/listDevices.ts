import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { resolveFfmpeg } from '../decode/ffmpegPath.js';
import { DecodeError } from '../errors.js';
import { listDevicesCommand } from '../source/deviceInput.js';

/**
 * Runs ffmpeg's device listing for this platform and returns what it printed. ffmpeg lists devices on
 * stderr and then exits with an error ("no input"), so the exit code is not a failure here.
 */
export function listDevices(platform: NodeJS.Platform): Promise<string> {
  const ffmpeg = resolveFfmpeg().ffmpeg.path;
  const args = listDevicesCommand(platform);
  return new Promise((resolve, reject) => {
    execFile(ffmpeg, args, { timeout: 10_000, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      const text = `${stdout}${stderr}`.trim();
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new DecodeError('E_FFMPEG_NOT_FOUND', `cannot run ffmpeg at ${ffmpeg}`, text));
        return;
      }
      resolve(videoNodes(platform) + (text.length > 0 ? text + '\n' : 'no devices reported by ffmpeg\n'));
    });
  });
}

/** On Linux ffmpeg cannot enumerate v4l2 devices, so name the /dev/video* nodes first. */
function videoNodes(platform: NodeJS.Platform): string {
  if (platform !== 'linux') return '';
  let names: string[] = [];
  try {
    names = readdirSync('/dev').filter((n) => /^video\d+$/.test(n));
  } catch {
    // no /dev: nothing to add
  }
  return names.length === 0
    ? 'no /dev/video* devices found\n'
    : `video devices: ${names.map((n) => '/dev/' + n).join(', ')}\n(formats of /dev/video0 follow)\n`;
}
