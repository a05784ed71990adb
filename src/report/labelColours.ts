import { labelRegistry } from '../labels/labelRegistry.js';
import type { ModelMeta } from '../types.js';

/**
 * `#rrggbb` for each label, in the given order: the label registry's colours (src/labels/labelRegistry.ts), shared by
 * the HTML report, the timeline PNG, the overlay video and the live page so a label looks the same everywhere.
 */
export function labelColours(labels: readonly string[], labelInfo?: ModelMeta['labelInfo']): Record<string, string> {
  return labelRegistry({ labels: [...labels], labelInfo }).colours();
}
