import type { Observable } from 'rxjs';

export type RunOutcome = 'completed' | 'interrupted';

/**
 * Subscribes until the stream completes, errors, or the user presses Ctrl-C / sends SIGTERM.
 * An interrupt unsubscribes, which ends ffmpeg through the operators' teardown; the caller then closes its sinks.
 */
export function runUntilDone<T>(stream: Observable<T>, onValue: (value: T) => void): Promise<RunOutcome> {
  return new Promise<RunOutcome>((resolve, reject) => {
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
    const done = (): void => signals.forEach((s) => process.off(s, interrupt));
    const interrupt = (): void => {
      subscription.unsubscribe();
      done();
      resolve('interrupted');
    };
    signals.forEach((s) => process.once(s, interrupt));
    const subscription = stream.subscribe({
      next: onValue,
      error: (err: unknown) => {
        done();
        reject(err);
      },
      complete: () => {
        done();
        resolve('completed');
      },
    });
  });
}
