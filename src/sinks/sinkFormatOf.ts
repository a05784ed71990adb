import { extname } from 'node:path';
import { UsageError } from '../errors.js';
import type { SinkFormat } from './LabelSink.js';

const BY_EXTENSION: Readonly<Record<string, SinkFormat>> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
  '.vtt': 'vtt',
  '.srt': 'srt',
  '.json': 'segments',
};

/**
 * The output format: the one asked for, else the one the output file's extension names, else JSONL. A format
 * that contradicts a known extension (JSONL into out.csv) is refused rather than written.
 */
export function sinkFormatOf(out: string | undefined, asked: SinkFormat | undefined): SinkFormat {
  const implied = out === undefined ? undefined : BY_EXTENSION[extname(out).toLowerCase()];
  if (asked !== undefined && implied !== undefined && asked !== implied) {
    throw new UsageError('E_USAGE', `--format ${asked} does not match the output file ${out} (${implied}); change one of them`);
  }
  return asked ?? implied ?? 'jsonl';
}
