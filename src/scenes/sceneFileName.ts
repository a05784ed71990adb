import { basename, extname } from 'node:path';
import { UsageError } from '../errors.js';

/**
 * A file name from a template: `$VIDEO` is the input's name without its extension, `$N` the scene's number
 * (3 digits, more when there are more scenes), `$I` the image's number within its scene (2 digits). A template
 * must name `$N` (every scene gets its own file) and may not hold a path separator.
 */
export function sceneFileName(template: string, input: string, scene: number, scenes: number, image?: number): string {
  checkSceneTemplate(template, image !== undefined);
  const digits = Math.max(3, String(scenes).length);
  return template
    .replaceAll('$VIDEO', basename(input, extname(input)))
    .replaceAll('$N', String(scene).padStart(digits, '0'))
    .replaceAll('$I', String(image ?? 0).padStart(2, '0'));
}

/** Throws the UsageError a bad template gets (also called before a run starts). */
export function checkSceneTemplate(template: string, perImage: boolean): void {
  if (/[/\\]/.test(template) || template.trim() === '') throw new UsageError('E_USAGE', `--template ${template}: a file name, not a path`);
  if (!template.includes('$N')) throw new UsageError('E_USAGE', `--template ${template} must contain $N (the scene number)`);
  if (perImage && !template.includes('$I')) throw new UsageError('E_USAGE', `--template ${template} must contain $I (the image number)`);
}
