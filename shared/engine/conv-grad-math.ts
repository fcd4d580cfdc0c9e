/**
 * The data movement of the wasm conv-gradient kernels, as pure functions over Float32Arrays (no tfjs),
 * so the index arithmetic is testable on its own. Copies use `subarray().set()` runs (memcpy) where the
 * stride allows it: these loops are the only non-XNNPACK work in a conv backward pass.
 */

/** Spatial geometry of one conv as the gather needs it. */
export interface TapGeometry {
  readonly n: number;
  readonly h: number;
  readonly w: number;
  readonly ho: number;
  readonly wo: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly padTop: number;
  readonly padLeft: number;
}

/** Output columns [lo, hi) whose input column `xo*stride + tap - pad` lies inside [0, w). */
export function tapRange(w: number, wo: number, stride: number, pad: number, tap: number): readonly [number, number] {
  const lo = Math.max(0, Math.ceil((pad - tap) / stride));
  const hi = Math.min(wo, Math.floor((w - 1 + pad - tap) / stride) + 1);
  return [lo, Math.max(lo, hi)];
}

/**
 * Fills `a` [C, N, Ho, Wo] with the input window of filter tap (kh, kw): a[c,n,y,x] = xT[c, n, y*sh+kh-pt, x*sw+kw-pl]
 * (0 outside the image). `xT` is the input channel-major, [C, N, H, W].
 */
export function gatherTap(
  xT: Float32Array,
  a: Float32Array,
  channels: number,
  g: TapGeometry,
  kh: number,
  kw: number,
  [lo, hi]: readonly [number, number],
): void {
  const { n, h, w, ho, wo, strideH, strideW, padTop, padLeft } = g;
  const colOffset = kw - padLeft;
  for (let plane = 0; plane < channels * n; plane += 1) {
    const srcPlane = plane * h * w;
    for (let y = 0; y < ho; y += 1) {
      const dst = (plane * ho + y) * wo;
      const r = y * strideH + kh - padTop;
      if (r < 0 || r >= h) {
        a.fill(0, dst, dst + wo);
        continue;
      }
      if (lo > 0) a.fill(0, dst, dst + lo);
      if (hi < wo) a.fill(0, dst + hi, dst + wo);
      const src = srcPlane + r * w + colOffset;
      if (strideW === 1) {
        a.set(xT.subarray(src + lo, src + hi), dst + lo);
      } else {
        for (let x = lo; x < hi; x += 1) a[dst + x] = xT[src + x * strideW] ?? 0;
      }
    }
  }
}

/** Copies `taps` blocks of `block` floats in reverse tap order: the spatial flip of a [KH, KW, ...] filter. */
export function flipTaps(src: Float32Array, dst: Float32Array, taps: number, block: number): void {
  for (let t = 0; t < taps; t += 1) {
    const from = (taps - 1 - t) * block;
    dst.set(src.subarray(from, from + block), t * block);
  }
}

/** Shape of the tensor `dilateRows` spreads out. */
export interface DilateGeometry {
  readonly n: number;
  readonly ho: number;
  readonly wo: number;
  readonly c: number;
  readonly strideH: number;
  readonly strideW: number;
}

/**
 * Writes dy [N, Ho, Wo, C] into `out` [N, (Ho-1)·sh+1, (Wo-1)·sw+1, C] at every stride-th pixel, zeros between:
 * the stride of the forward conv becomes holes, so the input gradient is a plain stride-1 conv.
 */
export function dilateRows(dy: Float32Array, out: Float32Array, g: DilateGeometry): void {
  const { n, ho, wo, c, strideH, strideW } = g;
  const hd = (ho - 1) * strideH + 1;
  const wd = (wo - 1) * strideW + 1;
  out.fill(0);
  for (let b = 0; b < n; b += 1) {
    for (let y = 0; y < ho; y += 1) {
      const dstRow = (b * hd + y * strideH) * wd;
      const srcRow = (b * ho + y) * wo;
      for (let x = 0; x < wo; x += 1) {
        const src = (srcRow + x) * c;
        out.set(dy.subarray(src, src + c), (dstRow + x * strideW) * c);
      }
    }
  }
}
