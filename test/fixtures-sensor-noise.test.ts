/**
 * The generator's sensor noise through WebAssembly (fixtures/sensorNoise.ts) gives the bytes of the JavaScript it
 * speeds up, and draws the same numbers: frames of many sizes (rows that are not a multiple of 16 bytes, a row too
 * long for the kernel, rows of an odd number of pixels), many noise levels (more re-ordered tables than the kernel
 * keeps at once), with and without a colour gain. A stored hash, made by the generator before the kernel existed, pins the bytes themselves.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { finishFrame, type Rgb } from '../fixtures/picture.js';
import { Rng } from '../fixtures/rng.js';

const SIZES: ReadonlyArray<readonly [number, number]> = [[64, 36], [321, 181], [1280, 720], [2800, 4], [5, 3]];
const SIGMAS = [0.5, 0.8, 1.37, 2, 3.3, 6.25, 9.5];
const GAINS: readonly Rgb[] = [[1, 1, 1], [1, 1, 1], [0.8, 1.1, 0.95]];

function picture(width: number, height: number, seed: number): Uint8Array {
  const rng = new Rng(seed);
  const out = new Uint8Array(width * height * 3);
  // Dark and bright runs too, so that clamping at both ends is exercised.
  for (let i = 0; i < out.length; i++) out[i] = i % 97 < 20 ? rng.u32() & 3 : i % 97 < 40 ? 252 + (rng.u32() & 3) : rng.u32() & 255;
  return out;
}

/** Every frame of the sequence, and the next number each frame's generator draws afterwards. */
function sequence(wasm: boolean): { hash: string; after: number[] } {
  const hash = createHash('sha256');
  const after: number[] = [];
  let n = 0;
  for (const [width, height] of SIZES) {
    const src = picture(width, height, width * 7 + height);
    for (const sigma of SIGMAS) {
      for (const gain of GAINS) {
        const rng = new Rng(1000 + n++);
        hash.update(finishFrame(src, width, height, gain, sigma, rng, { wasm }));
        after.push(rng.u32());
      }
    }
  }
  return { hash: hash.digest('hex').slice(0, 16), after };
}

describe('sensor noise', () => {
  it('through WebAssembly: the same bytes and the same draws as the JavaScript, and the bytes made before the kernel', () => {
    const js = sequence(false);
    const wasm = sequence(true);
    expect(wasm.after).toEqual(js.after);
    expect(wasm.hash).toBe(js.hash);
    expect(js.hash).toBe('1511b5fb306e8a55');
  });
});
