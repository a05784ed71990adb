import { extname } from 'node:path';
import { UsageError } from '../errors.js';
import type { SinkFormat } from './LabelSink.js';

/** The formats an extension may hold; the first is the one it implies. */
const BY_EXTENSION: Readonly<Record<string, readonly SinkFormat[]>> = {
  '.jsonl': ['jsonl'],
  '.ndjson': ['jsonl'],
  '.csv': ['csv', 'scenes-csv'],
  '.vtt': ['vtt'],
  '.srt': ['srt'],
  '.json': ['segments'],
  '.edl': ['edl'],
  '.otio': ['otio'],
  '.fcpxml': ['fcpxml'],
};

/**
 * The output format: the one asked for, else the one the output file's extension names, else JSONL. A format
 * that contradicts a known extension (JSONL into out.csv) is refused rather than written.
 */
export function sinkFormatOf(out: string | undefined, asked: SinkFormat | undefined): SinkFormat {
  const ext = out === undefined ? '' : extname(out).toLowerCase();
  const held = Object.hasOwn(BY_EXTENSION, ext) ? BY_EXTENSION[ext] : undefined;
  if (asked !== undefined && held !== undefined && !held.includes(asked)) {
    throw new UsageError('E_USAGE', `--format ${asked} does not match the output file ${out} (${held.join(' or ')}); change one of them`);
  }
  return asked ?? held?.[0] ?? 'jsonl';
}
