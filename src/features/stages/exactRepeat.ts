import type { FeatureFrame } from '../FeatureFrame.js';
import type { ExtractorOptions, FeatureStage, StageWriter } from '../FeatureStage.js';
import { G16 } from '../thumbnail.js';
import { FrameRepeat } from '../wasm/FrameRepeat.js';

/** The static-cell grid at full size: 16x9, or fewer cells on frames too small for that. */
const gridCols = (w: number): number => Math.min(16, w);
const gridRows = (h: number): number => Math.min(9, h);

/** Writes the five values from the pass's counts. */
function writeValues(out: Float32Array, o: number, bytes: number, repMax: number, zeros: number, small: number, staticCells: number, cells: number): void {
  out[o] = repMax / 255;
  out[o + 1] = (bytes - zeros) / bytes;
  out[o + 2] = (bytes - small) / bytes;
  out[o + 3] = repMax === 0 ? 1 : 0;
  out[o + 4] = staticCells / cells;
}

/**
 * One extractor's exact-repeat state: the previous frame's bytes and the static-cell grid of the frame size. The
 * five values come from one pass over the raw bytes, so they are one stage: in WebAssembly SIMD where available
 * (FrameRepeat, the same counts), otherwise in JavaScript.
 */
function create(_layout: unknown, options: ExtractorOptions): StageWriter {
  const simd = options.wasm === false ? null : FrameRepeat.create();
  if (simd !== null) {
    return (f: FeatureFrame, out: Float32Array, o: number): void => {
      const { data, width: w, height: h } = f;
      const cols = gridCols(w);
      const rows = gridRows(h);
      simd.compare(data, w, h, cols, rows, f.seen === 0);
      writeValues(out, o, data.length, simd.max, simd.zeros, simd.small, simd.staticCells, cols * rows);
    };
  }
  return javascriptPass();
}

function javascriptPass(): StageWriter {
  let width = 0;
  let height = 0;
  /** [frame bytes] previous frame's Y, U and V bytes. */
  let prev = new Uint8Array(0);
  /** [repCols] end (exclusive) of the Y columns of each column of the (up to) 16x9 grid. */
  let repColEnd = new Int32Array(0);
  /** [height] row of the (up to) 16x9 grid each Y row falls in. */
  let repRow = new Uint8Array(0);
  let repCols = 1;
  let repCells = 1;
  /** [repCells] non-zero if any Y byte of that cell changed vs t-1. */
  const repChanged = new Uint8Array(G16);
  /** [256] 1 where some byte differed from t-1 by that much. */
  const seen = new Uint8Array(256);

  function resize(w: number, h: number, bytes: number): void {
    width = w;
    height = h;
    prev = new Uint8Array(bytes);
    repCols = gridCols(w);
    const repRows = gridRows(h);
    repCells = repCols * repRows;
    repColEnd = new Int32Array(repCols);
    repRow = new Uint8Array(h);
    for (let x = 0; x < w; x++) repColEnd[Math.floor((x * repCols) / w)] = x + 1;
    for (let y = 0; y < h; y++) repRow[y] = Math.floor((y * repRows) / h);
  }

  return (f: FeatureFrame, out: Float32Array, o: number): void => {
    const { data, width: w, height: h } = f;
    if (w !== width || h !== height) resize(w, h, data.length);
    if (f.seen === 0) prev.set(data);
    const uBase = w * h;
    // Locals, not the closure's variables, in the loops over every byte.
    const prevBytes = prev;
    const colEnd = repColEnd;
    const rowCell = repRow;
    const cols = repCols;
    // Only the largest difference and the counts of differences 0 and ≤ 2 are needed: counted with integer
    // arithmetic ((a - 1) >>> 31 is 1 exactly when a is 0), and the largest read off a table of the differences seen
    // (plain stores: no read-modify-write chain through memory when the same difference repeats, as it does).
    // Math.abs (not `d < 0 ? -d : d`) because V8 compiles it to branch-free integer code: the sign of noisy
    // differences is unpredictable, and mispredicted branches were ~40% of the extractor's time.
    repChanged.fill(0);
    seen.fill(0);
    let zeros = 0;
    let small = 0;
    for (let y = 0, i = 0; y < h; y++) {
      const cellRow = rowCell[y] * cols;
      // Cell by cell along the row, so that "changed" is ORed in a local, not read-modified-written per pixel.
      for (let c = 0, x = 0; c < cols; c++) {
        let cellChanged = 0;
        for (const end = colEnd[c]; x < end; x++, i++) {
          const a = Math.abs(data[i] - prevBytes[i]);
          seen[a] = 1;
          zeros += (a - 1) >>> 31;
          small += (a - 3) >>> 31;
          cellChanged |= a;
        }
        repChanged[cellRow + c] |= cellChanged;
      }
    }
    for (let i = uBase, e = data.length; i < e; i++) {
      const a = Math.abs(data[i] - prevBytes[i]);
      seen[a] = 1;
      zeros += (a - 1) >>> 31;
      small += (a - 3) >>> 31;
    }
    let repMax = 255;
    while (repMax > 0 && seen[repMax] === 0) repMax--;
    prev.set(data);
    let staticCells = 0;
    for (let c = 0; c < repCells; c++) staticCells += repChanged[c] === 0 ? 1 : 0;
    writeValues(out, o, data.length, repMax, zeros, small, staticCells, repCells);
  };
}

/** Exact repeat vs t-1 at full analysis size, on raw Y, U and V bytes: what separates `freeze` from `still`. */
export const exactRepeat: FeatureStage = {
  id: 'exactRepeat',
  names: ['rep_max', 'rep_changed', 'rep_changed2', 'rep_exact', 'rep_static_cells'],
  create,
};
