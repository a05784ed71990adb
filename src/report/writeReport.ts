/**
 * The report edge: from the labels of a whole run, write either the HTML report (timeline, score plot, segment
 * thumbnails, tables, optionally the video) or the timeline alone as PNG. The run itself is composed in
 * pipelines/writeReport.ts.
 */
import { constants } from 'node:fs';
import { access, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { isUrlInput } from '../decode/isUrlInput.js';
import { redactUrl } from '../source/redactUrl.js';
import { UsageError } from '../errors.js';
import type { ReportData } from './ReportData.js';
import { renderReportHtml } from './renderReportHtml.js';
import { segmentThumbnails } from './segmentThumbnails.js';
import { timelinePng } from './timelinePng.js';

export type ReportFormat = 'html' | 'png';

export interface ReportFileOptions {
  /** Output file. */
  out: string;
  format?: ReportFormat;
  /** Seconds skipped at the start (--start), for the thumbnails. */
  start?: number;
  duration?: number;
  /** HTML: link the input in a <video> the timeline seeks (default true). */
  video?: boolean;
  /** Shown in the report's header. */
  modelPath?: string;
  /** Thumbnail width in pixels (default 160). */
  thumbnailWidth?: number;
  /** PNG: image width in pixels (default 1600). */
  width?: number;
  signal?: AbortSignal;
}

export interface ReportResult {
  data: ReportData;
  /** Thumbnails embedded in the HTML (0 for PNG). */
  thumbnails: number;
  bytes: number;
}

/**
 * How the report links the input: relative to the report's folder (portable with both), URLs as they are but
 * without a user name or password (a report is shared; the browser asks for credentials when it needs them).
 */
export function videoHref(input: string, out: string): string {
  if (isUrlInput(input)) {
    try {
      const url = new URL(input);
      url.username = '';
      url.password = '';
      return url.href;
    } catch {
      return redactUrl(input);
    }
  }
  const rel = relative(dirname(resolve(out)), resolve(input)).split(sep).join('/');
  return rel.split('/').map(encodeURIComponent).join('/');
}

/** Refuses an output folder that cannot be written, before minutes of labelling rather than after. */
export async function checkReportOut(out: string): Promise<void> {
  await access(dirname(resolve(out)), constants.W_OK).catch((err: unknown) => {
    throw new UsageError('E_USAGE', `cannot write report ${out}: ${(err as Error).message}`, { cause: err });
  });
}

export async function writeReportFile(input: string, data: ReportData, opts: ReportFileOptions): Promise<ReportResult> {
  const format = opts.format ?? 'html';
  let bytes: Buffer | string;
  let thumbnails = 0;
  if (format === 'png') {
    bytes = await timelinePng(data, { width: opts.width ?? 1600 });
  } else {
    const thumbs = await segmentThumbnails(input, data.segments, {
      info: data.info,
      width: opts.thumbnailWidth,
      start: opts.start,
      duration: opts.duration,
      signal: opts.signal,
    });
    thumbnails = thumbs.size;
    bytes = renderReportHtml(data, {
      thumbnails: thumbs,
      videoHref: opts.video === false || input === '-' ? undefined : videoHref(input, opts.out),
      model: opts.modelPath,
    });
  }
  try {
    await writeFile(opts.out, bytes);
  } catch (err) {
    throw new UsageError('E_USAGE', `cannot write report ${opts.out}: ${(err as Error).message}`, { cause: err });
  }
  return { data, thumbnails, bytes: Buffer.byteLength(bytes) };
}
