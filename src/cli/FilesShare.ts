/**
 * How much of a run over several files is done: each file weighs its size in bytes (a URL or an empty file, whose
 * size says nothing, the mean of the others), a finished file counts whole and a running one by its frames against
 * the frames its probe expects (nothing while unknown).
 */
export class FilesShare {
  /** [files] each file's weight, and the sum. */
  private readonly weights: number[];
  private readonly total: number;
  /** [files] frames labelled, frames expected (null: unknown), ended. */
  private readonly frames: number[];
  private readonly expected: Array<number | null>;
  private readonly finished: boolean[];

  constructor(sizes: readonly number[]) {
    const known = sizes.filter((b) => b > 0);
    const mean = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 1;
    this.weights = sizes.map((b) => (b > 0 ? b : mean));
    this.total = this.weights.reduce((a, b) => a + b, 0);
    this.frames = sizes.map(() => 0);
    this.expected = sizes.map(() => null);
    this.finished = sizes.map(() => false);
  }

  expect(file: number, frames: number | null): void {
    this.expected[file] = frames;
  }

  frame(file: number): void {
    this.frames[file]++;
  }

  finish(file: number): void {
    this.finished[file] = true;
  }

  /** The share done, 0 to 1. */
  get done(): number {
    let done = 0;
    this.weights.forEach((w, i) => {
      const e = this.expected[i];
      done += this.finished[i] ? w : e ? w * Math.min(1, this.frames[i] / e) : 0;
    });
    return this.total > 0 ? done / this.total : 1;
  }
}
