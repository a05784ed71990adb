/**
 * Seed ensemble: model files of one recipe → one model file whose logits are the mean of theirs
 * (src/recurrent/ensembleModels.ts), with its cut logit calibrated on a validation folder when one is given.
 */
import { ensembleModels } from '../src/recurrent/ensembleModels.js';
import type { Model } from '../src/recurrent/model.js';
import { loadModel, saveModel } from '../src/recurrent/modelFile.js';
import { calibrateLogitBias, withoutCalibration, type BiasCalibration } from './calibrateLogitBias.js';
import { loadDataset } from './loadDataset.js';

export interface EnsembleOptions {
  models: string[];
  out: string;
  /** Validation folder(s) for the cut calibration (skipped without one); the false-cut budget holds on each. */
  val?: string | readonly string[];
  /** Budget of false cuts per 5 minutes of validation video for the calibration (see calibrateLogitBias). */
  maxFalseCutsPer5Min?: number;
  cacheDir?: string;
}

export async function ensemblePipeline(opts: EnsembleOptions): Promise<{ model: Model; calibration?: BiasCalibration }> {
  const members = await Promise.all(opts.models.map((f) => loadModel(f)));
  const val = members[0].meta.labels.includes('cut') ? opts.val : undefined;
  // A new calibration starts from the members as trained: offsets they carry would stay under it, unrecorded.
  const model = ensembleModels(val === undefined ? members : members.map((m) => withoutCalibration(m, 'cut')));
  let calibration: BiasCalibration | undefined;
  if (val !== undefined) {
    const { videos } = await loadDataset(val, { spec: model.meta.feature, cacheDir: opts.cacheDir, labels: model.meta.labels });
    calibration = await calibrateLogitBias(model, videos, 'cut', { maxFalsePer5Min: opts.maxFalseCutsPer5Min, budgetPerFolder: true });
  }
  await saveModel(opts.out, model);
  return { model, calibration };
}
