/**
 * The live page server with its browser-camera runs composed here: each connection's frames are a live frames
 * source through labelStream (own recurrent state, own keep-newest queue), like any other source.
 */
import { startLiveServer, type LiveServer, type LiveServerOptions } from '../src/live/liveServer.js';
import { framesSource } from '../src/source/framesSource.js';
import { labelStream } from './labelStream.js';

export interface LivePageOptions extends Omit<LiveServerOptions, 'labelCamera'> {
  /** Per-connection keep-newest queue for camera frames (default 2). */
  queue?: number;
}

export function startLivePage(opts: LivePageOptions): Promise<LiveServer> {
  const { queue = 2, ...server } = opts;
  return startLiveServer({
    ...server,
    labelCamera: (frames, stats) =>
      labelStream({ source: framesSource(frames, { live: true, name: 'browser camera' }), model: opts.model, queue, stats }),
  });
}
