import { readFile } from 'node:fs/promises';
import { ModelError } from '../errors.js';
import { assembleModel, validateMeta } from './modelFile.js';
import type { Model } from './model.js';
import { HEAD_BIAS, HEAD_WEIGHT } from './model.js';
import { parseSafetensors, type RawTensor } from './safetensors.js';
import { cellKernel } from './cells/cellKernel.js';
import type { CellType } from '../types.js';

/**
 * Import a PyTorch state_dict saved with safetensors (see the README, "Model files and PyTorch"). Recurrent tensors may carry a module
 * prefix (`rnn.weight_ih_l0` → `weight_ih_l0`); the head is `head.weight` [labels, hidden] and `head.bias`
 * [labels], also with an optional prefix. Sizes (input, hidden, layers) are read from the tensor shapes;
 * the small JSON gives the cell type, labels, delay and feature spec with normalisation.
 * Tensors may be F32, F64, F16 or BF16 (converted to F32). The result is validated like a framewise file.
 */
export function importTorchState(bytes: Uint8Array, info: unknown, name: string): Model {
  function fail(problem: string): never {
    throw new ModelError('E_MODEL_INVALID', `cannot import PyTorch model ${name}: ${problem}`);
  }
  const file = parseSafetensors(bytes, name);
  const tensors = new Map<string, RawTensor>();
  for (const [key, t] of file.tensors) {
    const m = /(?:^|\.)((?:weight|bias)_(?:ih|hh)_l\d+)$/.exec(key);
    let short: string | null = m ? m[1] : null;
    if (key === HEAD_WEIGHT || key.endsWith(`.${HEAD_WEIGHT}`)) short = HEAD_WEIGHT;
    if (key === HEAD_BIAS || key.endsWith(`.${HEAD_BIAS}`)) short = HEAD_BIAS;
    if (/_reverse$/.test(key)) fail(`bidirectional tensor ${key}: a streaming labeller cannot look at the future (use delay instead)`);
    if (/weight_hr_l\d+$/.test(key)) fail(`projection tensor ${key} (proj_size) is not supported`);
    if (short === null) fail(`unrecognised tensor ${key} (expected weight_ih_l0 …, head.weight, head.bias)`);
    if (tensors.has(short)) fail(`tensor ${short} appears twice`);
    tensors.set(short, t);
  }
  if (typeof info !== 'object' || info === null) fail('the metadata JSON is not an object');
  const i = info as Record<string, unknown>;
  const cell = i.cell as CellType;
  if (cell !== 'rnn' && cell !== 'gru' && cell !== 'lstm') fail(`metadata "cell" must be rnn, gru or lstm`);
  const wih = tensors.get('weight_ih_l0');
  const whh = tensors.get('weight_hh_l0');
  if (wih === undefined || whh === undefined) fail('missing weight_ih_l0 / weight_hh_l0');
  if (whh.shape.length !== 2 || wih.shape.length !== 2) fail('weight_ih_l0 and weight_hh_l0 must be matrices');
  const hiddenSize = whh.shape[1];
  if (whh.shape[0] !== cellKernel(cell).gates * hiddenSize) fail(`weight_hh_l0 has shape [${whh.shape.join(', ')}], not a ${cell} of hidden size ${hiddenSize}`);
  let numLayers = 0;
  while (tensors.has(`weight_ih_l${numLayers}`)) numLayers++;
  const meta = validateMeta(
    {
      format: 'framewise-model',
      version: 1,
      cell,
      inputSize: wih.shape[1],
      hiddenSize,
      numLayers,
      delay: i.delay ?? 0,
      labels: i.labels,
      feature: i.feature,
      training: { ...(typeof i.training === 'object' && i.training !== null ? (i.training as Record<string, unknown>) : {}), importedFrom: 'pytorch' },
    },
    name,
  );
  return assembleModel(meta, tensors, name);
}

/** Read a PyTorch safetensors file and its metadata JSON and import them (see importTorchState). */
export async function importTorchModel(weightsPath: string, metaPath: string): Promise<Model> {
  let bytes: Uint8Array;
  let info: unknown;
  try {
    bytes = new Uint8Array(await readFile(weightsPath));
  } catch (err) {
    throw new ModelError('E_MODEL_INVALID', `cannot read PyTorch weights ${weightsPath}: ${(err as Error).message}`, { cause: err });
  }
  try {
    info = JSON.parse(await readFile(metaPath, 'utf8'));
  } catch (err) {
    throw new ModelError('E_MODEL_INVALID', `cannot read metadata JSON ${metaPath}: ${(err as Error).message}`, { cause: err });
  }
  return importTorchState(bytes, info, weightsPath);
}
