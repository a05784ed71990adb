/** Per-frame classification metrics (design.md §6): accuracy, macro-F1 over labels, confusion matrix. */

export interface LabelScore {
  precision: number;
  recall: number;
  f1: number;
  /** Number of frames whose true label is this one. */
  support: number;
}

export interface FrameMetrics {
  labels: string[];
  frames: number;
  accuracy: number;
  /** Mean F1 over the labels that occur in the truth. */
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
  const perLabel: Record<string, LabelScore> = {};
  const present: number[] = [];
  labels.forEach((label, k) => {
    const tp = confusion[k][k];
    const support = confusion[k].reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[k], 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perLabel[label] = { precision, recall, f1, support };
    if (support > 0) present.push(f1);
  });
  return {
    labels,
    frames,
    accuracy: frames ? correct / frames : 0,
    macroF1: present.length ? present.reduce((a, b) => a + b, 0) / present.length : 0,
    perLabel,
    confusion,
  };
}
