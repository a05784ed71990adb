import { loadTruth } from '../../src/dataset/truthFile.js';
import type { TruthFile } from '../../src/types.js';
import type { VideoPlan } from '../../fixtures/planVideo.js';
import { writeFixture } from '../../fixtures/writeFixture.js';
import { decodeRgbFrames } from './ffmpeg.js';

/**
 * A hand-made plan rendered losslessly into `dir` (which the caller makes and removes) and read back: its truth file
 * and its frames as packed RGB, for tests that check the composed pixels against the labels.
 */
export async function renderLossless(plan: VideoPlan, dir: string): Promise<{ truth: TruthFile; frames: Uint8Array[] }> {
  const out = await writeFixture(plan, dir, { test: true }, true);
  return { truth: await loadTruth(out.truth), frames: decodeRgbFrames(out.video, plan.width, plan.height) };
}
