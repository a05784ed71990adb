import type { Command } from 'commander';
import { modelOption } from './options.js';
import { join, dirname } from 'node:path';
import { labelFile } from '../../pipelines/labelFile.js';
import { lastValueFrom, toArray } from 'rxjs';
import { loadTruth } from '../dataset/truthFile.js';
import { toSegments } from '../labels/toSegments.js';
import { loadModel } from '../recurrent/modelFile.js';
import type { Segment } from '../types.js';
import { featureCacheDir } from './featureCacheDir.js';

function row(s: { label: string; start: number; end: number } | undefined, fps: number): string {
  if (!s) return ''.padEnd(34);
  const t = (f: number): string => (f / fps).toFixed(2).padStart(6);
  return `${s.label.padEnd(9)} ${String(s.start).padStart(4)}-${String(s.end).padEnd(4)} ${t(s.start)}s-${t(s.end + 1)}s`.padEnd(34);
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Generate a short sample video with known transitions, label it with the default model, and compare with the truth.')
    .addOption(modelOption())
    .option('-o, --out <dir>', 'folder for the sample video', join(dirname(featureCacheDir()), 'demo'))
    .action(async (opts: { model: string; out: string }) => {
      const model = await loadModel(opts.model);
      // The generator (sharp, lavfi sources) loads only for this command.
      const { generateDemo } = await import('../../fixtures/generateDemo.js');
      const { video, truth: truthPath } = await generateDemo(opts.out);
      const truth = await loadTruth(truthPath);
      const found: Segment[] = await lastValueFrom(labelFile(video, { model }).pipe(toSegments(), toArray()));
      const expected = truth.segments.slice().sort((a, b) => a.start - b.start);
      process.stdout.write(`${video}\n\n${'found'.padEnd(34)} | truth\n${'-'.repeat(34)}-+-${'-'.repeat(34)}\n`);
      for (let i = 0; i < Math.max(found.length, expected.length); i++) {
        process.stdout.write(`${row(found[i], truth.fps)} | ${row(expected[i], truth.fps)}\n`);
      }
      process.stdout.write(`\n(frames not in a truth segment are "${truth.default ?? truth.labels[0]}")\n`);
    });
}
