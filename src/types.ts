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
  /** Number of frames if known (stream nb_frames, else duration × fps rounded), null for live/unknown. */
  frames: number | null;
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
   * frame is numbered round(time * fps) (0 when the frame rate is unknown) and later ones count up from it.
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

/** One labelled frame: the per-frame output of framewise (design.md §5, JSONL). */
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

/** A run of frames with one label; `end` is inclusive (design.md §5). */
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
  /** Free-form provenance: training command, data, date, metrics. */
  training?: Record<string, unknown>;
}

/** Truth file contents (design.md §5). */
export interface TruthFile {
  labels: string[];
  default?: string;
  fps: number;
  frames: number;
  segments: Array<{ label: string; start: number; end: number }>;
}
