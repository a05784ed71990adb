import { compiledModule } from '../../wasm/compiledModule.js';
import { GRU_WASM_BASE64 } from './gruModule.js';

/** Bytes expMany and tanhMany keep between their passes (gru.wat: 32 pairs of 80 bytes). */
const PASSES_SCRATCH = 2560;

interface GruExports {
  memory: WebAssembly.Memory;
  gruForward(B: number, H: number, gi: number, gh: number, hPrev: number, hOut: number, scratch: number): void;
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

  /** A new instance, or null where WebAssembly SIMD is not available. */
  static create(): WasmGru | null {
    const module = compiledModule(GRU_WASM_BASE64);
    return module === null ? null : new WasmGru(module);
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
