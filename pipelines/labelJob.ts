/**
 * One queued job, as a queue worker runs it: the video labelled by `labelToOutputs` (the pipeline of
 * `framewise label`) into every requested format at once, each output written under a temporary name in the shared
 * folder and renamed into place only when the whole run succeeded, so a reader of --out-dir never sees a partial
 * output, whichever worker wrote it and however the others ended.
 */
import { renameSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, extname, join } from 'node:path';
import { UsageError } from '../src/errors.js';
import { createOutDir } from '../src/sinks/createOutDir.js';
import { labelRegistry } from '../src/labels/labelRegistry.js';
import { SegmentDecoder } from '../src/labels/SegmentDecoder.js';
import type { LabelJobData, LabelJobProgress, LabelJobResult } from '../src/queue/LabelJob.js';
import { resolveModel } from '../src/recurrent/resolveModel.js';
import type { SinkFormat } from '../src/sinks/LabelSink.js';
import { FORMAT_EXTENSION } from '../src/sinks/formatExtension.js';
import { labelToOutputs } from './labelToOutputs.js';

export interface LabelJobOptions {
  signal?: AbortSignal;
  onProgress?: (p: LabelJobProgress) => void;
}

/** Progress is stored in Redis: at most this often. */
const PROGRESS_EVERY_MS = 500;

/**
 * Where a job's output in `format` goes: `<outDir>/<input name>.<8 hex digits of its content hash><ext>`, so two
 * videos of the same name from different folders do not overwrite each other's outputs.
 */
export function labelJobOutput(data: LabelJobData, format: SinkFormat): string {
  const stem = basename(data.input, extname(data.input));
  return join(data.outDir, `${stem}.${data.contentHash.slice(0, 8)}${format === 'segments' ? '.segments.json' : FORMAT_EXTENSION[format]}`);
}

export async function labelJob(data: LabelJobData, opts: LabelJobOptions = {}): Promise<LabelJobResult> {
  if (data.formats.length === 0) throw new UsageError('E_USAGE', 'a label job needs at least one format');
  const model = await resolveModel(data.model);
  createOutDir(data.outDir, 'the output folder');
  const outputs = data.formats.map((format) => {
    const out = labelJobOutput(data, format);
    return { format, out, partial: join(data.outDir, `.${basename(out)}.${hostname()}-${process.pid}.partial`) };
  });
  const decoder = new SegmentDecoder({ registry: labelRegistry(model.meta) });
  const segments: Record<string, number> = {};
  const count = (list: readonly { label: string }[]): void => list.forEach((s) => (segments[s.label] = (segments[s.label] ?? 0) + 1));
  const t0 = performance.now();
  let total: number | null = null;
  let frames = 0;
  let reported = -Infinity;
  const progress = (): void => {
    reported = performance.now();
    opts.onProgress?.({ frames, total, fps: frames / Math.max(1e-3, (reported - t0) / 1000) });
  };
  try {
    const [first, ...rest] = outputs;
    const run = await labelToOutputs(data.input, {
      model,
      format: first.format,
      out: first.partial,
      also: rest.map((o) => ({ format: o.format, out: o.partial })),
      eventsOnly: data.eventsOnly,
      signal: opts.signal,
      onInfo: (info) => {
        total = info?.frames ?? null;
        progress();
      },
      onEvent: (ev) => {
        frames++;
        count(decoder.push(ev));
        if (performance.now() - reported >= PROGRESS_EVERY_MS) progress();
      },
    });
    count(decoder.flush());
    progress();
    for (const o of outputs) renameSync(o.partial, o.out);
    return {
      input: data.input,
      frames: run.frames,
      fps: run.info?.fps ?? null,
      seconds: Math.round(performance.now() - t0) / 1000,
      segments,
      outputs: outputs.map((o) => o.out),
      worker: `${hostname()}:${process.pid}`,
    };
  } finally {
    for (const o of outputs) rmSync(o.partial, { force: true });
  }
}
