/**
 * Camera/capture devices as ffmpeg inputs, per platform:
 *   linux  → v4l2:         "/dev/video0", or an index "0" → /dev/video0
 *   darwin → avfoundation: a video device index "0" or its name (video only, no audio device)
 *   win32  → dshow:        "video=NAME" (a bare name gets the "video=" prefix)
 */
import { UsageError } from '../errors.js';

export function deviceInput(device: string, platform: NodeJS.Platform = process.platform): { input: string; inputArgs: string[] } {
  const name = device.trim();
  if (!name) throw new UsageError('E_USAGE', 'empty device name');
  switch (platform) {
    case 'linux':
      return { input: /^\d+$/.test(name) ? `/dev/video${name}` : name, inputArgs: ['-f', 'v4l2'] };
    case 'darwin':
      return { input: name, inputArgs: ['-f', 'avfoundation'] };
    case 'win32':
      return { input: name.startsWith('video=') ? name : `video=${name}`, inputArgs: ['-f', 'dshow'] };
    default:
      throw new UsageError('E_USAGE', `camera input is not supported on ${platform} (supported: linux, darwin, win32)`);
  }
}

/** ffmpeg arguments that list capture devices (`framewise ... --list-devices`); ffmpeg prints them on stderr. */
export function listDevicesCommand(platform: NodeJS.Platform = process.platform): string[] {
  switch (platform) {
    case 'linux':
      // v4l2 has no device enumeration in ffmpeg; list the formats of the first device instead.
      return ['-hide_banner', '-f', 'v4l2', '-list_formats', 'all', '-i', '/dev/video0'];
    case 'darwin':
      return ['-hide_banner', '-f', 'avfoundation', '-list_devices', 'true', '-i', ''];
    case 'win32':
      return ['-hide_banner', '-f', 'dshow', '-list_devices', 'true', '-i', 'dummy'];
    default:
      throw new UsageError('E_USAGE', `listing devices is not supported on ${platform} (supported: linux, darwin, win32)`);
  }
}
