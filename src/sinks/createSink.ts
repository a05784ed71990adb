import type { SegmentDecoderOptions } from '../labels/SegmentDecoder.js';
import { csvSink } from './csvSink.js';
import { jsonlSink } from './jsonlSink.js';
import { onlyEvents } from './onlyEvents.js';
import { cmx3600Edl } from './cmx3600Edl.js';
import { fcpxmlDocument } from './fcpxmlDocument.js';
import type { LabelSink, SceneFormat, SinkFormat } from './LabelSink.js';
import { otioTimeline } from './otioTimeline.js';
import type { SceneDocument } from './SceneDocument.js';
import { sceneListSink } from './sceneListSink.js';
import { scenesCsv } from './scenesCsv.js';
import { segmentsSink } from './segmentsSink.js';
import { srtSink } from './srtSink.js';
import { fileOutput, streamOutput, type TextOutput } from './textOutput.js';
import { vttSink } from './vttSink.js';

export interface CreateSinkOptions {
  /** Output file; with neither `out` nor `stream`, stdout. */
  out?: string;
  /** Output stream (left open on close: its owner ends it). Ignored when `out` is given. */
  stream?: NodeJS.WritableStream;
  /** Input name recorded in the segments document. */
  source?: string;
  /** Frame rate of the input (segments document; end of the last frame of a vtt/srt cue). */
  fps?: number;
  /** Frame count of the input, if known (segments document, when no frame was labelled). */
  frames?: number | null;
  /** Only events: no still/motion cues (vtt/srt) or rows (csv/jsonl). */
  eventsOnly?: boolean;
  /** jsonl: add when each frame left the decoder and its label was emitted (live runs). */
  timing?: boolean;
  /** How segments are formed for vtt, srt, segments and the scene formats (default: SegmentDecoder's defaults). */
  segments?: SegmentDecoderOptions;
  /** Picture size of the input (FCPXML). */
  width?: number | null;
  height?: number | null;
  /** Scene formats: split gradual transitions at their middle between the scenes (default: in neither). */
  splitGradual?: boolean;
  /** Scene formats: join scenes shorter than this many frames to a neighbour across a cut (default 0: none). */
  minSceneLength?: number;
}

const SCENE_WRITERS: Readonly<Record<SceneFormat, (doc: SceneDocument) => string>> = {
  'scenes-csv': scenesCsv,
  edl: cmx3600Edl,
  otio: otioTimeline,
  fcpxml: fcpxmlDocument,
};

/** A sink writing `format` to a file, a stream or stdout. A file that cannot be created is a UsageError. */
export function createSink(format: SinkFormat, opts: CreateSinkOptions = {}): LabelSink {
  if (format === 'segments') {
    return segmentsSink(opts.out !== undefined ? { path: opts.out } : streamOutput(opts.stream ?? process.stdout), {
      source: opts.source,
      fps: opts.fps,
      frames: opts.frames,
      segments: opts.segments,
    });
  }
  if (Object.hasOwn(SCENE_WRITERS, format)) {
    const { source, fps, width, height, segments, splitGradual, minSceneLength } = opts;
    const dest = opts.out !== undefined ? { path: opts.out } : streamOutput(opts.stream ?? process.stdout);
    return sceneListSink(dest, SCENE_WRITERS[format as SceneFormat], { source, fps, width, height, segments, splitGradual, minSceneLength });
  }
  const out: TextOutput = opts.out !== undefined ? fileOutput(opts.out) : streamOutput(opts.stream ?? process.stdout);
  const cue = { eventsOnly: opts.eventsOnly, fps: opts.fps, segments: opts.segments };
  const rows = (sink: LabelSink): LabelSink => (opts.eventsOnly ? onlyEvents(sink, opts.segments?.registry) : sink);
  switch (format) {
    case 'jsonl':
      return rows(jsonlSink(out, { timing: opts.timing }));
    case 'csv':
      return rows(csvSink(out));
    case 'vtt':
      return vttSink(out, cue);
    case 'srt':
      return srtSink(out, cue);
    default:
      throw new Error(`unknown format ${format}`);
  }
}
