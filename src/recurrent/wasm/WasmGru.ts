import { compiledModule } from '../../wasm/compiledModule.js';
import { GRU_WASM_BASE64 } from './gruModule.js';

/** Bytes expMany and tanhMany keep between their passes (gru.wat: 32 pairs of 80 bytes). */
const PASSES_SCRATCH = 2560;

interface GruExports {
  memory: WebAssembly.Memory;
  gruForward(B: number, H: number, gi: number, gh: number, hPrev: number, hOut: number, scratch: number): void;
  expMany(n: number, x: number, y: number, scratch: number): void;
  tanhMany(n: number, x: number, y: number, scratch: number): void;
}

/** Whether gru.wat's exp and tanh agree with this runtime's Math.exp and Math.tanh (checked once). */
let agrees: boolean | undefined;

/**
 * gru.wat follows the fdlibm code V8 runs for Math.exp and Math.tanh, compiled without fused multiply-adds (as on
 * x86-64). A runtime whose Math functions round otherwise (a build that fuses them, another engine) would give other
 * last bits, so the JavaScript kernel must run there: probe values, most of which such a change would show in.
 */
function agreesWithMath(exports: GruExports): boolean {
  const n = 2048;
  const x = new Float64Array(exports.memory.buffer, 0, n);
  let s = 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = (s / 2 ** 32) * 80 - 40;
  }
  const y = new Float64Array(exports.memory.buffer, 8 * n, n);
  for (const [many, math] of [[exports.expMany, Math.exp], [exports.tanhMany, Math.tanh]] as const) {
    many(n, 0, 8 * n, 16 * n);
    for (let i = 0; i < n; i++) if (!Object.is(y[i], math(x[i]))) return false;
  }
  return true;
}

/**
 * The GRU step's pointwise part (gruCell.forward) in WebAssembly SIMD for inference: the same float64 operations in
 * the same order, with exp and tanh that give Math.exp's and Math.tanh's bits (gru.wat follows V8's fdlibm), so the
 * new state is the same float32 bits. It keeps no cache for a backward pass. The operands are copied in and the new
 * state out on every call. One instance per network.
 */
export class WasmGru {
  private readonly exports: GruExports;
  private heap: Float32Array;
  /** Floats of each operand area laid out so far (gi and gh [B, 3H], hPrev and hOut [B, H]), and the H of the scratch. */
  private gates = 0;
  private units = 0;
  private hidden = 0;

  private constructor(module: WebAssembly.Module) {
    this.exports = new WebAssembly.Instance(module).exports as unknown as GruExports;
    this.heap = new Float32Array(this.exports.memory.buffer);
  }

  /** A new instance, or null where WebAssembly SIMD is not available or Math.exp and Math.tanh round otherwise. */
  static create(): WasmGru | null {
    const module = compiledModule(GRU_WASM_BASE64);
    if (module === null) return null;
    const gru = new WasmGru(module);
    agrees ??= agreesWithMath(gru.exports);
    return agrees ? gru : null;
  }

  /** hOut [B, H] = the GRU's new state from the gate pre-activations gi, gh [B, 3H] and the state hPrev [B, H]. */
  forward(B: number, H: number, gi: Float32Array, gh: Float32Array, hPrev: Float32Array, hOut: Float32Array): void {
    const gates = B * 3 * H;
    const units = B * H;
    if (gates > this.gates || units > this.units || H > this.hidden) this.layOut(gates, units, H);
    // Float offsets: gi, gh, hPrev, hOut one after the other from 0, then the scratch.
    const gh0 = this.gates;
    const h0 = 2 * this.gates;
    const out0 = h0 + this.units;
    const heap = this.heap;
    heap.set(gi.length === gates ? gi : gi.subarray(0, gates), 0);
    heap.set(gh.length === gates ? gh : gh.subarray(0, gates), gh0);
    heap.set(hPrev.length === units ? hPrev : hPrev.subarray(0, units), h0);
    this.exports.gruForward(B, H, 0, gh0 * 4, h0 * 4, out0 * 4, this.scratchAt());
    hOut.set(heap.subarray(out0, out0 + units));
  }

  /** Bytes from 0 to the scratch (float64 [3H], then PASSES_SCRATCH bytes), 16-byte aligned. */
  private scratchAt(): number {
    return ((2 * this.gates + 2 * this.units) * 4 + 15) & ~15;
  }

  private layOut(gates: number, units: number, H: number): void {
    this.gates = Math.max(gates, this.gates);
    this.units = Math.max(units, this.units);
    this.hidden = Math.max(H, this.hidden);
    const memory = this.exports.memory;
    const missing = this.scratchAt() + 3 * this.hidden * 8 + PASSES_SCRATCH - memory.buffer.byteLength;
    if (missing > 0) {
      memory.grow(Math.ceil(missing / 65536));
      this.heap = new Float32Array(memory.buffer);
    }
  }
}
