import { basename } from 'node:path';
import { editTimeline } from '../scenes/editTimeline.js';
import { fpsOf } from '../scenes/FrameRate.js';
import type { SceneDocument } from './SceneDocument.js';
import { sourceUrl } from './sourceUrl.js';

interface RationalTime {
  OTIO_SCHEMA: 'RationalTime.1';
  rate: number;
  value: number;
}

/**
 * An OpenTimelineIO timeline (JSON): a Timeline whose Stack holds one video Track of Clips, each a scene whose media
 * reference is the source file (an ExternalReference to its URL, available over the whole run), with a Transition
 * between two clips where a gradual transition separates their scenes: `SMPTE_Dissolve` for dissolves and fades,
 * a `Custom_Transition` named `Wipe` for wipes. Times are RationalTimes in frames at the source's rate; clips abut
 * at the cut point and a transition is centred on it (`in_offset` frames of the outgoing clip, `out_offset` of the
 * incoming one: the transition's own frames). Each clip's metadata holds the scene's number and frames.
 */
export function otioTimeline(doc: SceneDocument): string {
  const rate = fpsOf(doc.timecode.rate);
  const { list } = doc;
  const rt = (value: number): RationalTime => ({ OTIO_SCHEMA: 'RationalTime.1', rate, value });
  const range = (start: number, duration: number) => ({ OTIO_SCHEMA: 'TimeRange.1', start_time: rt(start), duration: rt(duration) });
  const children: object[] = [];
  for (const c of editTimeline(list)) {
    const t = c.transitionIn;
    if (t) {
      children.push({
        OTIO_SCHEMA: 'Transition.1',
        name: t.edit === 'wipe' ? 'Wipe' : 'Dissolve',
        transition_type: t.edit === 'wipe' ? 'Custom_Transition' : 'SMPTE_Dissolve',
        in_offset: rt(c.start - t.start),
        out_offset: rt(t.end + 1 - c.start),
        metadata: { framewise: { kind: t.kind } },
      });
    }
    children.push({
      OTIO_SCHEMA: 'Clip.1',
      name: `Scene ${c.scene.number}`,
      source_range: range(c.start, c.end - c.start),
      media_reference: {
        OTIO_SCHEMA: 'ExternalReference.1',
        name: basename(doc.source),
        target_url: sourceUrl(doc.source),
        available_range: range(list.first, list.last + 1 - list.first),
        metadata: {},
      },
      effects: [],
      markers: [],
      metadata: { framewise: { scene: c.scene.number, start: c.scene.start, end: c.scene.end } },
    });
  }
  const composition = (schema: string, name: string, extra: object) => ({
    OTIO_SCHEMA: schema,
    name,
    source_range: null,
    effects: [],
    markers: [],
    metadata: {},
    ...extra,
  });
  const timeline = {
    OTIO_SCHEMA: 'Timeline.1',
    name: basename(doc.source),
    global_start_time: rt(list.first),
    metadata: { framewise: { source: doc.source, scenes: list.scenes.length } },
    tracks: composition('Stack.1', 'tracks', { children: [composition('Track.1', 'Video 1', { kind: 'Video', children })] }),
  };
  return JSON.stringify(timeline, null, 2) + '\n';
}
