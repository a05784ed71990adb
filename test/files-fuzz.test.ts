/**
 * Seeded fuzzing of the files strangers hand framewise (issue: hostile input): 1,200 mutated model files and 300
 * mutated truth files, all loaded in this one process. Each is refused with a typed error or accepted and usable,
 * and memory stays bounded: never a crash, a RangeError, or a hang.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameTargets, loadTruth } from '../src/dataset/truthFile.js';
import { FramewiseError, ModelError, TruthError } from '../src/errors.js';
import { MAX_ANALYSIS_SIZE, MAX_DELAY, MAX_LABELS, decodeModel, encodeModel } from '../src/recurrent/modelFile.js';
import { Rng } from '../src/recurrent/rng.js';
import { StreamRunner } from '../src/recurrent/StreamRunner.js';
import { tempDir } from './helpers/ffmpeg.js';
import { randomModel } from './helpers/randomModel.js';

const MODEL_CASES = 1200;
const TRUTH_CASES = 300;
/** Growth of the process's memory over a whole suite that counts as bounded (one accepted case may hold ~40 MB). */
const MEMORY_BOUND = 512 * 1024 * 1024;

let dir: string;
beforeAll(() => {
  dir = tempDir('files-fuzz');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Values that have broken parsers before: huge, negative, fractional, wrong types, prototype names. */
const HOSTILE: unknown[] = [
  -1, 0, 1, 1.5, 2 ** 31, 2 ** 32 + 1, 2 ** 53, 1e15, 1e308, -1e308, '1e400', 'x', '', null, true, [], {}, [1, 2], { a: 1 },
  '__proto__', 'constructor', 'a\nb', 'x'.repeat(10_000), Array.from({ length: 5000 }, (_, i) => `l${i}`), 1920, 1921, 1000, 1001,
];

const pick = <T,>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];

/** Every path to a value inside a JSON value (objects and the first few array items). */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [prefix];
  if (Array.isArray(value)) value.slice(0, 3).forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

/** A copy of `value` with the thing at a random path replaced, removed, or a key added. */
function mutateJson(value: unknown, rng: Rng): unknown {
  const copy = JSON.parse(JSON.stringify(value)) as unknown;
  const all = paths(copy);
  const path = pick(rng, all);
  if (path.length === 0) return pick(rng, HOSTILE);
  let parent = copy as Record<string | number, unknown>;
  for (const p of path.slice(0, -1)) parent = parent[p] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  const r = rng.next();
  if (r < 0.75) parent[last] = pick(rng, HOSTILE);
  else if (r < 0.85) delete parent[last];
  else Object.defineProperty(parent, String(pick(rng, ['__proto__', 'extra', 'labelInfo', 'constructor'])), { value: pick(rng, HOSTILE), enumerable: true, configurable: true, writable: true });
  return copy;
}

function heapish(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

describe('fuzzed model files', () => {
  it(`${MODEL_CASES} mutations: each refused with a ModelError or loaded with bounded sizes and runnable`, () => {
    const base = randomModel(2, 3, 8);
    const bytes = encodeModel(base);
    const headerLen = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLen))) as Record<string, unknown> & { __metadata__: { framewise: string } };
    const meta = JSON.parse(header.__metadata__.framewise) as unknown;
    const tensorsBytes = bytes.subarray(8 + headerLen);
    const rng = new Rng(20240530);
    const start = heapish();
    let peak = 0;
    const outcome = { refused: 0, accepted: 0 };

    const build = (h: unknown, data: Uint8Array): Uint8Array => {
      const json = new TextEncoder().encode(JSON.stringify(h));
      const out = new Uint8Array(8 + json.length + data.length);
      new DataView(out.buffer).setUint32(0, json.length, true);
      out.set(json, 8);
      out.set(data, 8 + json.length);
      return out;
    };

    for (let n = 0; n < MODEL_CASES; n++) {
      let file: Uint8Array;
      const kind = n % 4;
      if (kind === 0) {
        // The model's metadata.
        let text = JSON.stringify(mutateJson(meta, rng));
        // Numbers JSON.stringify cannot write: 1e400 parses as Infinity, -0 as -0.
        if (rng.next() < 0.3) {
          let k = Math.floor(rng.next() * 40);
          text = text.replace(/-?\d+(\.\d+)?/g, (d) => (k-- === 0 ? pick(rng, ['1e400', '-1e400', '-0', '4294967296.5']) : d));
        }
        file = build({ ...header, __metadata__: { framewise: text } }, tensorsBytes);
      } else if (kind === 1) {
        // The container's header: tensor shapes, dtypes, offsets, metadata entries.
        file = build(mutateJson(header, rng), tensorsBytes);
      } else if (kind === 2) {
        // Random bytes anywhere, including the header length.
        file = bytes.slice();
        const flips = 1 + Math.floor(rng.next() * 8);
        for (let i = 0; i < flips; i++) file[Math.floor(rng.next() * file.length)] = Math.floor(rng.next() * 256);
      } else {
        // Truncated or extended.
        file = rng.next() < 0.7 ? bytes.slice(0, Math.floor(rng.next() * bytes.length)) : build(header, new Uint8Array(tensorsBytes.length * 2));
      }
      try {
        const model = decodeModel(file, `fuzz-${n}.safetensors`);
        outcome.accepted++;
        const m = model.meta;
        expect(m.feature.width).toBeLessThanOrEqual(MAX_ANALYSIS_SIZE);
        expect(m.feature.height).toBeLessThanOrEqual(MAX_ANALYSIS_SIZE);
        expect(m.delay).toBeLessThanOrEqual(MAX_DELAY);
        expect(m.labels.length).toBeLessThanOrEqual(MAX_LABELS);
        // An accepted model runs (or refuses to, typed).
        try {
          new StreamRunner(model).step(new Float32Array(m.inputSize));
        } catch (err) {
          expect(err, `case ${n}`).toBeInstanceOf(FramewiseError);
        }
      } catch (err) {
        if (!(err instanceof ModelError)) throw new Error(`case ${n} (kind ${kind}) threw ${String(err)}`, { cause: err });
        expect(err.message).not.toContain('\n');
        outcome.refused++;
      }
      if (n % 50 === 0) peak = Math.max(peak, heapish() - start);
    }
    expect(outcome.refused + outcome.accepted).toBe(MODEL_CASES);
    // Both outcomes occur: the mutations reach past the first check.
    expect(outcome.refused).toBeGreaterThan(MODEL_CASES / 2);
    expect(outcome.accepted).toBeGreaterThan(10);
    expect(peak).toBeLessThan(MEMORY_BOUND);
  }, 120_000);
});

describe('fuzzed truth files', () => {
  it(`${TRUTH_CASES} mutations: each refused with a TruthError or loaded with bounded frames`, async () => {
    const base = {
      labels: ['still', 'motion', 'cut', 'dissolve'],
      default: 'still',
      fps: 25,
      frames: 50,
      segments: [
        { label: 'cut', start: 10, end: 10 },
        { label: 'dissolve', start: 20, end: 29 },
        { label: 'motion', start: 30, end: 49 },
      ],
    };
    const rng = new Rng(77);
    const folder = join(dir, 'truth');
    mkdirSync(folder);
    const start = heapish();
    let peak = 0;
    const outcome = { refused: 0, accepted: 0 };
    for (let n = 0; n < TRUTH_CASES; n++) {
      let text = JSON.stringify(mutateJson(base, rng));
      if (n % 5 === 0) {
        const chars = [...text];
        chars[Math.floor(rng.next() * chars.length)] = pick(rng, ['{', '"', ']', '\u0000', '9', '\uFEFF']);
        text = chars.join('');
      }
      if (n % 7 === 0) text = '\uFEFF' + text;
      const path = join(folder, `t${n}.labels.json`);
      writeFileSync(path, text);
      try {
        const truth = await loadTruth(path);
        outcome.accepted++;
        expect(frameTargets(truth, truth.labels).length).toBe(truth.frames);
      } catch (err) {
        if (!(err instanceof TruthError)) throw new Error(`case ${n} threw ${String(err)}: ${text.slice(0, 200)}`, { cause: err });
        expect(err.message).not.toContain('\n');
        outcome.refused++;
      }
      if (n % 20 === 0) peak = Math.max(peak, heapish() - start);
    }
    expect(outcome.refused).toBeGreaterThan(TRUTH_CASES / 3);
    expect(outcome.accepted).toBeGreaterThan(5);
    expect(peak).toBeLessThan(MEMORY_BOUND);
  }, 120_000);
});
