import { map, type Observable } from 'rxjs';
import { UsageError } from '../errors.js';
import type { Frame } from '../types.js';
import type { FrameRequest, Source } from './Source.js';

export interface FramesSourceOptions {
  name?: string;
  /** True when the frames come in real time and cannot wait (e.g. a browser camera). Default false. */
  live?: boolean;
}

/**
 * Frames your own code already has (decoded elsewhere, drawn, sent by a browser): each must already be at the
 * model's analysis size (rgb24 or yuv420p), else the run fails with a usage error naming the frame.
 */
export function framesSource(frames: Observable<Frame>, opts: FramesSourceOptions = {}): Source {
  return {
    name: opts.name ?? 'frames',
    live: opts.live ?? false,
    probe: () => Promise.resolve(null),
    frames: (req: FrameRequest) =>
      frames.pipe(
        map((f) => {
          if (f.width !== req.width || f.height !== req.height) {
            throw new UsageError('E_USAGE', `frame ${f.index} is ${f.width}x${f.height}; the model needs ${req.width}x${req.height}`);
          }
          return f;
        }),
      ),
  };
}
