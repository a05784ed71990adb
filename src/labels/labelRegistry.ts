/**
 * What each label of a model means to the stages after the network (segment rules, transition scoring, cue
 * filtering, calibration, colours), in one place. A model file may carry per-label overrides (`labelInfo`); every
 * other label takes the shipped defaults below by name, and a label they do not name is a `hold`: an event that is
 * not a transition, may last one frame and gets a hue from its position (exactly how such labels were treated
 * before labels carried roles: shown by event-only cues, not scored as a transition, never merged).
 */
import type { LabelInfo, LabelRole, ModelMeta } from '../types.js';

export const LABEL_ROLES: readonly LabelRole[] = ['in-shot', 'point', 'gradual', 'hold'];

/**
 * The shipped label set. Colours read at a glance (in-shot labels muted, transitions saturated).
 * Minimum lengths: gradual fragments shorter than 5 frames (0.2 s at 25 fps) are mostly false alarms inside real
 * shots (raising the minimum from 3 to 5 took the default model's validation transition F1 from 0.962 to 0.967, the
 * live model's from 0.926 to 0.937; 6 was worse). A lone `still` or `motion` frame is mostly a slow stretch of a fade
 * or dissolve that would otherwise split it into two events (a minimum of 2 took validation transition F1 from 0.971
 * to 0.975, the live model's from 0.933 to 0.935; 3 was the same). Every other label (cut and freeze included) may
 * last one frame.
 * fade_out → black: a fade out ends in black (or a solid colour, also `black`); a "fade out" into anything else is
 * an exposure ramp or the start of a dissolve. On validation, with the minimum lengths above, all four of the
 * default model's false fades out were such strays and no true one was lost (transition F1 0.975 → 0.978, the live
 * model's 0.935 → 0.941).
 * cut joins black: a hard cut into black makes the first solid frame `black`, not `cut` (fixtures/README.md), so a
 * `cut` frame with a black frame right after it is where the black begins. On validation footage full of flashes
 * one of the default model's five false cuts was such a frame; nothing else changed on validation.
 */
export const SHIPPED_LABEL_INFO: Readonly<Record<string, Readonly<LabelInfo>>> = Object.freeze({
  still: { role: 'in-shot', minFrames: 2, colour: '#9aa5b1', displayName: 'still' },
  motion: { role: 'in-shot', minFrames: 2, colour: '#4c8bf5', displayName: 'motion' },
  cut: { role: 'point', minFrames: 1, colour: '#e53935', displayName: 'cut', joinsNext: 'black' },
  fade_out: { role: 'gradual', minFrames: 5, colour: '#7e57c2', displayName: 'fade_out', followedBy: 'black' },
  black: { role: 'hold', minFrames: 1, colour: '#263238', displayName: 'black' },
  fade_in: { role: 'gradual', minFrames: 5, colour: '#26a69a', displayName: 'fade_in' },
  dissolve: { role: 'gradual', minFrames: 5, colour: '#fb8c00', displayName: 'dissolve' },
  wipe: { role: 'gradual', minFrames: 5, colour: '#43a047', displayName: 'wipe', editAs: 'wipe' },
  freeze: { role: 'hold', minFrames: 1, colour: '#00bcd4', displayName: 'freeze' },
} satisfies Record<string, LabelInfo>);

/** The rules the segment stage takes from a registry (SegmentBuilderOptions' fields of the same names). */
export interface SegmentRules {
  gradualLabels: string[];
  pointLabels: string[];
  minFrames: Record<string, number>;
  followedBy: Record<string, string>;
  joinsNext: Record<string, string>;
}

/** A mid-saturation colour of hue `h` degrees (golden-angle steps keep neighbours apart). */
function hueColour(h: number): string {
  const s = 0.65;
  const l = 0.5;
  const k = (n: number): number => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): number => l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1));
  const hex = (v: number): string => Math.round(v * 255).toString(16).padStart(2, '0');
  return `#${hex(f(0))}${hex(f(8))}${hex(f(4))}`;
}

/** The defaults of a label at `position` in its model (position only picks the colour of a label without one). */
function defaultInfo(label: string, position: number): LabelInfo {
  const shipped = SHIPPED_LABEL_INFO[label] as LabelInfo | undefined;
  if (shipped) return { ...shipped };
  return { role: 'hold', minFrames: 1, colour: hueColour((position * 137.508) % 360), displayName: label };
}

/** A label set with what each label means; immutable. */
export class LabelRegistry {
  /** Label names in the model's output order. */
  readonly labels: readonly string[];
  private readonly infos: ReadonlyMap<string, Readonly<LabelInfo>>;

  constructor(labels: readonly string[], labelInfo: Readonly<Record<string, Partial<LabelInfo>>> = {}) {
    this.labels = Object.freeze([...labels]);
    const infos = new Map<string, Readonly<LabelInfo>>();
    labels.forEach((label, i) => {
      const own = Object.hasOwn(labelInfo, label) ? labelInfo[label] : {};
      const set = Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined)) as Partial<LabelInfo>;
      infos.set(label, Object.freeze({ ...defaultInfo(label, i), ...set }));
    });
    this.infos = infos;
  }

  /** What `label` means; a label outside the set gets the defaults (colour as if it came after the set). */
  info(label: string): Readonly<LabelInfo> {
    return this.infos.get(label) ?? defaultInfo(label, this.labels.length);
  }

  role(label: string): LabelRole {
    return this.info(label).role;
  }

  colour(label: string): string {
    return this.info(label).colour;
  }

  /** The labels of the set with one of `roles`, in label order. */
  withRole(...roles: LabelRole[]): string[] {
    return this.labels.filter((l) => roles.includes(this.role(l)));
  }

  /** Transitions (point and gradual labels), in label order: the kinds of event that eval scores. */
  transitionLabels(): string[] {
    return this.withRole('point', 'gradual');
  }

  /**
   * A hold that some gradual label must end in (its `followedBy`: black after a fade out). Such a hold is part of a
   * transition rather than of a shot: the scene list counts it with the transitions next to it.
   */
  isTransitionHold(label: string): boolean {
    if (this.role(label) !== 'hold') return false;
    return this.labels.some((l) => this.role(l) === 'gradual' && this.info(l).followedBy === label);
  }

  /** The first point label (the one whose logit training calibrates), or null. */
  pointLabel(): string | null {
    return this.withRole('point')[0] ?? null;
  }

  /** `#rrggbb` of every label of the set, in label order. */
  colours(): Record<string, string> {
    return Object.fromEntries(this.labels.map((l) => [l, this.colour(l)]));
  }

  /** The segment stage's rules for this set. */
  segmentRules(): SegmentRules {
    const rules: SegmentRules = { gradualLabels: this.withRole('gradual'), pointLabels: this.withRole('point'), minFrames: {}, followedBy: {}, joinsNext: {} };
    for (const l of this.labels) {
      const info = this.info(l);
      if (info.minFrames !== 1) rules.minFrames[l] = info.minFrames;
      if (info.followedBy !== undefined) rules.followedBy[l] = info.followedBy;
      if (info.joinsNext !== undefined) rules.joinsNext[l] = info.joinsNext;
    }
    return rules;
  }
}

/** The registry of a model: its labels, its `labelInfo` overrides, the shipped defaults for the rest. */
export function labelRegistry(meta: Pick<ModelMeta, 'labels' | 'labelInfo'>): LabelRegistry {
  return new LabelRegistry(meta.labels, meta.labelInfo);
}
