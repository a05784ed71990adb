import { availableParallelism } from 'node:os';

/**
 * Videos labelled at once when not told — `framewise label` with several inputs (`--jobs`) and `framewise worker`
 * (`--concurrency`): one per core, at most four. One video keeps less than two cores busy (ffmpeg's decoding threads
 * wait on each other and on the file, the Node process works between batches of frames, each video starts and ends
 * with a probe and ffmpeg's start-up), so a second fills what the first leaves. On the 2-core development machine,
 * medians of 5 alternating rounds: `npm run bench`'s several-files table, eight 15-second clips of the real 360p file
 * 2.05 s with one job, 1.52 with two, 1.55 with three, four of the 1080p file 4.57, 4.02 and 4.25 s; one worker taking
 * the eight 360p clips from a queue, 2.16 s with concurrency 1 and 1.61 s with 2. At most four: every video's frames go
 * through the one Node thread, which a 360p video at full speed keeps about a third busy (some 2000 frames a second at
 * 0.15–0.17 ms each), so past three or four more jobs add ffmpeg processes that wait, not speed.
 */
export const DEFAULT_JOBS = Math.max(1, Math.min(availableParallelism(), 4));
