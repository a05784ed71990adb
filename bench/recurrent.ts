/**
 * Recurrent engine speed: single-stream inference step time (median, p99) and MAC/s for a few sizes, and
 * training throughput (frames/s through forward + backward + Adam) for a default-sized model.
 *
 *   npx tsx bench/recurrent.ts
 */
import { pathToFileURL } from 'node:url';
import type { CellType, ModelMeta } from '../src/types.js';
import { cellKernel } from '../src/recurrent/cells/cellKernel.js';
import { createModel, type Model } from '../src/recurrent/model.js';
import { loadModel } from '../src/recurrent/modelFile.js';
import { DEFAULT_LIVE_MODEL_PATH, DEFAULT_MODEL_PATH } from '../src/packageRoot.js';
import { Rng } from '../src/recurrent/rng.js';
import { StreamRunner } from '../src/recurrent/StreamRunner.js';
import { trainModel, type Sequence } from '../src/recurrent/trainModel.js';

function meta(cell: CellType, inputSize: number, hiddenSize: number, numLayers: number, labels: number): ModelMeta {
  return {
    format: 'framewise-model',
    version: 1,
    cell,
    inputSize,
    hiddenSize,
    numLayers,
    delay: 0,
    labels: Array.from({ length: labels }, (_, i) => `l${i}`),
    feature: { name: 'bench', width: 1, height: 1, dim: inputSize, mean: new Array<number>(inputSize).fill(0), std: new Array<number>(inputSize).fill(1) },
  };
}

/** Multiply-accumulates per step: gates·H·(in + H) per layer, plus the head. */
function macsPerStep(m: ModelMeta): number {
  const G = cellKernel(m.cell).gates;
  let macs = 0;
  for (let l = 0; l < m.numLayers; l++) macs += G * m.hiddenSize * ((l === 0 ? m.inputSize : m.hiddenSize) + m.hiddenSize);
  return macs + m.labels.length * m.hiddenSize;
}

function benchStep(model: Model, steps: number): { medianUs: number; p99Us: number; stepsPerSec: number; gmacs: number } {
  const m = model.meta;
  const runner = new StreamRunner(model);
  const rng = new Rng(2);
  const xs = Array.from({ length: 64 }, () => Float32Array.from({ length: m.inputSize }, () => rng.uniform(-2, 2)));
  for (let i = 0; i < 2000; i++) runner.step(xs[i & 63]); // warm up the JIT
  const times = new Float64Array(steps);
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    const s = performance.now();
    runner.step(xs[i & 63]);
    times[i] = performance.now() - s;
  }
  const total = (performance.now() - t0) / 1000;
  times.sort();
  return {
    medianUs: times[Math.floor(steps / 2)] * 1000,
    p99Us: times[Math.floor(steps * 0.99)] * 1000,
    stepsPerSec: steps / total,
    gmacs: (steps * macsPerStep(m)) / total / 1e9,
  };
}

function benchTrain(m: ModelMeta, frames: number, batch: number, chunk: number): { framesPerSec: number; secondsPerEpoch: number } {
  const rng = new Rng(3);
  const seqLen = 500;
  const seqs: Sequence[] = Array.from({ length: Math.ceil(frames / seqLen) }, () => ({
    inputs: Float32Array.from({ length: seqLen * m.inputSize }, () => rng.uniform(-1, 1)),
    targets: Int32Array.from({ length: seqLen }, () => rng.int(m.labels.length)),
  }));
  const val = seqs.slice(0, 1);
  const { history } = trainModel(m, seqs, val, { epochs: 2, chunk, batch, lr: 1e-3, seed: 1 });
  // The second epoch runs on warm code; its time includes the (small) validation pass.
  const s = history[history.length - 1].seconds;
  return { framesPerSec: (seqs.length * seqLen) / s, secondsPerEpoch: s };
}

export async function benchRecurrent(): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  const sizes: Array<[CellType, number, number, number]> = [
    ['gru', 256, 128, 1],
    ['lstm', 256, 128, 1],
    ['rnn', 256, 128, 1],
    ['gru', 100, 64, 1],
    ['gru', 100, 96, 2],
  ];
  for (const [cell, I, H, L] of sizes) {
    const m = meta(cell, I, H, L, 9);
    const r = benchStep(createModel(m, 1), 20000);
    const key = `step_${cell}_in${I}_h${H}_l${L}`;
    out[`${key}_median_us`] = +r.medianUs.toFixed(2);
    out[`${key}_p99_us`] = +r.p99Us.toFixed(2);
    out[`${key}_steps_per_s`] = Math.round(r.stepsPerSec);
    out[`${key}_gmac_per_s`] = +r.gmacs.toFixed(3);
  }
  // The shipped models as they are (the default one is a seed ensemble: its zero blocks are skipped).
  for (const [name, file] of [['shipped_model', DEFAULT_MODEL_PATH], ['shipped_live', DEFAULT_LIVE_MODEL_PATH]] as const) {
    const model = await loadModel(file);
    const r = benchStep(model, 20000);
    out[`${name}_hidden`] = model.meta.hiddenSize;
    out[`${name}_step_median_us`] = +r.medianUs.toFixed(2);
    out[`${name}_step_p99_us`] = +r.p99Us.toFixed(2);
  }
  const t = benchTrain(meta('gru', 100, 96, 1, 9), 40000, 16, 64);
  out.train_gru_in100_h96_b16_c64_frames_per_s = Math.round(t.framesPerSec);
  out.train_gru_in100_h96_b16_c64_s_per_epoch_of_200k = +((200000 / t.framesPerSec)).toFixed(1);
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchRecurrent();
  for (const [k, v] of Object.entries(r)) console.log(`${k.padEnd(48)} ${v}`);
}
