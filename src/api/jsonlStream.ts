import { Readable } from 'node:stream';
import { jsonlSink } from '../sinks/jsonlSink.js';
import { events, type EventsOptions } from './events.js';

/** A Node Readable of JSONL lines (one label event per frame), with backpressure: `jsonlStream(f).pipe(res)`. */
export function jsonlStream(input: string | Readable, options: EventsOptions = {}): Readable {
  async function* lines(): AsyncGenerator<string> {
    // The JSONL sink formats each event into `line`; the Readable does the writing, at the reader's pace.
    let line = '';
    const format = jsonlSink({ write: (text) => (line = text), close: async () => {} });
    for await (const ev of events(input, options)) {
      format.write(ev);
      yield line;
    }
  }
  return Readable.from(lines(), { objectMode: false });
}
