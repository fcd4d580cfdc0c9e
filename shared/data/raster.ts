/**
 * Small pure raster operations on single-channel Float32 images (row-major, values ~0..1):
 * Gaussian blur, bilinear resize, disc stamps and block glyphs. Used by phantoms and augmentation (whose
 * interleaved 3-channel images go through `sampleBilinear`'s channel stride).
 */

/** Separable Gaussian blur with standard deviation `sigma` pixels (no-op below 0.3); edges clamp. */
export function gaussianBlur(src: Float32Array, width: number, height: number, sigma: number): Float32Array {
  if (sigma < 0.3) return src;
  const radius = Math.max(1, Math.ceil(2.5 * sigma));
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const w = Math.exp(-(i * i) / (2 * sigma * sigma));
    kernel[i + radius] = w;
    sum += w;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] = (kernel[i] ?? 0) / sum;
  const tmp = new Float32Array(width * height);
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let acc = 0;
      if (x >= radius && x < width - radius) {
        // Interior fast path: no clamping.
        for (let k = -radius; k <= radius; k++) acc += (kernel[k + radius] ?? 0) * (src[row + x + k] ?? 0);
      } else {
        for (let k = -radius; k <= radius; k++) {
          const xx = x + k < 0 ? 0 : x + k >= width ? width - 1 : x + k;
          acc += (kernel[k + radius] ?? 0) * (src[row + xx] ?? 0);
        }
      }
      tmp[row + x] = acc;
    }
  }
  // Vertical pass row by row (accumulating whole rows keeps memory access sequential).
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let k = -radius; k <= radius; k++) {
      const yy = y + k < 0 ? 0 : y + k >= height ? height - 1 : y + k;
      const w = kernel[k + radius] ?? 0;
      const src2 = yy * width;
      for (let x = 0; x < width; x++) out[row + x] = (out[row + x] ?? 0) + w * (tmp[src2 + x] ?? 0);
    }
  }
  return out;
}

/**
 * Bilinear sample of `src` at real-valued pixel coordinates (pixel centres at integer + 0.5); edges clamp.
 * `src` may interleave `channels` values per pixel (HWC); `channel` picks which one is sampled.
 * @example sampleBilinear(rgb, w, h, 3.2, 7.9, 3, 1) // the second channel of an interleaved 3-channel image
 */
export function sampleBilinear(src: Float32Array, width: number, height: number, x: number, y: number, channels = 1, channel = 0): number {
  const fx = Math.min(Math.max(x - 0.5, 0), width - 1);
  const fy = Math.min(Math.max(y - 0.5, 0), height - 1);
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(x0 + 1, width - 1);
  const y1 = Math.min(y0 + 1, height - 1);
  const wx = fx - x0;
  const wy = fy - y0;
  const a = src[(y0 * width + x0) * channels + channel] ?? 0;
  const b = src[(y0 * width + x1) * channels + channel] ?? 0;
  const c = src[(y1 * width + x0) * channels + channel] ?? 0;
  const d = src[(y1 * width + x1) * channels + channel] ?? 0;
  return (a + (b - a) * wx) * (1 - wy) + (c + (d - c) * wx) * wy;
}

/** Bilinear resize (area-averaged first when shrinking by an integer factor, to avoid aliasing). */
export function resizeBilinear(src: Float32Array, width: number, height: number, outW: number, outH: number): Float32Array {
  let s = src;
  let w = width;
  let h = height;
  const f = Math.floor(Math.min(width / outW, height / outH));
  if (f >= 2) {
    const pw = Math.floor(w / f);
    const ph = Math.floor(h / f);
    const pooled = new Float32Array(pw * ph);
    for (let y = 0; y < ph; y++) {
      for (let x = 0; x < pw; x++) {
        let acc = 0;
        for (let dy = 0; dy < f; dy++) for (let dx = 0; dx < f; dx++) acc += s[(y * f + dy) * w + x * f + dx] ?? 0;
        pooled[y * pw + x] = acc / (f * f);
      }
    }
    s = pooled;
    w = pw;
    h = ph;
  }
  const out = new Float32Array(outW * outH);
  const sx = w / outW;
  const sy = h / outH;
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) out[y * outW + x] = sampleBilinear(s, w, h, (x + 0.5) * sx, (y + 0.5) * sy);
  }
  return out;
}

/** Adds a soft disc (Gaussian profile, `radius` ≈ 1.5σ) of height `amp` at (cx, cy), weighted by `mask` if given. */
export function stampDisc(
  img: Float32Array, width: number, height: number, cx: number, cy: number, radius: number, amp: number, mask?: Float32Array,
): void {
  const sigma = Math.max(radius / 1.5, 0.4);
  const r = Math.ceil(sigma * 3);
  const inv = 1 / (2 * sigma * sigma);
  const x0 = Math.max(0, Math.floor(cx - r));
  const x1 = Math.min(width - 1, Math.ceil(cx + r));
  const y0 = Math.max(0, Math.floor(cy - r));
  const y1 = Math.min(height - 1, Math.ceil(cy + r));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const i = y * width + x;
      const m = mask ? (mask[i] ?? 0) : 1;
      img[i] = (img[i] ?? 0) + amp * m * Math.exp(-(dx * dx + dy * dy) * inv);
    }
  }
}

// 5×7 bitmaps of the few glyphs burnt into radiographs (laterality markers).
const GLYPHS: Readonly<Record<string, readonly string[]>> = {
  L: ['10000', '10000', '10000', '10000', '10000', '10000', '11111'],
  R: ['11110', '10001', '10001', '11110', '10100', '10010', '10001'],
};

/** Draws a 5×7 block glyph with its top-left at (x, y), `cell` pixels per dot, value `level`. */
export function drawGlyph(img: Float32Array, width: number, height: number, glyph: string, x: number, y: number, cell: number, level: number): void {
  const rows = GLYPHS[glyph];
  if (!rows) return;
  rows.forEach((row, gy) => {
    for (let gx = 0; gx < row.length; gx++) {
      if (row[gx] !== '1') continue;
      fillRect(img, width, height, x + gx * cell, y + gy * cell, cell, cell, level);
    }
  });
}

/** Fills an axis-aligned rectangle (clipped to the image) with `level`. */
export function fillRect(img: Float32Array, width: number, height: number, x: number, y: number, w: number, h: number, level: number): void {
  const x0 = Math.max(0, Math.round(x));
  const y0 = Math.max(0, Math.round(y));
  const x1 = Math.min(width, Math.round(x + w));
  const y1 = Math.min(height, Math.round(y + h));
  for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) img[yy * width + xx] = level;
}
