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

/** Compares per-frame label indices (into `labels`) of several videos at once. */
export function frameMetrics(truth: Int32Array[], pred: Int32Array[], labels: string[]): FrameMetrics {
  const n = labels.length;
  const confusion = labels.map(() => new Array<number>(n).fill(0));
  let frames = 0;
  let correct = 0;
  truth.forEach((t, v) => {
    const p = pred[v];
    if (p.length !== t.length) throw new Error(`video ${v}: ${p.length} predicted frames for ${t.length} true frames`);
    for (let i = 0; i < t.length; i++) {
      confusion[t[i]][p[i]]++;
      if (t[i] === p[i]) correct++;
    }
    frames += t.length;
  });
  const scores = labelScores(confusion);
  const perLabel: Record<string, LabelScore> = Object.fromEntries(labels.map((label, k) => [label, scores[k]]));
  return {
    labels,
    frames,
    accuracy: frames ? correct / frames : 0,
    macroF1: macroF1(confusion),
    perLabel,
    confusion,
  };
}
