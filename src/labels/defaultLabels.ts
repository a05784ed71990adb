/** The label set of the default model (design.md §4), in output order. */
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

/** Transitions that span several frames; the segment stage merges adjacent fragments of these. */
export const GRADUAL_LABELS: readonly string[] = ['fade_out', 'fade_in', 'dissolve', 'wipe'];

/** Labels that describe the inside of a shot rather than an event. */
export const IN_SHOT_LABELS: readonly string[] = ['still', 'motion'];
