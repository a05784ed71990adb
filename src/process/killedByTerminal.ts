import { DecodeError } from '../errors.js';

/** True for ffmpeg's death by Ctrl-C in a terminal (it gets the signal too), which can be seen before our own handler runs. */
export function killedByTerminal(err: unknown): boolean {
  return err instanceof DecodeError && /received signal|killed by SIG(INT|TERM)/i.test(`${err.message}\n${err.stderrTail}`);
}
