/**
 * A model with random weights (default: the default label set): labels are meaningless, every stage is real.
 * With a single label, every frame gets that label with score 1 — output known exactly.
 */
import { join } from 'node:path';
import { DEFAULT_FEATURE_SPEC } from '../../src/features/featureSpec.js';
import { DEFAULT_LABELS } from '../../src/labels/defaultLabels.js';
import { createModel, type Model } from '../../src/recurrent/model.js';
import { saveModel } from '../../src/recurrent/modelFile.js';

export function randomModel(delay = 2, seed = 7, hiddenSize = 16, labels: readonly string[] = DEFAULT_LABELS): Model {
  const dim = DEFAULT_FEATURE_SPEC.dim;
  return createModel(
    {
      format: 'framewise-model',
      version: 1,
      cell: 'gru',
      inputSize: dim,
      hiddenSize,
      numLayers: 1,
      delay,
      labels: [...labels],
      feature: { ...DEFAULT_FEATURE_SPEC, mean: new Array<number>(dim).fill(0), std: new Array<number>(dim).fill(1) },
    },
    seed,
  );
}

export async function randomModelFile(dir: string, delay = 2): Promise<string> {
  const path = join(dir, 'random.safetensors');
  await saveModel(path, randomModel(delay));
  return path;
}
