/**
 * What each label of a model means to the stages after the network (segment rules, transition scoring, cue
 * filtering, calibration, colours), in one place. A model file may carry per-label overrides (`labelInfo`); every
 * other label takes the shipped defaults below by name, and a label they do not name is a `hold`: an event that is
 * not a transition, may last one frame and gets a hue from its position (exactly how such labels were treated
 * before labels carried roles: shown by event-only cues, not scored as a transition, never merged).
 */
import type { LabelInfo, LabelRole, ModelMeta, SegmentStats } from '../types.js';
import { SHIPPED_SEGMENT_STATS } from './shippedSegmentStats.js';

export const LABEL_ROLES: readonly LabelRole[] = ['in-shot', 'point', 'gradual', 'hold'];

/**
 * The shipped label set. Colours read at a glance (in-shot labels muted, transitions saturated).
 *
 * `successors`: which label may come right after a segment of each label, by editing practice and the label table
 * (fixtures/README.md, "Which frame carries which label"); the segment decoder never makes any other succession
 * (docs/segments.md). The picture at a segment's edges decides:
 * - inside a shot (still, motion, freeze) anything may come next that starts from a picture of a shot: the camera
 *   starts or stops moving, the picture freezes or resumes, a hard cut, a fade out, a dissolve or a wipe begins, or a
 *   hard cut into black (whose first solid frame is `black`, not `cut`). Not a fade in: it starts from a solid frame.
 * - a cut is the first frame of a new shot, so that shot follows (moving, still, or frozen on its first frame). A
 *   second cut, black or a transition on the next frame would make a one-frame shot, which this label set does not
 *   describe (two cut frames in a row are one run).
 * - a fade out ends in a solid frame (`black`, of any colour); with no solid frame at all the fade out runs straight
 *   into the fade in (a dip that never reaches black).
 * - solid frames end with a fade in or a hard cut to a shot (whose first frame is `cut`) — or, in camera footage,
 *   with no edit at all: the picture comes back when a lens is uncovered, a light comes on or a camera that started
 *   on black frames has its first picture.
 * - a fade in, dissolve or wipe ends in the incoming shot (moving, still, or frozen from its first whole frame, as
 *   after a cut: a dissolve into a freeze frame); an editor may also cut away on the very next frame (a cut right
 *   after a dissolve). Two gradual transitions back to back (a dissolve into a wipe) never show the middle
 *   shot, which is not an edit editors make; a dissolve into black is a fade out.
 * A segment at the end of the stream needs no successor (a fade out at the end of a video).
 *
 * `minFrames` is a hard limit: 1 everywhere, since a one-frame dissolve or black is a real edit. How long a segment
 * usually lasts comes from `stats` instead (shippedSegmentStats.ts, counted on generated truth), a soft prior: a
 * confident short run survives, a doubtful one does not.
 */
export const SHIPPED_LABEL_INFO: Readonly<Record<string, Readonly<LabelInfo>>> = Object.freeze({
  still: { role: 'in-shot', minFrames: 1, colour: '#9aa5b1', displayName: 'still', successors: ['motion', 'cut', 'fade_out', 'black', 'dissolve', 'wipe', 'freeze'] },
  motion: { role: 'in-shot', minFrames: 1, colour: '#4c8bf5', displayName: 'motion', successors: ['still', 'cut', 'fade_out', 'black', 'dissolve', 'wipe', 'freeze'] },
  cut: { role: 'point', minFrames: 1, colour: '#e53935', displayName: 'cut', successors: ['still', 'motion', 'freeze'] },
  fade_out: { role: 'gradual', minFrames: 1, colour: '#7e57c2', displayName: 'fade_out', successors: ['black', 'fade_in'] },
  black: { role: 'hold', minFrames: 1, colour: '#263238', displayName: 'black', successors: ['still', 'motion', 'cut', 'fade_in', 'freeze'] },
  fade_in: { role: 'gradual', minFrames: 1, colour: '#26a69a', displayName: 'fade_in', successors: ['still', 'motion', 'cut', 'freeze'] },
  dissolve: { role: 'gradual', minFrames: 1, colour: '#fb8c00', displayName: 'dissolve', successors: ['still', 'motion', 'cut', 'freeze'] },
  wipe: { role: 'gradual', minFrames: 1, colour: '#43a047', displayName: 'wipe', editAs: 'wipe', successors: ['still', 'motion', 'cut', 'freeze'] },
  freeze: { role: 'hold', minFrames: 1, colour: '#00bcd4', displayName: 'freeze', successors: ['still', 'motion', 'cut', 'fade_out', 'black', 'dissolve', 'wipe'] },
} satisfies Record<string, LabelInfo>);

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
  // Own keys only: a label named like an Object member (`toString`, `__proto__`) is not a shipped one.
  const shipped = Object.hasOwn(SHIPPED_LABEL_INFO, label) ? (SHIPPED_LABEL_INFO[label] as LabelInfo) : undefined;
  if (shipped) {
    const stats = Object.hasOwn(SHIPPED_SEGMENT_STATS.labels, label) ? (SHIPPED_SEGMENT_STATS.labels[label] as SegmentStats) : undefined;
    return stats ? { ...shipped, stats } : { ...shipped };
  }
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
   * The labels a segment of `label` may be followed by, in label order. By role, any other label (after a point
   * label, no point label). A `successors` list narrows that among the labels that carry such lists too (the shipped
   * ones; a label of a model's own set, without a list, may follow and be followed by anything its role allows),
   * unless it leaves nothing of this set. Then `followedBy` narrows it to one label, and `joinsNext` takes one out.
   */
  successors(label: string): string[] {
    const info = this.info(label);
    const point = this.role(label) === 'point';
    let next = this.labels.filter((l) => l !== label && !(point && this.role(l) === 'point'));
    const listed = info.successors;
    if (listed) {
      const narrowed = next.filter((l) => listed.includes(l) || this.info(l).successors === undefined);
      if (narrowed.length > 0) next = narrowed;
    }
    return next.filter((l) => (info.followedBy === undefined || info.followedBy === l) && info.joinsNext !== l);
  }

  /**
   * A hold that a gradual label which never ends in a shot is said to lead into (its `followedBy`, or its `successors`
   * with no in-shot label among them: black after a fade out). Such a hold is part of a transition rather than of a
   * shot: the scene list counts it with the transitions next to it. A freeze after a dissolve is the incoming shot.
   */
  isTransitionHold(label: string): boolean {
    if (this.role(label) !== 'hold') return false;
    return this.labels.some((l) => {
      if (this.role(l) !== 'gradual') return false;
      const { followedBy, successors } = this.info(l);
      return followedBy === label || (successors !== undefined && successors.includes(label) && !successors.some((n) => this.role(n) === 'in-shot'));
    });
  }

  /** The first point label (the one whose logit training calibrates), or null. */
  pointLabel(): string | null {
    return this.withRole('point')[0] ?? null;
  }

  /** `#rrggbb` of every label of the set, in label order. */
  colours(): Record<string, string> {
    return Object.fromEntries(this.labels.map((l) => [l, this.colour(l)]));
  }
}

/** The registry of a model: its labels, its `labelInfo` overrides, the shipped defaults for the rest. */
export function labelRegistry(meta: Pick<ModelMeta, 'labels' | 'labelInfo'>): LabelRegistry {
  return new LabelRegistry(meta.labels, meta.labelInfo);
}
