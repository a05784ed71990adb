/**
 * Compose your own operator into a framewise stream: print only the dissolves longer than one second.
 *
 *   npx tsx findLongDissolves.ts film.mp4 [MODEL]
 */
import { isUserError, labelSegments } from 'framewise';
import { longDissolves, segmentSeconds } from './longDissolves.js';

const [video, model] = process.argv.slice(2);
if (!video) {
  console.error('usage: findLongDissolves.ts VIDEO [MODEL]');
  process.exit(2);
}

let found = 0;
labelSegments(video, { model })
  .pipe(longDissolves(1))
  .subscribe({
    next(s) {
      found++;
      console.log(`dissolve ${s.start_time.toFixed(2)}-${s.end_time.toFixed(2)}s (${segmentSeconds(s).toFixed(2)} s, frames ${s.start}-${s.end})`);
    },
    error(err: unknown) {
      console.error(isUserError(err) ? err.message : err);
      process.exitCode = 1;
    },
    complete() {
      console.log(`${found} dissolve(s) longer than 1 s`);
    },
  });
