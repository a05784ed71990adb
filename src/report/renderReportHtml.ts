/**
 * The HTML report as one self-contained page: inline CSS, inline script, inline SVG, thumbnails as data
 * URIs. It needs no server and makes no network request; the only external reference is the optional
 * <video> pointing at the labelled input (relative path), which the segment strip and table seek.
 */
import { basename } from 'node:path';
import type { ReportData } from './ReportData.js';
import { frameEnds } from './frameTimes.js';
import { labelRegistry } from '../labels/labelRegistry.js';
import { redactUrl } from '../source/redactUrl.js';
import { clock, esc } from './markup.js';
import { scorePlotSvg } from './scorePlotSvg.js';
import { summarise } from './summarise.js';
import { thumbnailFrames, type Thumbnail } from './segmentThumbnails.js';
import { timelineSvg } from './timelineSvg.js';

export interface ReportHtmlOptions {
  /** Thumbnails by frame index (segmentThumbnails). Missing ones are left out. */
  thumbnails?: Map<number, Thumbnail>;
  /** Link for the embedded <video> (relative to the report, or a URL); none: no video. */
  videoHref?: string;
  /** Drawing width of the timeline and plot in CSS pixels (they scale to the page). Default 1200. */
  width?: number;
  /** Extra provenance line, e.g. the model file. */
  model?: string;
}

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:24px;color:#222;background:#fff}
h1{font-size:20px;margin:0 0 4px} h2{font-size:16px;margin:28px 0 8px}
.meta{color:#555;font-size:13px}
.figure svg{width:100%;height:auto;display:block}
#timeline .seg{cursor:pointer} #timeline .seg:hover{opacity:.8}
#tip{position:fixed;pointer-events:none;background:#222;color:#fff;font-size:12px;padding:4px 7px;border-radius:4px;display:none;white-space:nowrap;z-index:2}
video{max-width:100%;max-height:360px;background:#000;display:block}
table{border-collapse:collapse;font-size:13px} td,th{padding:4px 8px;border-bottom:1px solid #e5e5e5;text-align:left;vertical-align:middle}
th{background:#f5f5f5} td.num{text-align:right;font-variant-numeric:tabular-nums}
.chip{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;vertical-align:-1px}
#segments tbody tr{cursor:pointer} #segments tbody tr:hover{background:#f3f7ff}
.thumbs img{margin-right:4px;border:1px solid #ccc;display:inline-block;vertical-align:middle}
`;

/** The page's script: pointer → frame lookup for the tooltip, clicks → seek, playback → cursor. */
const SCRIPT = `
(() => {
  const d = JSON.parse(document.getElementById('fw-data').textContent);
  const video = document.getElementById('video');
  const tip = document.getElementById('tip');
  const state = { segments: document.querySelectorAll('#timeline .seg').length, seeks: 0, lastSeek: null, hover: null };
  window.framewise = state;
  const frameAt = (t) => { let lo = 0, hi = d.t.length - 1; while (lo < hi) { const m = (lo + hi + 1) >> 1; if (d.t[m] <= t) lo = m; else hi = m - 1; } return lo; };
  const seek = (t) => { state.seeks++; state.lastSeek = t; if (video) { video.currentTime = Math.max(0, t - d.origin); } };
  const timeAtPointer = (svg, e) => { const r = svg.getBoundingClientRect(); const sx = (e.clientX - r.left) * (svg.viewBox.baseVal.width / r.width); return d.t0 + (sx - d.x0) / d.w * (d.t1 - d.t0); };
  const cursors = [];
  for (const fig of document.querySelectorAll('.figure svg')) {
    const line = document.createElementNS('http://www.w3.org/2000/svg', 'line');
    line.setAttribute('y1', '0'); line.setAttribute('y2', String(fig.viewBox.baseVal.height));
    line.setAttribute('stroke', '#000'); line.setAttribute('stroke-width', '1.5'); line.style.display = 'none';
    fig.appendChild(line); cursors.push(line);
    fig.addEventListener('mousemove', (e) => {
      const t = timeAtPointer(fig, e);
      if (t < d.t0 || t > d.t1 || d.t.length === 0) { tip.style.display = 'none'; return; }
      const i = frameAt(t); state.hover = i;
      tip.textContent = 'frame ' + (d.f0 + i) + ' · ' + d.t[i].toFixed(3) + ' s · ' + d.labels[d.l[i]] + ' ' + (d.s[i] / 1000).toFixed(3);
      tip.style.display = 'block'; tip.style.left = (e.clientX + 12) + 'px'; tip.style.top = (e.clientY + 14) + 'px';
    });
    fig.addEventListener('mouseleave', () => { tip.style.display = 'none'; });
  }
  for (const el of document.querySelectorAll('[data-t]')) el.addEventListener('click', () => seek(Number(el.getAttribute('data-t'))));
  if (video) video.addEventListener('timeupdate', () => {
    const t = video.currentTime + d.origin;
    const x = d.x0 + (t - d.t0) / (d.t1 - d.t0) * d.w;
    for (const c of cursors) { c.setAttribute('x1', String(x)); c.setAttribute('x2', String(x)); c.style.display = t >= d.t0 && t <= d.t1 ? '' : 'none'; }
  });
})();
`;

function dataUri(t: Thumbnail): string {
  return `data:image/jpeg;base64,${t.jpeg.toString('base64')}`;
}

/** JSON inside <script>: `<` escaped so no label can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function renderReportHtml(data: ReportData, opts: ReportHtmlOptions = {}): string {
  const width = opts.width ?? 1200;
  const registry = labelRegistry(data);
  const colours = registry.colours();
  // A label's name for people (its labelInfo displayName; the label itself by default).
  const shown = (label: string): string => esc(registry.info(label).displayName);
  const ends = frameEnds(data.events, data.info.fps);
  const timeline = timelineSvg(data, { width, stripHeight: 44 });
  const plot = scorePlotSvg(data, { width, height: 150 });
  const labelIndex = new Map(data.labels.map((l, i) => [l, i]));
  const pageData = {
    labels: data.labels,
    // Per frame: time (s), winning label index, score ×1000: enough for the tooltip, compact for long inputs.
    t: data.events.map((e) => Math.round(e.time * 1000) / 1000),
    l: data.events.map((e) => labelIndex.get(e.label) ?? 0),
    s: data.events.map((e) => Math.round(e.score * 1000)),
    f0: data.events[0]?.frame ?? 0,
    t0: timeline.t0,
    t1: timeline.t1,
    x0: timeline.x0,
    w: timeline.stripWidth,
    // The <video> plays the whole input, whose clock starts at 0 like the frame times.
    origin: 0,
  };
  const chip = (label: string): string => `<span class="chip" style="background:${colours[label] ?? '#000'}"></span>`;
  const info = data.info;
  const labelled = ends.length > 0 ? ends[ends.length - 1] - data.events[0].time : 0;

  const summaryRows = summarise(data)
    .map(
      (r) =>
        `<tr><td>${chip(r.label)}${shown(r.label)}</td><td class="num">${r.segments}</td><td class="num">${r.frames}</td><td class="num">${r.seconds.toFixed(2)}</td><td class="num">${labelled > 0 ? ((100 * r.seconds) / labelled).toFixed(1) : '0.0'}%</td></tr>`,
    )
    .join('\n');

  const segmentRows = data.segments
    .map((s, i) => {
      const end = ends[s.end] ?? s.end_time;
      const imgs = thumbnailFrames(s)
        .map((f) => opts.thumbnails?.get(f))
        .filter((t): t is Thumbnail => t !== undefined)
        .map((t) => `<img class="thumb" src="${dataUri(t)}" width="${t.width}" height="${t.height}" alt="frame ${t.frame}" title="frame ${t.frame}">`)
        .join('');
      return `<tr data-t="${s.start_time}" data-seg="${i}"><td class="num">${i + 1}</td><td>${chip(s.label)}${shown(s.label)}</td><td class="num">${s.start}–${s.end}</td><td class="num">${clock(s.start_time, 3)}</td><td class="num">${clock(end, 3)}</td><td class="num">${(end - s.start_time).toFixed(3)}</td><td class="num">${s.score.toFixed(3)}</td><td class="thumbs">${imgs}</td></tr>`;
    })
    .join('\n');

  // A URL's credentials never reach the page (the basename of "http://user:pw@host" is "user:pw@host").
  const name = basename(redactUrl(data.source));
  const facts = [
    `${info.width}×${info.height}`,
    `${Number(info.fps.toFixed(3))} fps`,
    `${data.events.length} frames labelled`,
    `${labelled.toFixed(2)} s${data.start > 0 ? ` from ${data.start} s` : ''}`,
    `${data.segments.length} segments`,
    info.codec,
  ];
  if (opts.model) facts.push(`model ${basename(opts.model)}`);

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; media-src *; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>framewise report — ${esc(name)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>framewise report — ${esc(name)}</h1>
<div class="meta">${facts.map(esc).join(' · ')}</div>
<h2>Timeline</h2>
<div class="figure" id="timeline">${timeline.svg}</div>
<h2>Label scores</h2>
<div class="figure" id="scores">${plot}</div>
${opts.videoHref ? `<h2>Video</h2>\n<video id="video" controls preload="metadata" src="${esc(opts.videoHref)}"></video>` : ''}
<h2>Summary</h2>
<table id="summary"><thead><tr><th>label</th><th>segments</th><th>frames</th><th>seconds</th><th>share</th></tr></thead>
<tbody>
${summaryRows}
</tbody></table>
<h2>Segments</h2>
<table id="segments"><thead><tr><th>#</th><th>label</th><th>frames</th><th>start (s)</th><th>end (s)</th><th>duration (s)</th><th>score</th><th>first · middle · last</th></tr></thead>
<tbody>
${segmentRows}
</tbody></table>
<div id="tip"></div>
<script type="application/json" id="fw-data">${scriptJson(pageData)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
