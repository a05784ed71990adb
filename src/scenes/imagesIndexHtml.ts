import { esc } from '../report/markup.js';
import type { Timecode } from './Timecode.js';
import type { Scene } from './Scene.js';

export interface SceneImages {
  scene: Scene;
  /** File names (relative to the page) of the scene's images, in frame order, with their frame numbers. */
  images: { file: string; frame: number }[];
}

/** A self-contained HTML page: one row per scene (number, frames, timecodes, transitions) with its images. */
export function imagesIndexHtml(title: string, rows: readonly SceneImages[], tc: Timecode): string {
  const body = rows
    .map(({ scene: s, images }) => {
      const imgs = images
        .map((im) => `<figure><img src="${esc(encodeURI(im.file))}" alt="${esc(im.file)}" loading="lazy"><figcaption>${im.frame} · ${esc(tc.smpte(im.frame))}</figcaption></figure>`)
        .join('');
      const from = s.opening ? esc(s.opening.kind) : 'start';
      const to = s.closing ? esc(s.closing.kind) : 'end';
      return `<tr><th>${s.number}</th><td>${s.start}–${s.end}<br>${esc(tc.smpte(s.start))}–${esc(tc.smpte(s.end))}<br>${from} → ${to}</td><td>${imgs}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:1em}td,th{vertical-align:top;padding:.4em;border-bottom:1px solid #ddd;text-align:left}figure{display:inline-block;margin:0 .4em .4em 0}img{max-width:240px;display:block}figcaption{color:#555;font-size:12px}</style>
</head><body><h1>${esc(title)}</h1><table><thead><tr><th>scene</th><th>frames</th><th>images</th></tr></thead><tbody>
${body}
</tbody></table></body></html>
`;
}
