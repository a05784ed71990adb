import { basename, extname } from 'node:path';
import { editTimeline } from '../scenes/editTimeline.js';
import type { SceneDocument } from './SceneDocument.js';

/** CMX 3600 limits: reel names of 8 characters, a title line of 70, transition lengths of 3 digits. */
const REEL_CHARS = 8;
const TITLE_CHARS = 70;
const MAX_TRANSITION_FRAMES = 999;

/** The source's file name as a reel name: upper-case letters, digits and `_`, at most 8; `AX` when nothing is left. */
export function reelName(source: string): string {
  const stem = basename(source, extname(source)).toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return stem.slice(0, REEL_CHARS) || 'AX';
}

/** Printable ASCII only (EDL readers expect nothing else), at most `max` characters. */
function ascii(text: string, max: number): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, max);
}

/**
 * A CMX 3600 edit decision list: one video event per scene, numbered from 001, record times equal to source times
 * (the timeline plays the film as it is). A scene after a cut is one `C` line. A scene after a dissolve or wipe is
 * the CMX two-line event: a zero-length `C` line at the outgoing side's end, then `D nnn` (dissolve, fades too) or
 * `W001 nnn` (wipe) with the transition's length in frames (at most 999): the transition starts where the event
 * starts, at its first frame. Each event is followed by `* FROM CLIP NAME:` (the source file's name) and the scene.
 */
export function cmx3600Edl(doc: SceneDocument): string {
  const { timecode: tc, list } = doc;
  const reel = reelName(doc.source).padEnd(REEL_CHARS);
  const clip = ascii(basename(doc.source), 200);
  const clips = editTimeline(list);
  const ins = clips.map((c) => c.transitionIn?.start ?? c.start);
  const lines = [`TITLE: ${ascii(basename(doc.source, extname(doc.source)), TITLE_CHARS)}`, `FCM: ${tc.dropFrame ? 'DROP FRAME' : 'NON-DROP FRAME'}`];
  const line = (event: string, edit: string, frames: number | null, from: number, to: number): string => {
    const length = frames === null ? '   ' : String(Math.min(frames, MAX_TRANSITION_FRAMES)).padStart(3, '0');
    return `${event}  ${reel} V     ${edit.padEnd(4)} ${length} ${tc.smpte(from)} ${tc.smpte(to)} ${tc.smpte(from)} ${tc.smpte(to)}`;
  };
  clips.forEach((c, i) => {
    const event = String(i + 1).padStart(3, '0');
    const from = ins[i];
    const to = i + 1 < clips.length ? ins[i + 1] : list.last + 1;
    lines.push('');
    const t = c.transitionIn;
    if (t) {
      lines.push(line(event, 'C', null, from, from));
      lines.push(line(event, t.edit === 'wipe' ? 'W001' : 'D', t.frames, from, to));
    } else {
      lines.push(line(event, 'C', null, from, to));
    }
    lines.push(`* FROM CLIP NAME: ${clip}`);
    lines.push(`* SCENE ${c.scene.number}${t ? ` (${ascii(t.kind, 60)})` : ''}`);
  });
  return lines.join('\n') + '\n';
}
