import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelError } from '../src/errors.js';
import type { ModelMeta } from '../src/types.js';
import { importTorchModel, importTorchState } from '../src/recurrent/importTorch.js';
import { createModel, paramShapes, type Model } from '../src/recurrent/model.js';
import { decodeModel, encodeModel, loadModel, saveModel } from '../src/recurrent/modelFile.js';
import { encodeSafetensors } from '../src/recurrent/safetensors.js';
import { StreamRunner } from '../src/recurrent/StreamRunner.js';

const META: ModelMeta = {
  format: 'framewise-model',
  version: 1,
  cell: 'gru',
  inputSize: 5,
  hiddenSize: 7,
  numLayers: 2,
  delay: 2,
  labels: ['still', 'motion', 'cut'],
  feature: { name: 'fw-test', width: 8, height: 6, dim: 5, mean: [0, 1, 2, 3, 4], std: [1, 1, 2, 2, 3] },
  training: { note: 'test' },
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'framewise-model-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A framewise file with the given meta and tensors (defaults: a valid model), for building broken files. */
function fileWith(meta: unknown, model: Model, edit?: (t: Array<{ name: string; shape: number[]; data: Float32Array }>) => void): Uint8Array {
  const tensors = paramShapes(model.meta).map(({ name, shape }) => ({ name, shape, data: Float32Array.from(model.params[name]) }));
  edit?.(tensors);
  return encodeSafetensors(tensors, { framewise: JSON.stringify(meta) });
}

function expectInvalid(bytes: Uint8Array, pattern: RegExp): void {
  let err: unknown;
  try {
    decodeModel(bytes, 'bad.safetensors');
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ModelError);
  expect((err as ModelError).code).toBe('E_MODEL_INVALID');
  expect((err as ModelError).message).toContain('bad.safetensors');
  expect((err as ModelError).message).toMatch(pattern);
}

describe('model files (safetensors)', () => {
  const model = createModel(META, 42);

  it('save → load round-trips meta and weights (file or directory), atomically', async () => {
    const path = join(dir, 'm1', 'model.safetensors');
    await saveModel(path, model);
    expect(await readdir(join(dir, 'm1'))).toEqual(['model.safetensors']);
    for (const p of [path, join(dir, 'm1')]) {
      const back = await loadModel(p);
      expect(back.meta).toEqual(META);
      for (const [k, v] of Object.entries(model.params)) expect(Array.from(back.params[k])).toEqual(Array.from(v));
    }
    // The container is standard: header length, JSON header with F32 tensors and string metadata.
    const bytes = new Uint8Array(await readFile(path));
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header.weight_ih_l0).toEqual({ dtype: 'F32', shape: [21, 5], data_offsets: [0, 21 * 5 * 4] });
    expect(JSON.parse(header.__metadata__.framewise)).toEqual(META);
    expect(header['head.weight'].shape).toEqual([3, 7]);
  });

  it('a missing file is a ModelError naming it', async () => {
    await expect(loadModel(join(dir, 'nope'))).rejects.toThrow(/model file not found: .*nope/);
  });

  it('refuses empty, truncated and oversized-header files', () => {
    const good = encodeModel(model);
    expectInvalid(new Uint8Array(0), /empty/);
    expectInvalid(good.subarray(0, 5), /too short/);
    expectInvalid(good.subarray(0, 40), /header length \d+ exceeds the file size/);
    expectInvalid(good.subarray(0, good.length - 3), /outside the .* data bytes/);
    const huge = good.slice();
    new DataView(huge.buffer).setUint32(4, 1, true); // 4 GiB + n
    expectInvalid(huge, /exceeds the .*cap/);
    const garbage = good.slice();
    garbage[9] = 0x7b; // '{{' — not JSON any more
    expectInvalid(garbage, /not valid UTF-8 JSON/);
  });

  it('refuses wrong shapes, missing or extra tensors, non-finite values', () => {
    expectInvalid(fileWith(META, model, (t) => (t[1] = { ...t[1], shape: [7, 21] })), /weight_hh_l0 has shape \[7, 21\].*needs \[21, 7\]/);
    expectInvalid(fileWith({ ...META, hiddenSize: 8 }, model), /weight_ih_l0 has shape \[21, 5\]/);
    expectInvalid(fileWith(META, model, (t) => t.pop()), /missing tensor head.bias/);
    expectInvalid(fileWith(META, model, (t) => t.push({ name: 'extra', shape: [1], data: new Float32Array(1) })), /unexpected tensor extra/);
    expectInvalid(fileWith(META, model, (t) => t[2].data.fill(NaN)), /bias_ih_l0 holds a non-finite value/);
    expectInvalid(fileWith(META, model, (t) => (t[0].data[3] = Infinity)), /weight_ih_l0 holds a non-finite value at index 3/);
  });

  it('refuses bad metadata: unknown cell, bad labels, inconsistent feature spec, no framewise entry', () => {
    expectInvalid(fileWith({ ...META, cell: 'transformer' }, model), /metadata field cell/);
    expectInvalid(fileWith({ ...META, labels: ['still', 'still', 'cut'] }, model), /duplicate label name "still"/);
    expectInvalid(fileWith({ ...META, labels: ['still', '', 'cut'] }, model), /metadata field labels.1/);
    expectInvalid(fileWith({ ...META, labels: ['still', 'motion'] }, model), /head.weight has shape \[3, 7\]/);
    expectInvalid(fileWith({ ...META, feature: { ...META.feature, std: [1, 1, 0, 1, 1] } }, model), /feature.std/);
    expectInvalid(fileWith({ ...META, feature: { ...META.feature, mean: [0] } }, model), /feature.mean has 1 values/);
    expectInvalid(fileWith({ ...META, version: 2 }, model), /metadata field version/);
    expectInvalid(encodeSafetensors([], {}), /no "framewise" entry/);
    expectInvalid(encodeSafetensors([], { framewise: '{oops' }), /not valid JSON/);
  });
});

describe('PyTorch import', () => {
  /** A file laid out as safetensors.torch.save_file writes a wrapper module's state_dict (prefixed names, any order). */
  function torchFile(m: Model, prefix: string, f64Head: boolean): Uint8Array {
    const shapes = paramShapes(m.meta).reverse();
    const f32 = shapes.filter((s) => !(f64Head && s.name.startsWith('head.')));
    const bytes = encodeSafetensors(
      f32.map(({ name, shape }) => ({ name: name.startsWith('head.') ? name : prefix + name, shape, data: m.params[name] })),
      { format: 'pt' },
    );
    if (!f64Head) return bytes;
    // Re-encode with F64 head tensors appended by hand.
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    let data = bytes.subarray(8 + n);
    const extra: number[] = [];
    for (const { name, shape } of shapes.filter((s) => s.name.startsWith('head.'))) {
      const v = Float64Array.from(m.params[name]);
      header[name] = { dtype: 'F64', shape, data_offsets: [data.length + extra.length, data.length + extra.length + v.byteLength] };
      extra.push(...new Uint8Array(v.buffer));
    }
    data = new Uint8Array([...data, ...extra]);
    const head = new TextEncoder().encode(JSON.stringify(header));
    const out = new Uint8Array(8 + head.length + data.length);
    new DataView(out.buffer).setUint32(0, head.length, true);
    out.set(head, 8);
    out.set(data, 8 + head.length);
    return out;
  }

  const info = { cell: 'lstm', labels: ['a', 'b', 'c', 'd'], delay: 1, feature: { name: 'fw-v2', width: 64, height: 36, dim: 4, mean: [0, 0, 0, 0], std: [1, 1, 1, 1] } };
  const meta: ModelMeta = { format: 'framewise-model', version: 1, cell: 'lstm', inputSize: 4, hiddenSize: 6, numLayers: 2, delay: 1, labels: info.labels, feature: info.feature };
  const source = createModel(meta, 9);

  it('imports a prefixed state_dict + metadata JSON, infers sizes, and runs identically', async () => {
    const wpath = join(dir, 'torch.safetensors');
    const mpath = join(dir, 'torch.json');
    await writeFile(wpath, torchFile(source, 'rnn.', true));
    await writeFile(mpath, JSON.stringify(info));
    const imported = await importTorchModel(wpath, mpath);
    expect(imported.meta).toMatchObject({ cell: 'lstm', inputSize: 4, hiddenSize: 6, numLayers: 2, delay: 1, labels: info.labels });
    const a = new StreamRunner(source);
    const b = new StreamRunner(imported);
    for (let t = 0; t < 10; t++) {
      const x = Float32Array.from({ length: 4 }, (_, i) => Math.sin(t + i));
      expect(Array.from(b.step(x))).toEqual(Array.from(a.step(x)));
    }
    // And it saves as a regular framewise model.
    const back = decodeModel(encodeModel(imported), 'x');
    expect(back.meta.training).toEqual({ importedFrom: 'pytorch' });
  });

  it('refuses mismatched metadata and foreign tensors with a clear error', () => {
    const bytes = torchFile(source, '', false);
    expect(() => importTorchState(bytes, { ...info, cell: 'gru' }, 'w.safetensors')).toThrow(/w.safetensors.*weight_hh_l0 has shape \[24, 6\], not a gru/);
    expect(() => importTorchState(bytes, { ...info, labels: ['a', 'b'] }, 'w.safetensors')).toThrow(/head.weight has shape \[4, 6\]/);
    const bidir = encodeSafetensors([{ name: 'weight_ih_l0_reverse', shape: [1], data: new Float32Array(1) }], {});
    expect(() => importTorchState(bidir, info, 'w.safetensors')).toThrow(/bidirectional/);
  });
});
