import type { FeatureFrame } from './FeatureFrame.js';
import type { FeatureLayout } from './FeatureLayout.js';

/** How an extractor computes (not what: every choice gives the same values). */
export interface ExtractorOptions {
  /** Run the passes written in WebAssembly SIMD where the runtime has it (default true); false: JavaScript only. */
  readonly wasm?: boolean;
}

/** Writes a stage's values for the current frame into `out`, from `out[offset]` on (as many as the stage names). */
export type StageWriter = (frame: FeatureFrame, out: Float32Array, offset: number) => void;

/**
 * One step of a feature version: the named values it writes, in order, and how to compute them. A version is an
 * ordered list of stages; its vector is their values, stage after stage.
 */
export interface FeatureStage {
  /** Identifies the stage in errors. */
  readonly id: string;
  /** Names of the values it writes, in vector order. */
  readonly names: readonly string[];
  /**
   * One extractor's instance of the stage: any buffers and history it keeps, and its writer. `layout` is the
   * version's, for a stage that reads values earlier stages wrote (see FeatureLayout.input).
   */
  create(layout: FeatureLayout, options: ExtractorOptions): StageWriter;
}
