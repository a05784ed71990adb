import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ModelError } from '../errors.js';
import { oneLine } from '../oneLine.js';
import * as z from '../zod.js';
import type { ModelMeta } from '../types.js';
import { type Model, paramShapes } from './model.js';
import { encodeSafetensors, parseSafetensors, toFloat32, type RawTensor } from './safetensors.js';

/** The __metadata__ key holding ModelMeta as JSON. */
export const META_KEY = 'framewise';
/** File name looked up when loadModel is given a directory. */
export const MODEL_FILE_NAME = 'model.safetensors';

/** A label's overrides of the shipped defaults: known roles and bounded values only. */
const labelInfoSchema = z.partial(
  z.strictObject({
    role: z.enum(['in-shot', 'point', 'gradual', 'hold']),
    minFrames: z.int().check(z.minimum(1), z.maximum(10000)),
    colour: z.string().check(z.regex(/^#[0-9a-f]{6}$/i, 'colour must be #rrggbb')),
    displayName: z.string().check(z.minLength(1), z.maxLength(64)),
    followedBy: z.string().check(z.minLength(1)),
    joinsNext: z.string().check(z.minLength(1)),
    editAs: z.enum(['dissolve', 'wipe']),
  }),
);

/*
 * A model file is data from strangers: every size it declares is bounded here, before any of it sizes an
 * allocation (frame buffers at the analysis size, the delay line, the network's state) or an ffmpeg process.
 * The bounds are far above any useful model (the shipped ones: 128x72 analysis, hidden 64, delay 2).
 */
/** Largest analysis width and height a model may ask ffmpeg to scale to (one yuv420p frame is then 5.3 MiB). */
export const MAX_ANALYSIS_SIZE = 1920;
/** Largest feature vector, hidden state, layer count, look-ahead (frames) and label count a model may declare. */
export const MAX_INPUT_SIZE = 8192;
export const MAX_HIDDEN_SIZE = 4096;
export const MAX_LAYERS = 16;
export const MAX_DELAY = 1000;
export const MAX_LABELS = 256;
export const MAX_LABEL_NAME = 100;

/** A whole number from `min` to `max`. */
const count = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max));

const metaSchema = z.object({
  format: z.literal('framewise-model'),
  version: z.literal(1),
  cell: z.enum(['rnn', 'gru', 'lstm']),
  inputSize: count(1, MAX_INPUT_SIZE),
  hiddenSize: count(1, MAX_HIDDEN_SIZE),
  numLayers: count(1, MAX_LAYERS),
  delay: count(0, MAX_DELAY),
  labels: z
    .array(z.string().check(z.minLength(1, 'label names must be non-empty'), z.maxLength(MAX_LABEL_NAME)))
    .check(z.minLength(1), z.maxLength(MAX_LABELS)),
  feature: z.object({
    name: z.string().check(z.maxLength(100)),
    width: count(1, MAX_ANALYSIS_SIZE),
    height: count(1, MAX_ANALYSIS_SIZE),
    dim: count(1, MAX_INPUT_SIZE),
    // (zod's numbers are finite.)
    mean: z.array(z.number()).check(z.maxLength(MAX_INPUT_SIZE)),
    std: z.array(z.number().check(z.positive())).check(z.maxLength(MAX_INPUT_SIZE)),
  }),
  labelInfo: z.optional(z.record(z.string(), labelInfoSchema)),
  training: z.optional(z.record(z.string(), z.unknown())),
});

function fail(name: string, problem: string): never {
  throw new ModelError('E_MODEL_INVALID', oneLine(`invalid model file ${name}: ${problem}`));
}

/** Check a metadata object against the schema and its internal consistency. */
export function validateMeta(raw: unknown, name: string): ModelMeta {
  const r = metaSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    fail(name, `metadata field ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const meta = r.data as ModelMeta;
  const seen = new Set<string>();
  for (const l of meta.labels) {
    if (seen.has(l)) fail(name, `duplicate label name "${l}"`);
    seen.add(l);
  }
  for (const [label, info] of Object.entries(meta.labelInfo ?? {})) {
    if (!seen.has(label)) fail(name, `labelInfo names "${label}", which is not one of the model's labels`);
    for (const key of ['followedBy', 'joinsNext'] as const) {
      const other = info[key];
      if (other !== undefined && !seen.has(other)) fail(name, `labelInfo.${label}.${key} names "${other}", which is not one of the model's labels`);
    }
  }
  if (meta.feature.dim !== meta.inputSize) fail(name, `feature.dim ${meta.feature.dim} differs from inputSize ${meta.inputSize}`);
  if (meta.feature.mean.length !== meta.inputSize) fail(name, `feature.mean has ${meta.feature.mean.length} values, expected ${meta.inputSize}`);
  if (meta.feature.std.length !== meta.inputSize) fail(name, `feature.std has ${meta.feature.std.length} values, expected ${meta.inputSize}`);
  return meta;
}

/** Build a model from validated meta and raw tensors: exactly the declared tensors, declared shapes, finite values. */
export function assembleModel(meta: ModelMeta, tensors: Map<string, RawTensor>, name: string): Model {
  const expected = paramShapes(meta);
  const known = new Set(expected.map((e) => e.name));
  for (const key of tensors.keys()) if (!known.has(key)) fail(name, `unexpected tensor ${key} for a ${meta.numLayers}-layer ${meta.cell}`);
  const params: Record<string, Float32Array> = {};
  for (const { name: key, shape } of expected) {
    const t = tensors.get(key);
    if (t === undefined) fail(name, `missing tensor ${key}`);
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      fail(name, `tensor ${key} has shape [${t.shape.join(', ')}], the declared ${meta.cell} (input ${meta.inputSize}, hidden ${meta.hiddenSize}, ${meta.labels.length} labels) needs [${shape.join(', ')}]`);
    }
    const values = toFloat32(t);
    const bad = firstNonFinite(values);
    if (bad >= 0) fail(name, `tensor ${key} holds a non-finite value at index ${bad}`);
    params[key] = values;
  }
  return { meta, params };
}

/**
 * The index of the first NaN or ±Infinity in `values`, or -1 (x − x is 0 for every finite x, NaN for the others). A
 * loop of its own, so that V8 optimises a small function once rather than the whole of assembleModel mid-loop.
 */
function firstNonFinite(values: Float32Array): number {
  for (let i = 0; i < values.length; i++) if (values[i] - values[i] !== 0) return i;
  return -1;
}

/** Decode and validate a model file's bytes (pure). `name` is used in error messages. */
export function decodeModel(bytes: Uint8Array, name: string): Model {
  const file = parseSafetensors(bytes, name);
  const text = file.metadata[META_KEY];
  if (text === undefined) fail(name, `no "${META_KEY}" entry in __metadata__ (not a framewise model; PyTorch weights need importTorchModel)`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    fail(name, `__metadata__.${META_KEY} is not valid JSON`);
  }
  const meta = validateMeta(raw, name);
  for (const [key, t] of file.tensors) if (t.dtype !== 'F32') fail(name, `tensor ${key} has dtype ${t.dtype}, expected F32`);
  return assembleModel(meta, file.tensors, name);
}

/** Serialise a model to safetensors bytes (F32 tensors, ModelMeta as JSON under __metadata__.framewise). */
export function encodeModel(model: Model): Uint8Array {
  const tensors = paramShapes(model.meta).map(({ name, shape }) => {
    const data = model.params[name];
    if (data === undefined) throw new ModelError('E_MODEL_INVALID', `model has no tensor ${name}`);
    return { name, shape, data };
  });
  return encodeSafetensors(tensors, { [META_KEY]: JSON.stringify(model.meta) });
}

/** Write the model atomically: a temporary file beside the target, then rename. */
export async function saveModel(path: string, model: Model): Promise<void> {
  const bytes = encodeModel(model);
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

/** Load and validate a model; `path` is a .safetensors file or a directory holding model.safetensors. */
export async function loadModel(path: string): Promise<Model> {
  let file = path;
  try {
    if ((await stat(path)).isDirectory()) file = join(path, MODEL_FILE_NAME);
    return decodeModel(new Uint8Array(await readFile(file)), file);
  } catch (err) {
    if (err instanceof ModelError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ModelError('E_MODEL_INVALID', `model file not found: ${file}`, { cause: err });
    throw new ModelError('E_MODEL_INVALID', `cannot read model file ${file}: ${(err as Error).message}`, { cause: err });
  }
}
