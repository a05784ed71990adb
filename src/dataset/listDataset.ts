import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { InputError } from '../errors.js';
import { isVideoFileName } from '../source/videoExtensions.js';

/** One labelled video of a dataset folder. */
export interface DatasetEntry {
  name: string;
  video: string;
  truth: string;
}

/**
 * Lists the videos of `dir` that have a NAME.labels.json beside them, sorted by name.
 * A missing folder or a folder without any labelled video is an InputError.
 */
export async function listDataset(dir: string): Promise<DatasetEntry[]> {
  let names: string[];
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
    names = await readdir(dir);
  } catch (err) {
    throw new InputError('E_INPUT_MISSING', `${dir}: dataset folder not found or not a folder`, { cause: err });
  }
  const present = new Set(names);
  const out: DatasetEntry[] = [];
  for (const file of names) {
    if (!isVideoFileName(file)) continue;
    const name = file.slice(0, file.length - extname(file).length);
    if (!present.has(`${name}.labels.json`)) continue;
    out.push({ name, video: join(dir, file), truth: join(dir, `${name}.labels.json`) });
  }
  if (out.length === 0)
    throw new InputError('E_INPUT_MISSING', `${dir}: no videos with a NAME.labels.json beside them`);
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
