/**
 * React to cuts in a live source the moment they are labelled.
 *
 *   npx tsx liveCuts.ts /dev/video0                # a camera (or "0"; macOS: "0", Windows: "video=NAME")
 *   npx tsx liveCuts.ts rtsp://host/stream         # any URL ffmpeg reads
 *   npx tsx liveCuts.ts clip.mp4 [MODEL]           # a file, played at its own frame rate as if it were live
 *
 * Ctrl-C stops: unsubscribing ends ffmpeg.
 */
import { existsSync } from 'node:fs';
import { filter } from 'rxjs';
import { DEFAULT_MODEL_PATH, deviceInput, isUserError, labelLive, loadModel, type LiveSource } from 'framewise';

const [source, modelPath] = process.argv.slice(2);
if (!source) {
  console.error('usage: liveCuts.ts SOURCE [MODEL]');
  process.exit(2);
}

function liveSource(name: string): LiveSource {
  if (/^\d+$/.test(name) || name.startsWith('/dev/video') || name.startsWith('video=')) return deviceInput(name);
  // A file has no pace of its own: read it in real time so it behaves like a camera.
  if (existsSync(name)) return { input: name, realtime: true };
  return { input: name };
}

const model = await loadModel(modelPath ?? DEFAULT_MODEL_PATH);
const subscription = labelLive(liveSource(source), { model })
  .pipe(filter((ev) => ev.label === 'cut'))
  .subscribe({
    next(ev) {
      console.log(`cut at ${ev.time.toFixed(2)} s (frame ${ev.frame}, score ${ev.score.toFixed(2)})`);
    },
    error(err: unknown) {
      console.error(isUserError(err) ? err.message : err);
      process.exitCode = 1;
    },
  });
process.once('SIGINT', () => subscription.unsubscribe());
