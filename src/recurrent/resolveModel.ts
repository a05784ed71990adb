import { DEFAULT_MODEL_PATH } from '../packageRoot.js';
import type { Model } from './model.js';
import { loadModel } from './modelFile.js';

const loaded = new Map<string, Promise<Model>>();

/** A Model as given, or loaded (once per path) from a file; the shipped default model when none is given. */
export function resolveModel(model: Model | string | undefined): Promise<Model> {
  if (model !== undefined && typeof model !== 'string') return Promise.resolve(model);
  const path = model ?? DEFAULT_MODEL_PATH;
  let pending = loaded.get(path);
  if (!pending) {
    pending = loadModel(path);
    // A failed load is not cached: the file may be fixed and retried.
    pending.catch(() => loaded.delete(path));
    loaded.set(path, pending);
  }
  return pending;
}
