/**
 * Checks the segment decoder's tuned weights against the shipped models: `npm run tune:segments`.
 *
 * Both shipped models label the recipe's validation folders (val, flashpan-val, real-val's edited and unedited clips;
 * `npm run train:default` makes them, under FRAMEWISE_DATA, default .cache/data) once; every setting of a grid of
 * the four weights decodes those labels and is scored like `framewise eval`. Printed: the shipped setting, and the
 * best settings that make no more false cuts on any folder, and no more false transitions on the unedited clips, than
 * it does (pipelines/tuneSegmentDecoding.ts), by the sum over the two models of the mean transition F1 of the three
 * edited folders. About 6 minutes for the grid's 300 settings (one core). Validation folders only: test, unseen and
 * the flash/pan test sets must never choose a weight.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { decodingObjective, rankDecodings, scoreDecodings, SHIPPED_WEIGHTS, type ScoredDecoding, type TunedWeights } from '../../pipelines/tuneSegmentDecoding.js';
import { DEFAULT_LIVE_MODEL_PATH, DEFAULT_MODEL_PATH, packageRoot } from '../../src/packageRoot.js';
import { loadModel } from '../../src/recurrent/modelFile.js';

const dataDir = process.env.FRAMEWISE_DATA ?? join(packageRoot, '.cache', 'data');
const FOLDERS = ['val', 'flashpan-val', 'real-val/edited', 'real-val/unedited'];
const GRID = {
  durationWeight: [1, 1.25, 1.5, 1.75, 2],
  successionWeight: [1, 1.25, 1.5, 1.75, 2],
  shareWeight: [1, 1.25, 1.5, 1.75],
  changeWeight: [-2, -3, -4],
};
/** Settings printed after the shipped one. */
const SHOWN = 10;

const same = (a: TunedWeights, b: TunedWeights): boolean => (Object.keys(a) as Array<keyof TunedWeights>).every((k) => a[k] === b[k]);
const grid: TunedWeights[] = [SHIPPED_WEIGHTS];
for (const durationWeight of GRID.durationWeight)
  for (const successionWeight of GRID.successionWeight)
    for (const shareWeight of GRID.shareWeight)
      for (const changeWeight of GRID.changeWeight) {
        const w = { durationWeight, successionWeight, shareWeight, changeWeight };
        if (!same(w, SHIPPED_WEIGHTS)) grid.push(w);
      }

const missing = FOLDERS.filter((f) => !existsSync(join(dataDir, f)));
if (missing.length > 0) {
  console.error(`tune:segments: ${missing.join(', ')} not found under ${dataDir}: \`npm run train:default\` makes them (or set FRAMEWISE_DATA)`);
  process.exit(1);
}

const models = [
  { name: 'model', model: await loadModel(DEFAULT_MODEL_PATH) },
  { name: 'live', model: await loadModel(DEFAULT_LIVE_MODEL_PATH) },
];
const scored = await scoreDecodings(
  models,
  FOLDERS.map((name) => ({ name, dir: join(dataDir, name) })),
  grid,
  {
    cacheDir: join(dataDir, 'features'),
    onScored: (done, total) => {
      if (done % 20 === 0 || done === total) process.stderr.write(`[tune:segments] ${done}/${total} settings\n`);
    },
  },
);

function row(d: ScoredDecoding): string {
  const w = d.weights;
  const cells = models.flatMap(({ name }) =>
    FOLDERS.map((f) => {
      const s = d.scores[name][f];
      return s.truths > 0 ? `${s.f1.toFixed(3)}/${s.falseCuts}` : `${s.falseTransitions}`;
    }),
  );
  return `${decodingObjective(d).toFixed(4)}  ${w.durationWeight} ${w.successionWeight} ${w.shareWeight} ${w.changeWeight}  ${cells.join('  ')}`;
}

const [reference] = scored;
const ranked = rankDecodings(scored, reference).filter((d) => d !== reference);
console.log(`columns: objective; duration succession share change weights; per model (${models.map((m) => m.name).join(', ')}) and folder (${FOLDERS.join(', ')}):`);
console.log('transition F1/false cuts, or false transitions on a folder without true ones');
console.log(`shipped  ${row(reference)}`);
for (const d of ranked.slice(0, SHOWN)) console.log(`         ${row(d)}`);
const best = ranked[0];
console.log(
  best === undefined
    ? 'no other setting stays within the shipped one\'s false cuts'
    : `best within the shipped setting's false cuts: ${(decodingObjective(best) - decodingObjective(reference)).toFixed(4)} above it (${ranked.length} of ${grid.length - 1} other settings stay within)`,
);
