/**
 * Seed ensemble: model files of one recipe → one model file whose logits are the mean of theirs
 * (src/recurrent/ensembleModels.ts), with its cut logit calibrated on a validation folder when one is given.
 */
import { labelRegistry } from '../src/labels/labelRegistry.js';
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
  // The calibrated label is the label set's point label (`cut`); a set without one has nothing to calibrate.
  const point = labelRegistry(members[0].meta).pointLabel();
  const calibrate = point !== null && opts.val !== undefined ? { label: point, val: opts.val } : null;
  // A new calibration starts from the members as trained: offsets they carry would stay under it, unrecorded.
  const model = ensembleModels(calibrate ? members.map((m) => withoutCalibration(m, calibrate.label)) : members);
  let calibration: BiasCalibration | undefined;
  if (calibrate) {
    const { videos } = await loadDataset(calibrate.val, { spec: model.meta.feature, cacheDir: opts.cacheDir, labels: model.meta.labels });
    calibration = await calibrateLogitBias(model, videos, calibrate.label, { maxFalsePer5Min: opts.maxFalseCutsPer5Min, budgetPerFolder: true });
  }
  await saveModel(opts.out, model);
  return { model, calibration };
}
