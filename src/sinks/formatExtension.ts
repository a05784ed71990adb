import type { SinkFormat } from './LabelSink.js';

/** The file extension each output format is written with when framewise names the file itself. */
export const FORMAT_EXTENSION: Readonly<Record<SinkFormat, string>> = {
  jsonl: '.jsonl',
  csv: '.csv',
  vtt: '.vtt',
  srt: '.srt',
  segments: '.json',
  'scenes-csv': '.scenes.csv',
  edl: '.edl',
  otio: '.otio',
  fcpxml: '.fcpxml',
};
