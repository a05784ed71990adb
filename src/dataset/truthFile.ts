import { readFile } from 'node:fs/promises';
import { TruthError } from '../errors.js';
import { oneLine } from '../oneLine.js';
import type { TruthFile } from '../types.js';
import * as z from '../zod.js';

/**
 * Truth files (docs/architecture.md, "Formats"): NAME.labels.json beside NAME.mp4.
 * The zod schema checks the shape; the semantic rules (labels known, ranges, order, overlap) are checked
 * after it so each failure can name the exact field in a one-line message.
 */
/**
 * Truth files come with datasets from strangers: `frames` sizes per-frame arrays, so it is bounded here (a day of
 * 120 fps video) and checked against the decoded video before any array of that size exists (loadDataset).
 */
export const MAX_TRUTH_FRAMES = 10_368_000;
/** Labels a truth file may name (a model holds at most 256). */
export const MAX_TRUTH_LABELS = 256;

const truthSchema = z.object({
  labels: z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.minLength(1), z.maxLength(MAX_TRUTH_LABELS)),
  default: z.optional(z.string()),
  fps: z.number().check(z.positive(), z.maximum(1000)),
  frames: z.int().check(z.positive(), z.maximum(MAX_TRUTH_FRAMES)),
  segments: z.array(
    z.object({
      label: z.string(),
      start: z.int(),
      end: z.int(),
    }),
  ),
});

function fieldName(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(root)';
}

function fail(name: string, message: string): never {
  throw new TruthError('E_TRUTH_INVALID', oneLine(`${name}: ${message}`));
}

/** Validates parsed JSON as a truth file; `name` (usually the path) prefixes every error message. */
export function parseTruth(json: unknown, name: string): TruthFile {
  const parsed = truthSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = fieldName(issue.path);
    // Zod reports a missing key as "expected X, received undefined": say "missing" instead.
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    fail(name, missing ? `missing field "${field}"` : `invalid field "${field}": ${issue.message}`);
  }
  const t = parsed.data;
  const known = new Set<string>();
  t.labels.forEach((l, i) => {
    if (known.has(l)) fail(name, `labels[${i}] "${l}" is repeated`);
    known.add(l);
  });
  if (t.default !== undefined && !known.has(t.default)) fail(name, `default "${t.default}" is not in labels`);
  t.segments.forEach((s, i) => {
    if (!known.has(s.label)) fail(name, `segments[${i}].label "${s.label}" is not in labels`);
    if (s.start < 0 || s.start > t.frames - 1)
      fail(name, `segments[${i}].start ${s.start} is out of range [0, ${t.frames - 1}]`);
    if (s.end < 0 || s.end > t.frames - 1)
      fail(name, `segments[${i}].end ${s.end} is out of range [0, ${t.frames - 1}]`);
    if (s.start > s.end) fail(name, `segments[${i}] start ${s.start} > end ${s.end}`);
  });
  const order = t.segments.map((s, i) => ({ ...s, i })).sort((a, b) => a.start - b.start);
  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1];
    const cur = order[k];
    if (cur.start <= prev.end)
      fail(name, `segments[${cur.i}] (${cur.start}-${cur.end}) overlaps segments[${prev.i}] (${prev.start}-${prev.end})`);
  }
  const out: TruthFile = { labels: t.labels, fps: t.fps, frames: t.frames, segments: t.segments };
  if (t.default !== undefined) out.default = t.default;
  return out;
}

/** Reads and validates NAME.labels.json; unreadable or invalid JSON is a TruthError too. */
export async function loadTruth(path: string): Promise<TruthFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new TruthError('E_TRUTH_INVALID', `${path}: cannot read truth file (${(err as Error).message})`, {
      cause: err,
    });
  }
  // Editors on Windows save UTF-8 with a byte-order mark; JSON.parse refuses it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new TruthError('E_TRUTH_INVALID', `${path}: invalid JSON (${(err as Error).message})`, { cause: err });
  }
  return parseTruth(json, path);
}

/**
 * Per-frame target indices into `labels` ([frames] Int32Array). Frames no segment covers take the truth's
 * `default`, else its first label. A truth label missing from `labels` is a TruthError (the model cannot
 * learn a class it does not have), prefixed by `name` when given (with a model's label list, any file of a folder
 * may be the one at fault).
 */
export function frameTargets(truth: TruthFile, labels: string[], name?: string): Int32Array {
  const index = new Map(labels.map((l, i) => [l, i] as const));
  const lookup = (l: string, field: string): number => {
    const i = index.get(l);
    if (i === undefined) {
      const prefix = name === undefined ? '' : `${name}: `;
      throw new TruthError('E_TRUTH_INVALID', oneLine(`${prefix}${field} label "${l}" is not one of [${labels.join(', ')}]`));
    }
    return i;
  };
  const fill = lookup(truth.default ?? truth.labels[0], 'default');
  // [frames] label index per frame.
  const out = new Int32Array(truth.frames).fill(fill);
  truth.segments.forEach((s, k) => {
    const v = lookup(s.label, `segments[${k}]`);
    out.fill(v, Math.max(0, s.start), Math.min(truth.frames - 1, s.end) + 1);
  });
  return out;
}
