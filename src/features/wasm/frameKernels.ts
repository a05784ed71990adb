import { FRAME_KERNELS_WASM_BASE64 } from './frameKernelsModule.js';

/** What frameKernels.wat exports. */
export interface FrameKernelsExports {
  memory: WebAssembly.Memory;
  repeat(cur: number, prev: number, w: number, h: number, chroma: number, colCell: number, rowCell: number, cols: number, cells: number, acc: number, changed: number, out: number): void;
  picture(data: number, luma: number, counts: number, g4: number, g16: number, edge: number, dil: number, tmp: number, small: number, out: number): void;
  differences(l: number, l1: number, l2: number, l4: number, e: number, dil: number, e1: number, dil1: number, grid: number, out: number): void;
}

/** Compiled once per process; null where WebAssembly SIMD is missing. */
let compiled: WebAssembly.Module | null | undefined;

/** A new instance of the feature extractor's kernels (its own memory), or null where WebAssembly SIMD is missing. */
export function frameKernels(): FrameKernelsExports | null {
  if (compiled === undefined) {
    const bytes = Buffer.from(FRAME_KERNELS_WASM_BASE64, 'base64');
    compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  return compiled === null ? null : (new WebAssembly.Instance(compiled).exports as unknown as FrameKernelsExports);
}
