import type { Command } from 'commander';
import { DEFAULT_SPLIT_TEMPLATE, splitScenes, type SplitFile } from '../../pipelines/splitScenes.js';
import { interruptible } from '../process/interruptible.js';
import { sensitivityOptions, sensitivityOf, modelOption, withOptions, sceneOptions, progressOptions } from './options.js';
import { frameProgress, wantProgress } from './progressBar.js';

interface SplitOptions {
  model: string;
  outDir?: string;
  precise?: boolean;
  template: string;
  splitGradual?: boolean;
  minSceneLength?: number;
  cutSensitivity?: number;
  gradualSensitivity?: number;
  progress?: boolean;
}

/** `+0.360 s (+9 frames)`: how far a cut moved. */
function moved(seconds: number, fps: number): string {
  const sign = seconds < 0 ? '-' : '+';
  return `${sign}${Math.abs(seconds).toFixed(3)} s (${sign}${Math.round(Math.abs(seconds) * fps)} frames)`;
}

export function registerSplit(program: Command): void {
  withOptions(
    program
      .command('split')
      .description('Label a video and write one file per scene (stream copy from the nearest keyframes, or --precise).')
      .argument('<input>', 'video file')
      .addOption(modelOption())
      .option('-d, --out-dir <dir>', 'folder for the files (default: the current folder)')
      .option('--precise', 're-encode (H.264/AAC, .mp4) for frame-exact cuts instead of copying from the nearest keyframes')
      .option('--template <name>', 'file name without extension: $VIDEO (input name), $N (scene number)', DEFAULT_SPLIT_TEMPLATE),
    sceneOptions(),
    sensitivityOptions(),
    progressOptions(),
  )
    .action(async (input: string, opts: SplitOptions) => {
      const progress = frameProgress(wantProgress(opts.progress, false));
      let fps = 0;
      const print = (f: SplitFile): void => {
        const s = f.scene;
        const cuts = f.mode === 'encode' ? 're-encoded, frame-exact' : `start moved ${moved(f.startMoved, fps)}, end moved ${moved(f.endMoved, fps)}`;
        process.stdout.write(`${f.path}\tscene ${s.number}\tframes ${s.start}-${s.end}\t${cuts}\n`);
      };
      const { value: files } = await interruptible((signal) =>
        splitScenes(input, {
          model: opts.model,
          outDir: opts.outDir,
          precise: opts.precise,
          template: opts.template,
          splitGradual: opts.splitGradual,
          minSceneLength: opts.minSceneLength,
          sensitivity: sensitivityOf(opts),
          signal,
          onInfo: (info) => {
            fps = info?.fps ?? 0;
            progress.onInfo(info);
          },
          onEvent: progress.onEvent,
          onFile: (f) => {
            progress.stop();
            print(f);
          },
        }).finally(progress.stop),
      );
      if (!files) {
        process.stderr.write('framewise: interrupted; the files listed are complete\n');
        process.exitCode = 130;
        return;
      }
      process.stderr.write(`framewise: wrote ${files.length} file${files.length === 1 ? '' : 's'}\n`);
    });
}
