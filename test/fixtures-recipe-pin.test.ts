/**
 * generateFixtures keeps a video already made with the same FIXTURE_RECIPE, so a change to what the generator makes
 * must come with a new recipe number: otherwise every data folder keeps the videos of the code before it, and a run
 * of the training recipe trains on videos its own code no longer makes (and cannot be reproduced from nothing).
 * This pins the generator's output for a few small videos that use every option of the plan: when this test fails
 * because the generator changed on purpose, bump FIXTURE_RECIPE and set PINNED to the new hash.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_RECIPE, generateFixtures } from '../fixtures/generateFixtures.js';
import { resolveFfmpeg } from '../src/decode/ffmpegPath.js';

/** The recipe number and sha256 of the six videos below (each truth file, then its decoded frames). */
const PINNED = { recipe: 6, hash: 'da9be85777a4b97982dee29da776a4a16e73814231aa315c837de7ffdc6ff55e' };

/** Every event the plan knows, at least half the time; small, short and lossless (the frames exactly as rendered). */
const EVERYTHING = {
  seconds: [8, 10] as [number, number],
  sizes: [[96, 54]] as Array<[number, number]>,
  fpsChoices: [25],
  similarCuts: 0.5,
  distractors: 0.5,
  exposureChanges: 0.5,
  fastPans: 0.5,
  eventsAfterCuts: 0.5,
  realMotion: 1,
  dipVariety: 1,
  flicker: 0.5,
  flashPairs: 0.5,
  shortGradual: 1,
  similarGradual: 0.5,
  lossless: true,
};

const dir = mkdtempSync(join(tmpdir(), 'framewise-recipe-pin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('FIXTURE_RECIPE', () => {
  it('names what the generator makes: the same videos as when the recipe number was set', async () => {
    const videos = await generateFixtures({ out: dir, count: 6, seed: 11, footage: null, overrides: EVERYTHING });
    const hash = createHash('sha256');
    for (const video of videos) {
      hash.update(readFileSync(video.replace(/\.mp4$/, '.labels.json')));
      hash.update(execFileSync(resolveFfmpeg().ffmpeg.path, ['-v', 'error', '-i', video, '-f', 'rawvideo', '-pix_fmt', 'yuv420p', 'pipe:1'], { maxBuffer: 1 << 28 }));
    }
    const made = { recipe: FIXTURE_RECIPE, hash: hash.digest('hex') };
    if (made.recipe === PINNED.recipe && made.hash !== PINNED.hash) {
      expect.fail(`the generator makes other videos than recipe ${FIXTURE_RECIPE} did (${made.hash}): bump FIXTURE_RECIPE (fixtures/generateFixtures.ts) so that cached videos are made anew, and pin the new hash here`);
    }
    expect(made).toEqual(PINNED);
  }, 120_000);
});
