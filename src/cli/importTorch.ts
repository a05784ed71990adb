import type { Command } from 'commander';
import { importTorchToFile } from '../../pipelines/importTorch.js';

export function registerImportTorch(program: Command): void {
  program
    .command('import-torch')
    .description('Convert a PyTorch state_dict (safetensors) plus a metadata JSON into a framewise model file.')
    .argument('<weights>', 'safetensors file of the PyTorch state_dict (weight_ih_l0, ..., head.weight, head.bias)')
    .argument('<meta>', 'JSON with cell, labels, delay and feature (see README)')
    .requiredOption('-o, --out <file>', 'framewise model file to write')
    .action(async (weights: string, meta: string, opts: { out: string }) => {
      const model = await importTorchToFile(weights, meta, opts.out);
      const m = model.meta;
      process.stdout.write(`${opts.out}: ${m.cell} ${m.numLayers}x${m.hiddenSize}, ${m.inputSize} inputs, labels ${m.labels.join(', ')}, delay ${m.delay}\n`);
    });
}
