import { labelRegistry } from './labelRegistry.js';

/** The label set of the default model, in output order. */
export const DEFAULT_LABELS = [
  'still',
  'motion',
  'cut',
  'fade_out',
  'black',
  'fade_in',
  'dissolve',
  'wipe',
  'freeze',
] as const;

export type DefaultLabel = (typeof DEFAULT_LABELS)[number];

/** The registry of the default label set: what stages use when they are given no model's. */
export const DEFAULT_LABEL_REGISTRY = labelRegistry({ labels: [...DEFAULT_LABELS] });

/** Transitions that span several frames; the segment stage merges adjacent fragments of these. */
export const GRADUAL_LABELS: readonly string[] = Object.freeze(DEFAULT_LABEL_REGISTRY.withRole('gradual'));

/** Labels that describe the inside of a shot rather than an event. */
export const IN_SHOT_LABELS: readonly string[] = Object.freeze(DEFAULT_LABEL_REGISTRY.withRole('in-shot'));
