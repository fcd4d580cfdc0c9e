/**
 * Contrast-limited adaptive histogram equalisation (CLAHE), tile-based with bilinear blending between
 * the four nearest tile mappings (Zuiderveld 1994, as OpenCV's `createCLAHE`). Pure; 8-bit in, 8-bit out.
 */

/** CLAHE parameters. */
export interface ClaheOptions {
  /** Tiles per side. @default 8 */
  readonly tiles?: number;
  /** Clip limit as a multiple of the mean bin height (1 = no contrast gain). @default 2 */
  readonly clipLimit?: number;
}

/** Clipped, redistributed cumulative mapping (256-entry LUT) of one tile's histogram. */
function tileLut(gray: Uint8Array, width: number, x0: number, x1: number, y0: number, y1: number, clipLimit: number): Uint8Array {
  const hist = new Float64Array(256);
  for (let y = y0; y < y1; y++) {
    const row = y * width;
    for (let x = x0; x < x1; x++) {
      const v = gray[row + x] ?? 0;
      hist[v] = (hist[v] ?? 0) + 1;
    }
  }
  const count = (x1 - x0) * (y1 - y0);
  const limit = Math.max(1, (clipLimit * count) / 256);
  // Clip each bin and spread the excess evenly over all bins (one pass, as OpenCV: the small re-overflow is accepted).
  let excess = 0;
  for (let v = 0; v < 256; v++) {
    const h = hist[v] ?? 0;
    if (h > limit) {
      excess += h - limit;
      hist[v] = limit;
    }
  }
  const add = excess / 256;
  const lut = new Uint8Array(256);
  let cdf = 0;
  const scale = count > 0 ? 255 / count : 0;
  for (let v = 0; v < 256; v++) {
    cdf += (hist[v] ?? 0) + add;
    lut[v] = Math.min(255, Math.max(0, Math.round(cdf * scale)));
  }
  return lut;
}

/** CLAHE of a width×height 8-bit image. @example clahe(gray, 224, 224, { tiles: 8, clipLimit: 2 }) */
export function clahe(gray: Uint8Array, width: number, height: number, opts: ClaheOptions = {}): Uint8Array {
  const tiles = Math.max(1, Math.min(opts.tiles ?? 8, width, height));
  const clipLimit = opts.clipLimit ?? 2;
  const xb = Array.from({ length: tiles + 1 }, (_, i) => Math.floor((i * width) / tiles));
  const yb = Array.from({ length: tiles + 1 }, (_, i) => Math.floor((i * height) / tiles));
  const luts: Uint8Array[] = [];
  for (let ty = 0; ty < tiles; ty++) {
    for (let tx = 0; tx < tiles; tx++) {
      luts.push(tileLut(gray, width, xb[tx] ?? 0, xb[tx + 1] ?? width, yb[ty] ?? 0, yb[ty + 1] ?? height, clipLimit));
    }
  }
  const tw = width / tiles;
  const th = height / tiles;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    // Position relative to tile centres; outside the outer centres the nearest tile's mapping is used alone.
    const fy = (y + 0.5) / th - 0.5;
    const ty0 = Math.max(0, Math.min(tiles - 1, Math.floor(fy)));
    const ty1 = Math.min(tiles - 1, ty0 + 1);
    const wy = Math.max(0, Math.min(1, fy - ty0));
    for (let x = 0; x < width; x++) {
      const fx = (x + 0.5) / tw - 0.5;
      const tx0 = Math.max(0, Math.min(tiles - 1, Math.floor(fx)));
      const tx1 = Math.min(tiles - 1, tx0 + 1);
      const wx = Math.max(0, Math.min(1, fx - tx0));
      const v = gray[y * width + x] ?? 0;
      const a = luts[ty0 * tiles + tx0]?.[v] ?? 0;
      const b = luts[ty0 * tiles + tx1]?.[v] ?? 0;
      const c = luts[ty1 * tiles + tx0]?.[v] ?? 0;
      const d = luts[ty1 * tiles + tx1]?.[v] ?? 0;
      const top = a + (b - a) * wx;
      const bottom = c + (d - c) * wx;
      out[y * width + x] = Math.round(top + (bottom - top) * wy);
    }
  }
  return out;
}
