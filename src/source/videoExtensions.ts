/**
 * What counts as a video when a folder is searched (by `label` and by `queue add`): the containers cameras, editors
 * and the web write, raw y4m, and animated GIFs (short clips are often shared as GIFs, and ffmpeg decodes them like
 * any video; a still GIF is a one-frame video). A file named explicitly is taken whatever its name.
 */
export const VIDEO_EXTENSIONS: readonly string[] = Object.freeze([
  ...['mp4', 'm4v', 'mov', 'mkv', 'webm', 'avi', 'ts', 'mts', 'm2ts', 'mpg', 'mpeg', 'flv', 'wmv', 'ogv', '3gp'],
  ...['mxf', 'vob', 'dv', 'y4m', 'gif'],
]);

const EXTENSION = new RegExp(`\\.(${VIDEO_EXTENSIONS.join('|')})$`, 'i');

/** True when `name` ends in one of VIDEO_EXTENSIONS, in any case, and is not hidden. */
export function isVideoFileName(name: string): boolean {
  return EXTENSION.test(name) && !name.startsWith('.');
}
