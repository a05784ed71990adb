/**
 * `framewise report` and the library's writeReport: label an input (runLabelling: a file source, the report as a
 * whole-run sink), then draw the HTML report or the timeline PNG from every label.
 */
import type { Model } from '../src/recurrent/model.js';
import { resolveModel } from '../src/recurrent/resolveModel.js';
import { withSensitivity, type Sensitivity } from '../src/recurrent/withSensitivity.js';
import { reportDataOf } from '../src/report/reportDataOf.js';
import { checkReportOut, writeReportFile, type ReportFileOptions, type ReportResult } from '../src/report/writeReport.js';
import { checkOutputPath } from '../src/sinks/checkOutputPath.js';
import { wholeRunSink } from '../src/sinks/wholeRunSink.js';
import { fileSource } from '../src/source/fileSource.js';
import { InputError } from '../src/errors.js';
import type { LabelEvent, VideoInfo } from '../src/types.js';
import { runLabelling } from './runLabelling.js';

export type { ReportFormat } from '../src/report/writeReport.js';

export interface WriteReportOptions extends ReportFileOptions {
  /** A model, or the path of a model file. */
  model: Model | string;
  /** Offsets on the transition labels' logits (withSensitivity); default none: the model as it is. */
  sensitivity?: Sensitivity;
  info?: VideoInfo;
  onInfo?: (info: VideoInfo | null) => void;
  onEvent?: (ev: LabelEvent) => void;
}

export type { ReportResult };

export async function writeReport(input: string, opts: WriteReportOptions): Promise<ReportResult> {
  await checkReportOut(opts.out);
  checkOutputPath(opts.out, { inputs: typeof opts.model === 'string' ? [input, opts.model] : [input], wholeFile: false, purpose: 'report' });
  const model = withSensitivity(await resolveModel(opts.model), opts.sensitivity);
  let result: ReportResult | null = null;
  await runLabelling({
    source: fileSource(input, { start: opts.start, duration: opts.duration, info: opts.info }),
    model,
    signal: opts.signal,
    onInfo: opts.onInfo,
    onEvent: opts.onEvent,
    sinks: [
      ({ info }) =>
        wholeRunSink(async (events) => {
          if (!info) throw new InputError('E_INPUT_INVALID', `${input} could not be probed, and the report needs its size and frame rate`);
          result = await writeReportFile(input, reportDataOf(input, info, model.meta, events, opts.start), opts);
        }),
    ],
  });
  if (!result) throw new Error('the report was not written');
  return result;
}
