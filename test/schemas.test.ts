/** The shipped JSON Schemas: strict-mode valid, in the package, accepting real outputs and rejecting broken ones. */
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../fixtures/generateDemo.js';
import { tempDir } from './helpers/ffmpeg.js';
import { expectSchema, schemaValidator } from './helpers/schemas.js';

let dir: string;
let truth: string;
beforeAll(async () => {
  dir = tempDir('fw-schemas');
  ({ truth } = await generateDemo(dir));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EVENT = { frame: 3, time: 0.12, label: 'cut', score: 0.9, scores: { cut: 0.9, still: 0.1 } };

describe('schemas/', () => {
  it('ships every schema in the package', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('schemas');
    for (const name of ['label-event', 'segments', 'scene-row', 'truth'] as const) expect(typeof schemaValidator(name)).toBe('function');
  });

  it('a truth file the fixture generator writes is valid', () => {
    expectSchema('truth', JSON.parse(readFileSync(truth, 'utf8')));
    expect(() => expectSchema('truth', { labels: [], fps: 25, frames: 1, segments: [] })).toThrow(/labels/);
  });

  it('rejects broken events and documents', () => {
    expectSchema('label-event', EVENT);
    expect(() => expectSchema('label-event', { ...EVENT, score: 1.5 })).toThrow(/score/);
    expect(() => expectSchema('label-event', { ...EVENT, frame: -1 })).toThrow(/frame/);
    expect(() => expectSchema('label-event', { ...EVENT, extra: 1 })).toThrow(/additional/);
    const doc = { source: 'a.mp4', fps: 25, frames: 4, segments: [{ label: 'still', start: 0, end: 3, start_time: 0, end_time: 0.12, score: 1 }] };
    expectSchema('segments', doc);
    expectSchema('segments', { ...doc, complete: false, error: 'interrupted' });
    expect(() => expectSchema('segments', { ...doc, complete: false })).toThrow(/error/);
    expect(() => expectSchema('segments', { ...doc, complete: true, error: 'x' })).toThrow();
    expect(() => expectSchema('scene-row', { scene: '1' })).toThrow(/start_frame/);
  });
});
