import { FramewiseError } from '../errors.js';
import { killedByTerminal } from './killedByTerminal.js';

/** How a command's run ended, when it did not fail. */
export type Outcome = 'completed' | 'interrupted' | 'output-closed';

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** The run that a signal stops now, if any. */
let current: (() => void) | null = null;

/**
 * Installs framewise's handlers for SIGINT and SIGTERM, once per process, replacing any installed before (the
 * executable's early ones). Inside an `interruptible` run a signal stops that run; outside one (start-up, a command
 * without a run to stop) it exits with 130 at once, and the process's exit hook ends every ffmpeg child.
 */
export function installSignalHandlers(): void {
  for (const s of SIGNALS) {
    process.removeAllListeners(s);
    process.on(s, () => (current ? current() : process.exit(130)));
  }
}

/**
 * Runs one command's work with the process's interruptions turned into an AbortSignal: Ctrl-C (SIGINT), SIGTERM,
 * and a closed stdout (EPIPE, e.g. `| head`). The work must end promptly once the signal fires (every pipeline
 * does: it stops ffmpeg and closes its sinks as incomplete). A second Ctrl-C while it winds down exits at once
 * with 130. The one module that handles signals for every command.
 */
export async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<{ outcome: Outcome; value?: T }> {
  const controller = new AbortController();
  let outputClosed = false;
  const onStdoutError = (err: Error & { code?: string }): void => {
    if (err.code !== 'EPIPE') return;
    outputClosed = true;
    controller.abort();
  };
  if (process.listenerCount('SIGINT') === 0) installSignalHandlers(); // a library caller that did not install them
  const previous = current;
  current = () => (controller.signal.aborted ? process.exit(130) : controller.abort());
  process.stdout.on('error', onStdoutError);
  try {
    const value = await work(controller.signal);
    return { outcome: outputClosed ? 'output-closed' : controller.signal.aborted ? 'interrupted' : 'completed', value };
  } catch (err) {
    if (outputClosed || (err instanceof FramewiseError && err.code === 'E_OUTPUT_CLOSED')) return { outcome: 'output-closed' };
    if (controller.signal.aborted || killedByTerminal(err)) return { outcome: 'interrupted' };
    throw err;
  } finally {
    current = previous;
    process.stdout.off('error', onStdoutError);
  }
}
