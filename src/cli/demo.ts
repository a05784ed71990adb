import type { Command } from 'commander';
import { dirname, join } from 'node:path';
import { runDemo } from '../../pipelines/demo.js';
import { interruptible } from '../process/interruptible.js';
import { featureCacheDir } from './featureCacheDir.js';
import { modelOption } from './options.js';

const span = (s: { start: number; end: number }): string => (s.start === s.end ? `${s.start}` : `${s.start}-${s.end}`);

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Generate a short sample video with known transitions, label it with the default model, and compare with the truth.')
    .addOption(modelOption())
    .option('-o, --out <dir>', 'folder for the sample video', join(dirname(featureCacheDir()), 'demo'))
    .action(async (opts: { model: string; out: string }) => {
      const { outcome, value: demo } = await interruptible((signal) => runDemo(opts.model, opts.out, signal));
      if (!demo) {
        process.stderr.write(`framewise: ${outcome}\n`);
        process.exitCode = 130;
        return;
      }
      const { video, truth, expected, found, metrics } = demo;
      const lines = [`${video} (${truth.frames} frames at ${truth.fps} fps)`, '', `${'truth'.padEnd(20)}  found over the same frames`];
      for (const t of expected) {
        const over = found.filter((f) => f.end >= t.start && f.start <= t.end);
        lines.push(`${t.label.padEnd(9)} ${span(t).padEnd(10)}  ${over.map((f) => `${f.label} ${span(f)}`).join(', ')}`);
      }
      const o = metrics.overall;
      lines.push('', `transitions found: ${o.matched} of ${o.truths} (precision ${o.precision.toFixed(2)}, recall ${o.recall.toFixed(2)}, F1 ${o.f1.toFixed(2)})`);
      process.stdout.write(lines.join('\n') + '\n');
    });
}
