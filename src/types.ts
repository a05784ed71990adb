/**
 * The data that flows between framewise's stages:
 * source ──► decode (Frame) ──► features (FeatureVector) ──► recurrent (FrameScores)
 *        ──► labels (LabelEvent) ──► segments (Segment) ──► sinks.
 */

/** What ffprobe tells about an input before decoding starts. */
export interface VideoInfo {
  /** Full-size picture width in pixels. */
  width: number;
  /** Full-size picture height in pixels. */
  height: number;
  /** Average frames per second (from avg_frame_rate, else r_frame_rate). */
  fps: number;
  /**
   * The stream is constant-rate: its base rate equals its average rate (ffprobe r_frame_rate = avg_frame_rate; ffmpeg's
   * "tbr" = "fps"). Frames are then numbered from their times, so frames the decoder drops leave gaps in the numbers.
   */
  constantRate?: boolean;
  /**
   * Number of frames if known: the stream's nb_frames, or duration × fps rounded where there is none or it clearly
   * exceeds that (it then counts packets an edit list hides); null for live/unknown.
   */
  frames: number | null;
  /** `frames` is the container's own count (nb_frames), not an estimate: a decode that yields fewer is damaged. */
  framesCounted?: boolean;
  /** Duration in seconds, null for live/unknown. */
  duration: number | null;
  /** Video codec name as ffprobe reports it, e.g. "h264". */
  codec: string;
}

/** Pixel layouts a Frame can carry: packed RGB, or planar Y then U then V at half size (BT.601 limited range, as ffmpeg writes it). */
export type PixelFormat = 'rgb24' | 'yuv420p';

/** One decoded frame at analysis size. */
export interface Frame {
  /**
   * 0-based frame number in the source, on the same origin as `time`: with --start, the first decoded
   * frame is numbered round(time * fps) (0 when the frame rate is unknown). Later ones count up from it: in decode
   * order for a variable-rate input; from their times for a constant-rate one (`VideoInfo.constantRate`), so a frame
   * after a stretch the decoder dropped keeps the source's number (the numbers then have a gap).
   */
  index: number;
  /** Presentation time in seconds from the start of the input. */
  time: number;
  /** Analysis width in pixels. */
  width: number;
  /** Analysis height in pixels. */
  height: number;
  /** Layout of `data`. */
  format: PixelFormat;
  /**
   * Pixels, row-major, owned by this frame (never reused): rgb24 [height * width * 3];
   * yuv420p [height * width + 2 * ceil(height / 2) * ceil(width / 2)].
   */
  data: Uint8Array;
  /** performance.now() when the frame left the decoder (for latency measurements). */
  decodedAt: number;
}

/** Per-frame features, before normalisation. */
export interface FeatureVector {
  index: number;
  time: number;
  /** [dim] raw feature values, layout given by the FeatureSpec that produced them. */
  values: Float32Array;
  decodedAt: number;
}

/** Output of the recurrent stage for one frame: already aligned to the frame it describes (delay honoured). */
export interface FrameScores {
  index: number;
  time: number;
  /** [labels.length] class probabilities (softmax), in the model's label order. */
  probs: Float32Array;
  decodedAt: number;
}

/** One labelled frame: the per-frame output of framewise (JSONL, docs/architecture.md "Formats"). */
export interface LabelEvent {
  /** 0-based frame index. */
  frame: number;
  /** Frame time in seconds. */
  time: number;
  /** The winning label. */
  label: string;
  /** Probability of the winning label. */
  score: number;
  /** Probability of every label of the model. */
  scores: Record<string, number>;
  /** performance.now() when the frame left the decoder. */
  decodedAt?: number;
  /** performance.now() when this label was emitted. */
  emittedAt?: number;
}

/** A run of frames with one label; `end` is inclusive. */
export interface Segment {
  label: string;
  start: number;
  end: number;
  start_time: number;
  end_time: number;
  /** Mean probability of the label over the segment's frames. */
  score: number;
}

/** How features are computed from frames; stored in the model file so labelling uses the training-time recipe. */
export interface FeatureSpec {
  /** Name and version of the extractor, e.g. "fw-v2". */
  name: string;
  /** Analysis width the frames are scaled to by ffmpeg. */
  width: number;
  /** Analysis height the frames are scaled to by ffmpeg. */
  height: number;
  /** Length of the feature vector. */
  dim: number;
}

export type CellType = 'rnn' | 'gru' | 'lstm';

/**
 * What a label is to the stages after the network: `in-shot` describes the inside of a shot (still, motion); `point`
 * is a single-frame transition, a change from the frame before (cut); `gradual` a transition over several frames
 * (fade, dissolve, wipe); `hold` an event that is not a transition (black, freeze).
 */
export type LabelRole = 'in-shot' | 'point' | 'gradual' | 'hold';

/**
 * Counts over the segments of one label in truth files (src/labels/countSegmentStats.ts): how long they last and
 * which label comes next. The segment decoder turns them into priors (docs/segments.md).
 */
export interface SegmentStats {
  /** [length in frames, number of segments of that length], by length. */
  lengths: Array<[number, number]>;
  /** Number of segments followed directly by a segment of each other label. */
  next: Record<string, number>;
}

/** Everything framewise knows about one label (src/labels/labelRegistry.ts). */
export interface LabelInfo {
  role: LabelRole;
  /** Shortest segment in frames the segment decoder may make of the label (a hard limit; docs/segments.md). */
  minFrames: number;
  /** `#rrggbb`, the same in the report, the timeline, the overlay video and the live page. */
  colour: string;
  /** Name for people (at most 64 characters). */
  displayName: string;
  /** The one label a segment of this label may be followed by (besides the end of the stream). */
  followedBy?: string;
  /** A label that may not come right after this one: that frame goes to one of the two segments instead. */
  joinsNext?: string;
  /**
   * The labels a segment of this label may be followed by, by editing practice (docs/segments.md); absent: by role
   * (any other label; after a point label, no point label). `followedBy` and `joinsNext` narrow it further.
   */
  successors?: string[];
  /** What truth files say about the label's segments: the segment decoder's duration and succession priors. */
  stats?: SegmentStats;
  /** How an editor's timeline shows a gradual transition of this label (EDL, OTIO, FCPXML); default `dissolve`. */
  editAs?: 'dissolve' | 'wipe';
}

/** Everything about a model except its weights: stored as metadata in the safetensors file. */
export interface ModelMeta {
  format: 'framewise-model';
  version: 1;
  cell: CellType;
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  /** Output delay (look-ahead) in frames: the label for frame t is produced after frame t+delay is seen. */
  delay: number;
  /** Label names in output order. */
  labels: string[];
  feature: FeatureSpec & {
    /** [dim] mean used for normalisation: x' = (x - mean) / std. */
    mean: number[];
    /** [dim] standard deviation used for normalisation (never 0). */
    std: number[];
  };
  /** Per-label overrides of the shipped label defaults (src/labels/labelRegistry.ts), keyed by label name. */
  labelInfo?: Record<string, Partial<LabelInfo>>;
  /** Free-form provenance: training command, data, date, metrics. */
  training?: Record<string, unknown>;
}

/** Truth file contents (docs/architecture.md, "Formats"). */
export interface TruthFile {
  labels: string[];
  default?: string;
  fps: number;
  frames: number;
  segments: Array<{ label: string; start: number; end: number }>;
}
