interface FileState {
  weight: number;
  frames: number;
  /** Frames its probe expects (null: unknown). */
  expected: number | null;
  finished: boolean;
}

/**
 * How much of a run over several files is done: each file weighs its size in bytes (a URL or an empty file, whose
 * size says nothing, the mean of the others), a finished file counts whole and a running one by its frames against
 * the frames its probe expects (nothing while unknown).
 */
export class FilesShare {
  private readonly files = new Map<string, FileState>();
  private readonly total: number;

  /** `sizes`: each file's name and size in bytes (0: unknown). */
  constructor(sizes: ReadonlyArray<readonly [string, number]>) {
    const known = sizes.map(([, b]) => b).filter((b) => b > 0);
    const mean = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 1;
    for (const [name, b] of sizes) this.files.set(name, { weight: b > 0 ? b : mean, frames: 0, expected: null, finished: false });
    this.total = [...this.files.values()].reduce((a, f) => a + f.weight, 0);
  }

  expect(file: string, frames: number | null): void {
    this.state(file).expected = frames;
  }

  frame(file: string): void {
    this.state(file).frames++;
  }

  finish(file: string): void {
    this.state(file).finished = true;
  }

  /** The share done, 0 to 1. */
  get done(): number {
    let done = 0;
    for (const f of this.files.values()) done += f.finished ? f.weight : f.expected ? f.weight * Math.min(1, f.frames / f.expected) : 0;
    return this.total > 0 ? done / this.total : 1;
  }

  private state(file: string): FileState {
    const f = this.files.get(file);
    if (!f) throw new RangeError(`${file} is not one of the files`);
    return f;
  }
}
