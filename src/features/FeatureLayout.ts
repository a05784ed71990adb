import type { FeatureStage } from './FeatureStage.js';

/** A feature version: a name and the stages whose values make its vector, in order. */
export interface FeatureVersion {
  readonly name: string;
  readonly stages: readonly FeatureStage[];
}

/** Where each stage of a version writes: the vector's names, offsets and size, derived from the declaration. */
export class FeatureLayout {
  readonly version: string;
  readonly stages: readonly FeatureStage[];
  /** One name per dimension, in vector order. */
  readonly names: readonly string[];
  /** [stages.length] index in the vector of each stage's first value. */
  readonly offsets: readonly number[];
  readonly dim: number;
  private readonly index = new Map<string, number>();

  constructor(version: FeatureVersion) {
    this.version = version.name;
    this.stages = version.stages;
    const names: string[] = [];
    const offsets: number[] = [];
    for (const stage of version.stages) {
      offsets.push(names.length);
      for (const name of stage.names) {
        if (this.index.has(name)) throw new Error(`feature version ${version.name}: ${stage.id} writes "${name}" again`);
        this.index.set(name, names.length);
        names.push(name);
      }
    }
    this.names = names;
    this.offsets = offsets;
    this.dim = names.length;
  }

  /** The vector index of `name`, a value that `reader` reads: written by a stage before it, so already computed. */
  input(name: string, reader: FeatureStage): number {
    const i = this.index.get(name);
    const at = this.offsets[this.stages.indexOf(reader)];
    if (i === undefined || at === undefined || i >= at) {
      throw new Error(`feature version ${this.version}: ${reader.id} reads "${name}", which no stage before it writes`);
    }
    return i;
  }

  /** The vector index of the first of `names`, values that `reader` reads, which must lie together in that order. */
  inputRun(names: readonly string[], reader: FeatureStage): number {
    const first = this.input(names[0], reader);
    names.forEach((name, k) => {
      if (this.input(name, reader) !== first + k) {
        throw new Error(`feature version ${this.version}: ${reader.id} reads ${names.join(', ')} together, but they are not in order`);
      }
    });
    return first;
  }
}
