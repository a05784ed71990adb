/**
 * `framewise images`: label a file into its scene list (labelScenes), then save chosen frames of each scene
 * (sceneImageFrames) as image files with sharp, read in one decoding pass; optionally an index page.
 */
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadSharp } from '../src/report/loadSharp.js';
import { UsageError } from '../src/errors.js';
import { createOutDir } from '../src/sinks/createOutDir.js';
import { extractFrames } from '../src/scenes/extractFrames.js';
import { imagesIndexHtml, type SceneImages } from '../src/scenes/imagesIndexHtml.js';
import { checkSceneTemplate, sceneFileName } from '../src/scenes/sceneFileName.js';
import { sceneImageFrames } from '../src/scenes/sceneImageFrames.js';
import { labelScenes, type LabelScenesOptions } from './labelScenes.js';

export const DEFAULT_IMAGES_TEMPLATE = '$VIDEO-Scene-$N-$I';
export type ImageFormat = 'jpg' | 'png' | 'webp';

/** labelScenes' options (model, scene rules, sensitivity, signal, callbacks), plus what to save. */
export interface SceneImagesOptions extends LabelScenesOptions {
  /** Images per scene (default 3: first, middle, last). */
  perScene?: number;
  /** Image width in pixels (height keeps the aspect ratio, rounded to even); default the video's. */
  width?: number;
  format?: ImageFormat;
  /** Folder for the images (created if missing); default the current folder. */
  outDir?: string;
  /** File name template without extension (sceneFileName); default `$VIDEO-Scene-$N-$I`. */
  template?: string;
  /** Also write index.html in the folder. */
  html?: boolean;
}

export interface SceneImagesResult {
  scenes: SceneImages[];
  /** Paths of every image written. */
  files: string[];
  /** The index page, when asked for. */
  index: string | null;
}

export async function sceneImages(input: string, opts: SceneImagesOptions): Promise<SceneImagesResult> {
  const template = opts.template ?? DEFAULT_IMAGES_TEMPLATE;
  checkSceneTemplate(template, true);
  const perScene = opts.perScene ?? 3;
  if (!Number.isInteger(perScene) || perScene < 1) throw new UsageError('E_USAGE', `--per-scene must be a whole number ≥ 1, not ${perScene}`);
  const outDir = opts.outDir ?? '.';
  createOutDir(outDir);
  const format = opts.format ?? 'jpg';
  const { list, info, timecode } = await labelScenes(input, opts);
  const width = opts.width ?? info.width;
  const height = Math.max(2, Math.round((info.height * width) / info.width / 2) * 2);

  const rows: SceneImages[] = list.scenes.map((scene) => ({
    scene,
    images: sceneImageFrames(scene, perScene).map((frame, k) => ({
      frame,
      file: `${sceneFileName(template, input, scene.number, list.scenes.length, k + 1)}.${format}`,
    })),
  }));
  const byFrame = new Map<number, string[]>();
  for (const r of rows) for (const im of r.images) byFrame.set(im.frame, [...(byFrame.get(im.frame) ?? []), im.file]);

  const files: string[] = [];
  await extractFrames(input, [...byFrame.keys()], { width, height, signal: opts.signal }, async (frame, rgb) => {
    for (const file of byFrame.get(frame) ?? []) {
      const path = join(outDir, file);
      const image = (await loadSharp())(rgb, { raw: { width, height, channels: 3 } });
      await (format === 'png' ? image.png() : format === 'webp' ? image.webp({ quality: 85 }) : image.jpeg({ quality: 88 })).toFile(path);
      files.push(path);
    }
  });
  let index: string | null = null;
  if (opts.html) {
    index = join(outDir, 'index.html');
    writeFileSync(index, imagesIndexHtml(basename(input), rows, timecode));
  }
  return { scenes: rows, files, index };
}
