import { existsSync } from 'node:fs';
import { UsageError } from '../errors.js';

/**
 * Fonts tried for the overlay's text, in order: Debian/Ubuntu fonts-dejavu-core (installed by .ci/run),
 * other Linux layouts, macOS, Windows. No font is downloaded: without one the overlay has no text.
 */
export const FONT_CANDIDATES: readonly string[] = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/System/Library/Fonts/Supplemental/Arial.ttf',
  '/Library/Fonts/Arial.ttf',
  'C:\\Windows\\Fonts\\arial.ttf',
];

/**
 * The font file for drawn text: FRAMEWISE_FONT if set (it must exist; `none` means no text), else the
 * first candidate present, else null.
 */
export function findFont(env: NodeJS.ProcessEnv = process.env, candidates: readonly string[] = FONT_CANDIDATES): string | null {
  const chosen = env.FRAMEWISE_FONT;
  if (chosen === 'none') return null;
  if (chosen !== undefined && chosen !== '') {
    if (!existsSync(chosen)) throw new UsageError('E_USAGE', `FRAMEWISE_FONT=${chosen} does not exist`);
    return chosen;
  }
  return candidates.find((f) => existsSync(f)) ?? null;
}
