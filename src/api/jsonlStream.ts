import { Readable } from 'node:stream';
import { jsonlLine } from '../sinks/jsonlSink.js';
import { events, type EventsOptions } from './events.js';

/** A Node Readable of JSONL lines (one label event per frame), with backpressure: `jsonlStream(f).pipe(res)`. */
export function jsonlStream(input: string | Readable, options: EventsOptions = {}): Readable {
  async function* lines(): AsyncGenerator<string> {
    // Same lines as the JSONL sink; the Readable does the writing, at the reader's pace.
    for await (const ev of events(input, options)) yield jsonlLine(ev);
  }
  return Readable.from(lines(), { objectMode: false });
}
