/**
 * Per-label precision, recall and F1 of a confusion matrix, and their macro mean: one definition for training's early
 * stopping, calibration and eval, so that a "macro-F1" means the same number everywhere.
 */

export interface LabelScore {
  precision: number;
  recall: number;
  f1: number;
  /** Number of frames whose true label is this one. */
  support: number;
}

/** Scores of each label of a square confusion matrix (row = true label, column = predicted label). */
export function labelScores(confusion: readonly ArrayLike<number>[]): LabelScore[] {
  return confusion.map((row, k) => {
    const tp = row[k];
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < confusion.length; j++) {
      support += row[j];
      predicted += confusion[j][k];
    }
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1, support };
  });
}

/**
 * Mean F1 over the labels that occur in the truth (a label only predicted counts through the precision of the true
 * labels it was predicted for); 0 for an empty matrix.
 */
export function macroF1(confusion: readonly ArrayLike<number>[]): number {
  const present = labelScores(confusion).filter((s) => s.support > 0);
  return present.length ? present.reduce((a, s) => a + s.f1, 0) / present.length : 0;
}
