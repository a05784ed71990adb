import { readdirSync } from 'node:fs';
import { DecodeError } from '../errors.js';
import { runFfmpeg } from '../ffmpeg/runFfmpeg.js';
import { listDevicesCommand } from '../source/deviceInput.js';

/**
 * Runs ffmpeg's device listing for this platform and returns what it printed. ffmpeg lists devices on
 * stderr and then exits with an error ("no input"), so the exit code is not a failure here.
 */
export async function listDevices(platform: NodeJS.Platform): Promise<string> {
  const args = listDevicesCommand(platform);
  // A listing can be long (every format of every device): keep all of it, not just an error tail.
  const { stdout, exit, stderrTail } = await runFfmpeg('ffmpeg', args, { timeoutMs: 10_000, tailLines: 10_000 });
  const text = `${stdout}${stderrTail.join('\n')}`.trim();
  if (exit.spawnError) throw new DecodeError('E_FFMPEG_NOT_FOUND', `cannot run ffmpeg: ${exit.spawnError.message}`, text);
  return videoNodes(platform) + (text.length > 0 ? text + '\n' : 'no devices reported by ffmpeg\n');
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
