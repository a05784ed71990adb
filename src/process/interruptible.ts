import { FramewiseError } from '../errors.js';
import { killedByTerminal } from './killedByTerminal.js';

/** How a command's run ended, when it did not fail. */
export type Outcome = 'completed' | 'interrupted' | 'output-closed';

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * Runs one command's work with the process's interruptions turned into an AbortSignal: Ctrl-C (SIGINT), SIGTERM,
 * and a closed stdout (EPIPE, e.g. `| head`). The work must end promptly once the signal fires (every pipeline
 * does: it stops ffmpeg and closes its sinks as incomplete). A second Ctrl-C while it winds down exits at once
 * with 130. The one module that handles signals for every command.
 */
export async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<{ outcome: Outcome; value?: T }> {
  const controller = new AbortController();
  let outputClosed = false;
  const interrupt = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  const onStdoutError = (err: Error & { code?: string }): void => {
    if (err.code !== 'EPIPE') return;
    outputClosed = true;
    controller.abort();
  };
  SIGNALS.forEach((s) => process.on(s, interrupt));
  process.stdout.on('error', onStdoutError);
  try {
    const value = await work(controller.signal);
    return { outcome: outputClosed ? 'output-closed' : controller.signal.aborted ? 'interrupted' : 'completed', value };
  } catch (err) {
    if (outputClosed || (err instanceof FramewiseError && err.code === 'E_OUTPUT_CLOSED')) return { outcome: 'output-closed' };
    if (controller.signal.aborted || killedByTerminal(err)) return { outcome: 'interrupted' };
    throw err;
  } finally {
    SIGNALS.forEach((s) => process.off(s, interrupt));
    process.stdout.off('error', onStdoutError);
  }
}
