/**
 * Packed RGB24 → planar yuv420p, BT.601 limited range (what ffmpeg's `format=yuv420p` writes), chroma averaged
 * over each 2x2 block. For frames that do not come from ffmpeg (the browser camera, hand-made test frames).
 */
export function rgbToYuv420p(rgb: Uint8Array, width: number, height: number, out?: Uint8Array): Uint8Array {
  const cw = Math.ceil(width / 2);
  const ch = Math.ceil(height / 2);
  const yuv = out ?? new Uint8Array(width * height + 2 * cw * ch);
  const uBase = width * height;
  const vBase = uBase + cw * ch;
  for (let cy = 0; cy < ch; cy++) {
    for (let cx = 0; cx < cw; cx++) {
      let u = 0;
      let v = 0;
      let n = 0;
      for (let y = cy * 2; y < Math.min(cy * 2 + 2, height); y++) {
        for (let x = cx * 2; x < Math.min(cx * 2 + 2, width); x++) {
          const i = (y * width + x) * 3;
          const r = rgb[i];
          const g = rgb[i + 1];
          const b = rgb[i + 2];
          yuv[y * width + x] = Math.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255);
          u += (-37.797 * r - 74.203 * g + 112 * b) / 255;
          v += (112 * r - 93.786 * g - 18.214 * b) / 255;
          n++;
        }
      }
      yuv[uBase + cy * cw + cx] = Math.round(128 + u / n);
      yuv[vBase + cy * cw + cx] = Math.round(128 + v / n);
    }
  }
  return yuv;
}
