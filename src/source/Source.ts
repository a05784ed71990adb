import type { Observable } from 'rxjs';
import type { FlowControl } from '../decode/FlowControl.js';
import type { Frame, PixelFormat, VideoInfo } from '../types.js';

/** What the labeller needs from a source: pictures at the model's analysis size and layout. */
export interface FrameRequest {
  width: number;
  height: number;
  pixelFormat: PixelFormat;
  signal?: AbortSignal;
  /** Lossless backpressure for a consumer that cannot keep up (a source that can wait honours it). */
  flow?: FlowControl;
  /** Called once with the input's description, when the source learns it. */
  onInfo?: (info: VideoInfo) => void;
}

/**
 * Where frames come from: the first stage of every run (Source → Labeller → Sinks, docs/architecture.md).
 * Each subscription to `frames()` is one independent read of the source.
 */
export interface Source {
  /** Names the source in messages and outputs (credentials never included). */
  readonly name: string;
  /**
   * True when the source cannot wait for a slow consumer (a camera, a network stream): frames that arrive while
   * the labeller is busy are dropped (keep-newest). False when it can (a file, a pipe): it gets backpressure and
   * every frame is labelled.
   */
  readonly live: boolean;
  /** The input's description before decoding, when it can be had without consuming the source; null otherwise. */
  probe(signal?: AbortSignal): Promise<VideoInfo | null>;
  frames(request: FrameRequest): Observable<Frame>;
}

/** Tells a Source from a description of one (options, a LiveSource). */
export function isSource(s: object): s is Source {
  return typeof (s as Partial<Source>).frames === 'function' && typeof (s as Partial<Source>).probe === 'function';
}
