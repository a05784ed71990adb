/** Per-frame classification metrics: accuracy, macro-F1 over labels, confusion matrix. */
import { labelScores, macroF1, type LabelScore } from './macroF1.js';

export type { LabelScore } from './macroF1.js';

export interface FrameMetrics {
  labels: string[];
  frames: number;
  accuracy: number;
  /** Mean F1 over the labels that occur in the truth (macroF1.ts). */
  macroF1: number;
  perLabel: Record<string, LabelScore>;
  /** [labels][labels] frame counts, row = true label, column = predicted label. */
  confusion: number[][];
}

/** The [labels][labels] frame counts of one video (row = true label index, column = predicted). */
export function confusionOf(truth: Int32Array, pred: Int32Array, labels: number): number[][] {
  if (pred.length !== truth.length) throw new Error(`${pred.length} predicted frames for ${truth.length} true frames`);
  const confusion = Array.from({ length: labels }, () => new Array<number>(labels).fill(0));
  for (let i = 0; i < truth.length; i++) confusion[truth[i]][pred[i]]++;
  return confusion;
}

/** The metrics of several videos from their confusions (each as confusionOf gives it), summed. */
export function frameMetricsOf(labels: string[], confusions: readonly (readonly number[][])[]): FrameMetrics {
  const n = labels.length;
  const confusion = labels.map(() => new Array<number>(n).fill(0));
  for (const c of confusions) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) confusion[i][j] += c[i][j];
  let frames = 0;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    correct += confusion[i][i];
    for (let j = 0; j < n; j++) frames += confusion[i][j];
  }
  const scores = labelScores(confusion);
  return {
    labels,
    frames,
    accuracy: frames ? correct / frames : 0,
    macroF1: macroF1(confusion),
    perLabel: Object.fromEntries(labels.map((label, k) => [label, scores[k]])),
    confusion,
  };
}

/** Compares per-frame label indices (into `labels`) of several videos at once. */
export function frameMetrics(truth: Int32Array[], pred: Int32Array[], labels: string[]): FrameMetrics {
  return frameMetricsOf(labels, truth.map((t, v) => confusionOf(t, pred[v], labels.length)));
}
