/**
 * The generator's camera through WebAssembly (fixtures/sampleViewKernel.ts) gives the bytes of the JavaScript
 * bilinear sampling in picture.ts: pictures of odd sizes, views zoomed in and out, views reaching past every edge
 * (the sampling clamps there), one-pixel outputs, and a large output that makes the kernel's memory grow.
 */
import { describe, expect, it } from 'vitest';
import { sampleView, type Picture, type View } from '../fixtures/picture.js';
import { Rng } from '../fixtures/rng.js';

function picture(width: number, height: number, seed: number): Picture {
  const rng = new Rng(seed);
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = rng.u32() & 255;
  return { width, height, data };
}

describe('the camera sampling in WebAssembly', () => {
  it('gives the bytes of the JavaScript', () => {
    const rng = new Rng(42);
    let compared = 0;
    for (const [sw, sh] of [[97, 61], [640, 360], [1920, 1080], [2, 2]] as const) {
      const src = picture(sw, sh, sw + sh);
      for (const [width, height] of [[64, 36], [321, 181], [1, 1], [1280, 720]] as const) {
        for (let k = 0; k < 4; k++) {
          // Centres anywhere within a few pixels of the picture's edges, widths from a tenth to twice the picture's.
          const view: View = { cx: (rng.u32() / 2 ** 32) * (sw + 8) - 4, cy: (rng.u32() / 2 ** 32) * (sh + 8) - 4, w: sw * (0.1 + 1.9 * (rng.u32() / 2 ** 32)) };
          const fast = sampleView(src, view, width, height);
          const slow = sampleView(src, view, width, height, { wasm: false });
          expect(fast.length).toBe(width * height * 3);
          expect(Buffer.compare(Buffer.from(fast), Buffer.from(slow))).toBe(0);
          compared++;
        }
      }
    }
    expect(compared).toBe(64);
  });
});
