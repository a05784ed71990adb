/**
 * Log the segments of a video file (runs of one label), each as soon as it is final.
 *
 *   npx tsx logSegments.ts clip.mp4                 # the shipped default model
 *   npx tsx logSegments.ts clip.mp4 my.safetensors  # a model of your own
 */
import { isUserError, labelSegments } from 'framewise';

const [video, model] = process.argv.slice(2);
if (!video) {
  console.error('usage: logSegments.ts VIDEO [MODEL]');
  process.exit(2);
}

labelSegments(video, { model }).subscribe({
  next(s) {
    const frames = `${s.start}-${s.end}`.padEnd(11);
    const times = `${s.start_time.toFixed(2)}-${s.end_time.toFixed(2)}s`.padEnd(14);
    console.log(`${s.label.padEnd(9)} frames ${frames} ${times} score ${s.score.toFixed(2)}`);
  },
  error(err: unknown) {
    // framewise's own errors (missing file, not a video, bad model) are one-line messages meant for users.
    console.error(isUserError(err) ? err.message : err);
    process.exitCode = 1;
  },
});
