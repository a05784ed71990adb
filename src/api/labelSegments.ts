import type { Readable } from 'node:stream';
import { defer, switchMap, type Observable } from 'rxjs';
import { labelRegistry } from '../labels/labelRegistry.js';
import type { SegmentDecoderOptions } from '../labels/SegmentDecoder.js';
import { toSegments } from '../labels/toSegments.js';
import { resolveModel } from '../recurrent/resolveModel.js';
import type { Segment } from '../types.js';
import { labelVideo, type LabelVideoOptions } from './labelVideo.js';

/**
 * Segments (runs of one label, end inclusive) of a video, each emitted as soon as it closes.
 * @param options - labelVideo's options, plus `segments`: how frames are grouped into segments
 *   (default: the model's label rules, from its label registry).
 */
export function labelSegments(
  input: string | Readable,
  options: LabelVideoOptions & { segments?: SegmentDecoderOptions } = {},
): Observable<Segment> {
  return defer(() => resolveModel(options.model)).pipe(
    switchMap((model) => labelVideo(input, { ...options, model }).pipe(toSegments({ registry: labelRegistry(model.meta), ...options.segments }))),
  );
}
