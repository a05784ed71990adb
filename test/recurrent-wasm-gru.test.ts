import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_LIVE_MODEL_PATH, DEFAULT_MODEL_PATH } from '../src/packageRoot.js';
import { gruCell } from '../src/recurrent/cells/gru.js';
import { loadModel } from '../src/recurrent/modelFile.js';
import { Network } from '../src/recurrent/Network.js';
import { StreamRunner } from '../src/recurrent/StreamRunner.js';
import { WasmGru } from '../src/recurrent/wasm/WasmGru.js';
import { GRU_WASM_BASE64 } from '../src/recurrent/wasm/gruModule.js';
import { compiledModule } from '../src/wasm/compiledModule.js';

type Many = (n: number, x: number, y: number, scratch: number) => void;
interface MathExports {
  memory: WebAssembly.Memory;
  exp(x: number): number;
  expm1(x: number): number;
  tanh(x: number): number;
  expMany: Many;
  tanhMany: Many;
}

/** A fixed pseudo-random stream in [0, 1). */
function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}

const view = new DataView(new ArrayBuffer(8));
function fromBits(bits: bigint): number {
  view.setBigUint64(0, bits);
  return view.getFloat64(0);
}
function toBits(x: number): bigint {
  view.setFloat64(0, x);
  return view.getBigUint64(0);
}

/**
 * Inputs where fdlibm's exp, expm1 and tanh change course: random doubles, random bit patterns (every exponent, NaNs,
 * infinities, subnormals), values a few ulps around each threshold of the high word and each k boundary
 * ((k + ½) ln 2), and the special values.
 */
function inputs(): number[] {
  const rnd = rng(17);
  const out: number[] = [];
  for (let i = 0; i < 200_000; i++) out.push(rnd() * 100 - 50);
  for (let i = 0; i < 50_000; i++) out.push(rnd() * 1600 - 800);
  for (let i = 0; i < 200_000; i++) {
    const hi = BigInt(Math.floor(rnd() * 2 ** 32));
    const lo = BigInt(Math.floor(rnd() * 2 ** 32));
    out.push(fromBits((hi << 32n) | lo));
  }
  const thresholds = [
    0x3fd62e42fefa39efn, 0x3fd62e4300000000n, 0x3ff0a2b200000000n, 0x3ff0a2b23f3bab73n, 0x3e30000000000000n,
    0x3c90000000000000n, 0x40862e42fefa39efn, 0x40862e4200000000n, 0x40874910d52d3051n, 0x4043687a9f1af2b1n,
    0x4043687a00000000n, 0x4036000000000000n, 0x3ff0000000000000n, 0x4080000000000000n, 0x0010000000000000n,
    0x0000000000000001n,
  ];
  for (const t of thresholds) {
    for (let d = -256n; d <= 256n; d++) out.push(fromBits(t + d), -fromBits(t + d));
  }
  for (let k = -1100; k <= 1100; k++) {
    const b = toBits(Math.abs((k + 0.5) * Math.LN2));
    for (let d = -8n; d <= 8n; d++) out.push(Math.sign(k + 0.5) * fromBits(b + d));
  }
  out.push(0, -0, Infinity, -Infinity, NaN, 1, -1, 22, -22, 2 ** -28, -(2 ** -28), Number.MIN_VALUE, -Number.MAX_VALUE);
  return out;
}

describe('the GRU step in WebAssembly', () => {
  it('computes exp, expm1 and tanh with the bits of Math.exp, Math.expm1 and Math.tanh (scalar and two lanes at a time)', () => {
    const ex = new WebAssembly.Instance(compiledModule(GRU_WASM_BASE64)!).exports as unknown as MathExports;
    const xs = inputs();
    const n = xs.length;
    ex.memory.grow(Math.ceil((16 * n + 4096) / 65536));
    const x = 0;
    const y = 8 * n;
    const scratch = 16 * n;
    new Float64Array(ex.memory.buffer, x, n).set(xs);
    const ys = new Float64Array(ex.memory.buffer, y, n);
    const wrong: string[] = [];
    const cases = [
      ['exp', Math.exp, ex.exp, ex.expMany],
      ['expm1', Math.expm1, ex.expm1, null],
      ['tanh', Math.tanh, ex.tanh, ex.tanhMany],
    ] as const;
    for (const [name, math, scalar, many] of cases) {
      for (let i = 0; i < n; i++) {
        if (!Object.is(scalar(xs[i]), math(xs[i]))) wrong.push(`${name}(${xs[i]}): ${scalar(xs[i])}, not ${math(xs[i])}`);
      }
      if (many === null) continue;
      // All of them, then an odd count (the last value alone), from the second value on.
      for (const [from, count] of [[0, n], [1, 3]]) {
        many(count, x + 8 * from, y, scratch);
        for (let i = 0; i < count; i++) {
          const want = math(xs[from + i]);
          if (!Object.is(ys[i], want)) wrong.push(`${name}(${xs[from + i]}), two lanes: ${ys[i]}, not ${want}`);
        }
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it('gives the new state of the JavaScript GRU kernel bit for bit: odd and even widths, several lanes, saturated and tiny gates', () => {
    const wasm = WasmGru.create();
    expect(wasm).not.toBeNull();
    const rnd = rng(3);
    // Gate pre-activations of every size: small, ordinary, saturating (|x| ≥ 22 for tanh, ≥ 512 for exp), tiny,
    // and the odd infinity.
    const gate = (): number => {
      const u = rnd();
      if (u < 0.6) return rnd() * 16 - 8;
      if (u < 0.8) return rnd() * 80 - 40;
      if (u < 0.9) return (rnd() - 0.5) * 2 ** -30;
      if (u < 0.999) return rnd() * 2000 - 1000;
      return rnd() < 0.5 ? Infinity : -Infinity;
    };
    for (const [B, H] of [[1, 320], [1, 64], [3, 7], [2, 1], [1, 65], [4, 96]] as const) {
      for (let round = 0; round < 20; round++) {
        const gi = Float32Array.from({ length: B * 3 * H }, gate);
        const gh = Float32Array.from({ length: B * 3 * H }, gate);
        const hPrev = Float32Array.from({ length: B * H }, () => rnd() * 2 - 1);
        const want = new Float32Array(B * H);
        const got = new Float32Array(B * H).fill(Number.NaN);
        gruCell.forward(B, H, gi, gh, hPrev, new Float32Array(B * H), want, new Float32Array(B * H), new Float32Array(B * 4 * H));
        wasm!.forward(B, H, gi, gh, hPrev, got);
        expect(Array.from(got)).toEqual(Array.from(want));
      }
    }
  });

  it('the shipped models give the same probabilities with the GRU step in JavaScript and in WebAssembly, one frame or four at a time', async () => {
    for (const path of [DEFAULT_MODEL_PATH, DEFAULT_LIVE_MODEL_PATH]) {
      const model = await loadModel(path);
      const n = model.meta.inputSize;
      const rnd = rng(11);
      // Raw features around the model's own mean, four standard deviations either way.
      const frames = Array.from({ length: 200 }, () => Float32Array.from({ length: n }, (_, i) => model.meta.feature.mean[i] + model.meta.feature.std[i] * (rnd() * 8 - 4)));
      for (const batch of [1, 4]) {
        const js = new StreamRunner(model, batch, { wasmGru: false });
        const fast = new StreamRunner(model, batch);
        for (let t = 0; t < frames.length; t += batch) {
          const chunk = frames.slice(t, t + batch);
          expect(Array.from(fast.stepMany(chunk))).toEqual(Array.from(js.stepMany(chunk)));
        }
      }
    }
  });

  it('stands aside where Math.tanh rounds otherwise than the fdlibm it follows: the JavaScript kernel runs', async () => {
    const tanh = Math.tanh;
    const spy = vi.spyOn(Math, 'tanh').mockImplementation((x) => tanh(x) * (1 + 2 ** -52));
    try {
      // A fresh copy of the module: the check is made once per process.
      vi.resetModules();
      const fresh = await import('../src/recurrent/wasm/WasmGru.js');
      expect(fresh.WasmGru.create()).toBeNull();
    } finally {
      spy.mockRestore();
      vi.resetModules();
    }
  });

  it('is for inference only: backward() refuses to run after it', async () => {
    const model = await loadModel(DEFAULT_LIVE_MODEL_PATH);
    const m = model.meta;
    const net = new Network({ cell: m.cell, inputSize: m.inputSize, hiddenSize: m.hiddenSize, numLayers: m.numLayers, outputSize: m.labels.length }, model.params, 1, 1);
    expect(net.useWasmGru()).toBe(true);
    const logits = net.forward(1, new Float32Array(m.inputSize), null, null);
    const grads = Object.fromEntries(Object.entries(model.params).map(([k, v]) => [k, new Float32Array(v.length)]));
    expect(() => net.backward(new Float32Array(logits.length), grads)).toThrow(/inference only/);
  });
});
