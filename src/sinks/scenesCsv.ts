import type { SceneDocument } from './SceneDocument.js';

/** Quotes a field only when CSV needs it (labels are data in the model file and could hold anything). */
function field(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The scenes CSV's columns, in order (README, "Scenes"). */
export const SCENES_CSV_COLUMNS = [
  'scene',
  'start_frame',
  'end_frame',
  'frames',
  'start_time',
  'end_time',
  'duration',
  'start_timecode',
  'end_timecode',
  'opening',
  'opening_frames',
  'closing',
  'closing_frames',
] as const;

/**
 * One row per scene under a header. Ends are inclusive: `end_frame`, `end_time` and `end_timecode` name the scene's
 * last frame; `duration` is its length in seconds (frames ÷ rate). Times are HH:MM:SS.mmm, timecodes SMPTE at the
 * file's rate (drop-frame at 29.97 and 59.94). `opening`/`closing` name the transition's labels (`cut`,
 * `dissolve`, `fade_out+black+fade_in`), empty at the run's ends.
 */
export function scenesCsv(doc: SceneDocument): string {
  const { timecode: tc } = doc;
  const rows = doc.list.scenes.map((s) =>
    [
      s.number,
      s.start,
      s.end,
      s.frames,
      tc.clock(s.start),
      tc.clock(s.end),
      tc.seconds(s.frames).toFixed(3),
      tc.smpte(s.start),
      tc.smpte(s.end),
      field(s.opening?.kind ?? ''),
      s.opening?.frames ?? '',
      field(s.closing?.kind ?? ''),
      s.closing?.frames ?? '',
    ].join(','),
  );
  return [SCENES_CSV_COLUMNS.join(','), ...rows].join('\n') + '\n';
}
