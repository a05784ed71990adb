import type { Readable } from 'node:stream';
import type { Observable } from 'rxjs';
import type { SegmentBuilderOptions } from '../labels/SegmentBuilder.js';
import { toSegments } from '../labels/toSegments.js';
import type { Segment } from '../types.js';
import { labelVideo, type LabelVideoOptions } from './labelVideo.js';

/**
 * Segments (runs of one label, end inclusive) of a video, each emitted as soon as it closes.
 * @param options - labelVideo's options, plus `segments`: how frames are grouped into segments
 *   (gradual-transition merging, minimum lengths; default: SegmentBuilder's defaults).
 */
export function labelSegments(
  input: string | Readable,
  options: LabelVideoOptions & { segments?: SegmentBuilderOptions } = {},
): Observable<Segment> {
  return labelVideo(input, options).pipe(toSegments(options.segments));
}
