import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * What a finished training of the recipe depended on, kept in a JSON file of the data folder: training is
 * deterministic, so a model that the same training made before (a recipe stopped part-way and started again) need
 * not be trained again — as long as the file is still the one that training wrote.
 */
export interface TrainingRecord {
  /** Everything the model depends on, as one string: arguments, the truth files of its sets, the initial model. */
  inputs: string;
  /** sha256 of the model file the training wrote. */
  out: string;
}

/** sha256 of a file. */
async function fileHash(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

/** sha256 over the truth files of the given folders of `dataDir`, by name and content. */
export async function truthHash(dataDir: string, dirs: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const dir of dirs) {
    for (const name of (await readdir(join(dataDir, dir))).filter((n) => n.endsWith('.labels.json')).sort()) {
      hash.update(`${dir}/${name}\0`).update(await readFile(join(dataDir, dir, name)));
    }
  }
  return hash.digest('hex');
}

/** Whether `record` says that training with `inputs` made `out`, and `out` is still that file. */
export async function madeBefore(record: string, inputs: string, out: string): Promise<boolean> {
  if (!existsSync(record) || !existsSync(out)) return false;
  const r = JSON.parse(await readFile(record, 'utf8')) as TrainingRecord;
  return r.inputs === inputs && r.out === (await fileHash(out));
}

/** Records that training with `inputs` has just made `out`. */
export async function recordTraining(record: string, inputs: string, out: string): Promise<void> {
  await mkdir(dirname(record), { recursive: true });
  const r: TrainingRecord = { inputs, out: await fileHash(out) };
  await writeFile(record, JSON.stringify(r));
}
