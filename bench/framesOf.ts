import { readFileSync } from 'node:fs';

/** The number of frames a segments document says were labelled; throws if the document is marked incomplete. */
export function framesOf(out: string): number {
  const doc = JSON.parse(readFileSync(out, 'utf8')) as { frames: number; complete?: boolean };
  if (doc.complete === false) throw new Error(`${out} is incomplete`);
  return doc.frames;
}
