import { MemoryAreas } from '../../wasm/MemoryAreas.js';
import { frameKernels, type FrameKernelsExports } from './frameKernels.js';

/**
 * The exact-repeat pass of one extractor (stages/exactRepeat.ts) in WebAssembly SIMD: one frame's yuv420p bytes
 * against the previous frame's, which it keeps in its memory (two frame slots used in turn). Integer arithmetic
 * only: the counts are exactly the JavaScript pass's.
 */
export class FrameRepeat {
  /** Of the last frame compared: the largest difference of a byte (Y, U or V). */
  max = 0;
  /** Bytes equal to the frame before's, and differing by at most 2. */
  zeros = 0;
  small = 0;
  /** Cells of the Y grid in which no byte changed. */
  staticCells = 0;
  private readonly exports: FrameKernelsExports;
  private width = -1;
  private height = -1;
  /** Byte offsets of: the results (4 x i32), the grid tables, the scratch, the two frame slots. */
  private out = 0;
  private colCell = 0;
  private rowCell = 0;
  private acc = 0;
  private changed = 0;
  private slots: [number, number] = [0, 0];
  private cols = 0;
  private cells = 0;
  private bytesView = new Uint8Array(0);
  private results = new Int32Array(0);

  private constructor(exports: FrameKernelsExports) {
    this.exports = exports;
  }

  /** A new instance, or null where WebAssembly SIMD is not available. */
  static create(): FrameRepeat | null {
    const exports = frameKernels();
    return exports === null ? null : new FrameRepeat(exports);
  }

  /**
   * Compares `data` (w x h yuv420p) with the previous frame given (with itself when `first`), on a grid of
   * `cols` x `rows` cells over Y (column x in cell column ⌊x·cols/w⌋, row y in ⌊y·rows/h⌋), and keeps it. The
   * results are in `max`, `zeros`, `small` and `staticCells`.
   */
  compare(data: Uint8Array, w: number, h: number, cols: number, rows: number, first: boolean): void {
    if (w !== this.width || h !== this.height || cols !== this.cols || cols * rows !== this.cells) this.layout(data.length, w, h, cols, rows);
    const [cur, prev] = this.slots;
    this.bytesView.set(data, cur);
    // The first frame is compared with itself.
    this.exports.repeat(cur, first ? cur : prev, w, h, data.length - w * h, this.colCell, this.rowCell, this.cols, this.cells, this.acc, this.changed, this.out);
    this.slots = [prev, cur];
    const r = this.results;
    this.max = r[0];
    this.zeros = r[1];
    this.small = r[2];
    this.staticCells = r[3];
  }

  private layout(bytes: number, w: number, h: number, cols: number, rows: number): void {
    this.width = w;
    this.height = h;
    this.cols = cols;
    this.cells = cols * rows;
    // The first 64 bytes are left unused, so that no offset is 0; slack after the areas the vector loops run over.
    const a = new MemoryAreas(64);
    this.out = a.take(16);
    this.colCell = a.take(w);
    this.rowCell = a.take(h);
    this.acc = a.take(w, 16);
    this.changed = a.take(this.cells);
    this.slots = [a.take(bytes, 16), a.take(bytes, 16)];
    const end = a.end;
    const memory = this.exports.memory;
    if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536));
    this.bytesView = new Uint8Array(memory.buffer);
    this.results = new Int32Array(memory.buffer, this.out, 4);
    for (let x = 0; x < w; x++) this.bytesView[this.colCell + x] = Math.floor((x * cols) / w);
    for (let y = 0; y < h; y++) this.bytesView[this.rowCell + y] = Math.floor((y * rows) / h);
  }
}
