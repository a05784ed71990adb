/** `framewise import-torch`: a PyTorch state_dict and its metadata converted and saved as a framewise model file. */
import { importTorchModel } from '../src/recurrent/importTorch.js';
import type { Model } from '../src/recurrent/model.js';
import { saveModel } from '../src/recurrent/modelFile.js';

export async function importTorchToFile(weights: string, meta: string, out: string): Promise<Model> {
  const model = await importTorchModel(weights, meta);
  await saveModel(out, model);
  return model;
}
