import type { Command } from 'commander';
import { DEFAULT_IMAGES_TEMPLATE, sceneImages, type ImageFormat } from '../../pipelines/sceneImages.js';
import { interruptible } from '../process/interruptible.js';
import { sensitivityOptions, sensitivityOf, modelOption, oneOf, positiveInt, withOptions, sceneOptions, progressOptions } from './options.js';
import { frameProgress, wantProgress } from './progressBar.js';

const FORMATS = ['jpg', 'png', 'webp'] as const satisfies readonly ImageFormat[];

interface ImagesOptions {
  model: string;
  perScene: number;
  width?: number;
  format: ImageFormat;
  outDir?: string;
  template: string;
  html?: boolean;
  splitGradual?: boolean;
  minSceneLength?: number;
  cutSensitivity?: number;
  gradualSensitivity?: number;
  progress?: boolean;
}

export function registerImages(program: Command): void {
  withOptions(
    program
      .command('images')
      .description('Label a video and save frames of each scene as images (first, middle, last by default).')
      .argument('<input>', 'video file')
      .addOption(modelOption())
      .option('-n, --per-scene <count>', 'images per scene: 1 = middle, 2 = first and last, 3+ evenly spaced from first to last', positiveInt, 3)
      .option('--width <pixels>', 'image width (height keeps the aspect ratio; default: the video\'s)', positiveInt)
      .option('-f, --format <format>', `image format: ${FORMATS.join(', ')}`, oneOf(FORMATS), 'jpg')
      .option('-d, --out-dir <dir>', 'folder for the images (default: the current folder)')
      .option('--template <name>', 'file name without extension: $VIDEO (input name), $N (scene), $I (image in the scene)', DEFAULT_IMAGES_TEMPLATE)
      .option('--html', 'also write index.html showing every scene with its images'),
    sceneOptions(),
    sensitivityOptions(),
    progressOptions(),
  )
    .action(async (input: string, opts: ImagesOptions) => {
      const progress = frameProgress(wantProgress(opts.progress, false));
      const { value: r } = await interruptible((signal) =>
        sceneImages(input, {
          model: opts.model,
          perScene: opts.perScene,
          width: opts.width,
          format: opts.format,
          outDir: opts.outDir,
          template: opts.template,
          html: opts.html,
          splitGradual: opts.splitGradual,
          minSceneLength: opts.minSceneLength,
          sensitivity: sensitivityOf(opts),
          signal,
          onInfo: progress.onInfo,
          onEvent: progress.onEvent,
        }).finally(progress.stop),
      );
      if (!r) {
        process.stderr.write('framewise: interrupted; images written so far are complete\n');
        process.exitCode = 130;
        return;
      }
      for (const f of r.files) process.stdout.write(`${f}\n`);
      process.stderr.write(`framewise: wrote ${r.files.length} images of ${r.scenes.length} scenes${r.index ? ` and ${r.index}` : ''}\n`);
    });
}
