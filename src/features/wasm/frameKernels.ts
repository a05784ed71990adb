import { compiledModule } from '../../wasm/compiledModule.js';
import { FRAME_KERNELS_WASM_BASE64 } from './frameKernelsModule.js';

/** What frameKernels.wat exports. */
export interface FrameKernelsExports {
  memory: WebAssembly.Memory;
  repeat(cur: number, prev: number, w: number, h: number, chroma: number, colCell: number, rowCell: number, cols: number, cells: number, acc: number, changed: number, out: number): void;
  picture(data: number, luma: number, counts: number, g4: number, g16: number, edge: number, dil: number, tmp: number, small: number, out: number): void;
  differences(l: number, l1: number, l2: number, l4: number, e: number, dil: number, e1: number, dil1: number, grid: number, out: number): void;
  globalShift(luma: number, luma1: number, g16: number, g16_1: number, cellShifts: number, cellCount: number, fineShifts: number, fineCount: number, rx: number, ry: number, out: number): void;
  blockShifts(small: number, small1: number, shiftX: number, shiftY: number, out: number): void;
}

/** A new instance of the feature extractor's kernels (its own memory), or null where WebAssembly SIMD is missing. */
export function frameKernels(): FrameKernelsExports | null {
  const module = compiledModule(FRAME_KERNELS_WASM_BASE64);
  return module === null ? null : (new WebAssembly.Instance(module).exports as unknown as FrameKernelsExports);
}
