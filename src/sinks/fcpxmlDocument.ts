import { basename, extname } from 'node:path';
import { editTimeline } from '../scenes/editTimeline.js';
import { esc as xml } from '../report/markup.js';
import type { SceneDocument } from './SceneDocument.js';
import { sourceUrl } from './sourceUrl.js';

/**
 * A Final Cut Pro XML document (FCPXML 1.9): the source as an asset (its `media-rep` the file's URL) in a format of
 * the source's frame duration and size, and a project whose sequence's spine holds one `asset-clip` per scene, end
 * to end from offset 0, with a `transition` ("Cross Dissolve", or "Wipe") where a gradual transition separates two
 * scenes, centred on the cut point and as long as the transition (its offset is the transition's first frame). All
 * times are rational seconds on the frame grid (frames × frameDuration: `1001/30000s` per frame at 29.97);
 * `tcFormat` is DF at 29.97 and 59.94, NDF otherwise.
 */
export function fcpxmlDocument(doc: SceneDocument): string {
  const { rate, dropFrame } = doc.timecode;
  const { list } = doc;
  const time = (frames: number): string => (frames === 0 ? '0s' : `${frames * rate.den}/${rate.num}s`);
  const name = xml(basename(doc.source, extname(doc.source)) || 'video');
  const tcFormat = dropFrame ? 'DF' : 'NDF';
  const total = list.last + 1 - list.first;
  const size = doc.width !== null && doc.height !== null ? ` width="${doc.width}" height="${doc.height}"` : '';
  const spine: string[] = [];
  for (const c of editTimeline(list)) {
    const t = c.transitionIn;
    if (t) {
      spine.push(`            <transition name="${t.edit === 'wipe' ? 'Wipe' : 'Cross Dissolve'}" offset="${time(t.start - list.first)}" duration="${time(t.frames)}"/>`);
    }
    spine.push(
      `            <asset-clip name="Scene ${c.scene.number}" ref="r2" offset="${time(c.start - list.first)}" start="${time(c.start)}" duration="${time(c.end - c.start)}" tcFormat="${tcFormat}"/>`,
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE fcpxml>',
    '<fcpxml version="1.9">',
    '  <resources>',
    `    <format id="r1" frameDuration="${time(1)}"${size}/>`,
    `    <asset id="r2" name="${name}" start="0s" duration="${time(list.last + 1)}" hasVideo="1" format="r1">`,
    `      <media-rep kind="original-media" src="${xml(sourceUrl(doc.source))}"/>`,
    '    </asset>',
    '  </resources>',
    '  <library>',
    '    <event name="framewise">',
    `      <project name="${name}">`,
    `        <sequence format="r1" duration="${time(total)}" tcStart="0s" tcFormat="${tcFormat}">`,
    '          <spine>',
    ...spine,
    '          </spine>',
    '        </sequence>',
    '      </project>',
    '    </event>',
    '  </library>',
    '</fcpxml>',
  ].join('\n') + '\n';
}
