/** Folders of videos with truth files, turned into feature sequences with per-frame targets. */
import { from, lastValueFrom, mergeMap, toArray } from 'rxjs';
import { frameTargets, loadTruth } from '../src/dataset/truthFile.js';
import { listDataset } from '../src/dataset/listDataset.js';
import { probeVideo } from '../src/decode/probeVideo.js';
import { TruthError } from '../src/errors.js';
import type { FeatureSpec, TruthFile } from '../src/types.js';
import { videoFeatures } from './videoFeatures.js';

export interface LabelledVideo {
  name: string;
  video: string;
  truth: TruthFile;
  /** [frames * dim] raw features. */
  values: Float32Array;
  /** [frames] index into the dataset's label list. */
  targets: Int32Array;
  fps: number;
}

export interface LoadDatasetOptions {
  spec: FeatureSpec;
  cacheDir?: string;
  /** Take the decoder shortcuts of FAST_DECODE_ARGS (decodeArgs.ts): faster, a little less accurate. */
  fastDecode?: boolean;
  /** Label order to use; by default the union of the truth files' labels in order of appearance. */
  labels?: string[];
  onVideo?: (done: number, total: number, name: string) => void;
  /** Videos decoded at once (each is one ffmpeg process plus feature work). */
  concurrency?: number;
}

/** Minutes of video in `videos`, from their frame counts and rates. */
export function datasetMinutes(videos: readonly LabelledVideo[]): number {
  return videos.reduce((m, v) => m + v.targets.length / v.fps, 0) / 60;
}

/** Loads one folder, or several as one dataset (labels are the union over all of them). */
export async function loadDataset(dir: string | readonly string[], opts: LoadDatasetOptions): Promise<{ labels: string[]; videos: LabelledVideo[] }> {
  const entries = (await Promise.all((typeof dir === 'string' ? [dir] : dir).map((d) => listDataset(d)))).flat();
  const truths = await Promise.all(entries.map((e) => loadTruth(e.truth)));
  const labels = opts.labels ?? [...new Set(truths.flatMap((t) => t.labels))];
  let done = 0;
  const videos = await lastValueFrom(
    from(entries.map((e, i) => ({ ...e, truth: truths[i] }))).pipe(
      mergeMap(async (e): Promise<LabelledVideo> => {
        // The truth's frame count sizes the targets: it is checked against the video (the container's count first,
        // loosely, so a wildly wrong file fails before a long decode; then exactly) before anything of that size.
        const announced = (await probeVideo(e.video)).frames;
        if (announced !== null && Math.abs(e.truth.frames - announced) > Math.max(100, announced)) {
          throw new TruthError('E_TRUTH_INVALID', `${e.name}: truth says ${e.truth.frames} frames, the video announces ${announced}`);
        }
        const { values, frames } = await videoFeatures(e.video, opts.spec, opts.cacheDir, opts.fastDecode);
        if (frames !== e.truth.frames) {
          throw new TruthError('E_TRUTH_INVALID', `${e.name}: truth says ${e.truth.frames} frames, the video decodes to ${frames}`);
        }
        const targets = frameTargets(e.truth, labels, e.name);
        opts.onVideo?.(++done, entries.length, e.name);
        return { name: e.name, video: e.video, truth: e.truth, values, targets, fps: e.truth.fps };
      }, opts.concurrency ?? 2),
      toArray(),
    ),
  );
  videos.sort((a, b) => a.name.localeCompare(b.name));
  return { labels, videos };
}
