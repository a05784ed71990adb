/**
 * A label as the text of a subtitle cue. Label names come from model files (strangers' data): a line break would
 * end the cue and start text of the model's choosing (new cues, styles), so breaks become spaces and, for WebVTT,
 * the characters its cue text parser gives meaning to are escaped (`&`, `<`, `>`, which also break `-->`).
 */
export function cueText(label: string, format: 'vtt' | 'srt'): string {
  const oneLine = label.replace(/[\r\n\u2028\u2029]+/g, ' ');
  if (format === 'srt') return oneLine.replace(/-->/g, '->');
  return oneLine.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
