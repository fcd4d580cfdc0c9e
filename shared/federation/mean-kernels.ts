/**
 * The inner loops of the weighted mean: out[j] = (((0 + w₀·x₀[j]) + w₁·x₁[j]) + …) / total, each product and
 * sum in float64 (JS numbers) in the given site order, one rounding to float32 at the store. Every kernel below
 * performs exactly these operations in exactly this order, so all of them give the same bits.
 *
 * Why it is shaped like this (measured by `npm run bench -- federation`): the loop is bound by the float64
 * division per element and by memory traffic, so the kernels stream each input once, keep the weights in
 * locals (no per-element closure or array lookup), and the output is allocated without zero-filling
 * (`uninitialisedFloat32`): every element is written before anyone can read it, and a zero-fill of a
 * model-sized buffer costs as much as a third of the whole aggregation. V8 runs these loops scalar; where the
 * fedcxr-native addon is built, `weightedMeanInto` hands the same arithmetic to its SIMD kernel (native-mean.ts),
 * which the bit-identity test holds to the same bits.
 */
import { nativeMeanKernel } from './native-mean.js';

/** Elements per float64 accumulator block for K ≥ 4 sites: 32 KiB of float64, which stays in L1/L2. */
export const MEAN_BLOCK = 4096;

/** A Float32Array of `n` elements whose contents are unspecified: the caller must write every element. */
export function uninitialisedFloat32(n: number): Float32Array {
  // allocUnsafeSlow: a dedicated ArrayBuffer of exactly n·4 bytes (never a slice of Node's shared pool).
  const bytes = Buffer.allocUnsafeSlow(n * 4);
  return new Float32Array(bytes.buffer, bytes.byteOffset, n);
}

/**
 * Writes the weighted mean of `srcs` (weights `w`, divided by `total`) into `out`: the native kernel when the
 * addon has it, else the JS kernels. Every source must have `out.length` elements (checked here, naming the
 * source); `scratch` is a reusable float64 block for the JS kernel at K ≥ 4.
 */
export function weightedMeanInto(out: Float32Array, srcs: readonly Float32Array[], w: readonly number[], total: number, scratch: Float64Array): void {
  checkMeanArgs(out, srcs, w);
  const native = nativeMeanKernel();
  if (native) native(out, srcs, w, total);
  else weightedMeanIntoJs(out, srcs, w, total, scratch);
}

function checkMeanArgs(out: Float32Array, srcs: readonly Float32Array[], w: readonly number[]): void {
  for (const [s, src] of srcs.entries()) {
    if (src.length !== out.length) throw new RangeError(`source ${s} has ${src.length} elements, expected ${out.length}`);
  }
  if (srcs.length !== w.length) throw new RangeError(`${srcs.length} sources but ${w.length} weights`);
  if (srcs.length === 0) throw new RangeError('weightedMeanInto needs at least one source');
}

/** The JS kernels alone (the fallback, and the reference the native kernel is tested against); same checks. */
export function weightedMeanIntoJs(out: Float32Array, srcs: readonly Float32Array[], w: readonly number[], total: number, scratch: Float64Array): void {
  checkMeanArgs(out, srcs, w);
  const [a, b, c] = srcs;
  const [wa, wb, wc] = w;
  if (srcs.length === 1 && a && wa !== undefined) mean1(out, a, wa, total);
  else if (srcs.length === 2 && a && b && wa !== undefined && wb !== undefined) mean2(out, a, b, wa, wb, total);
  else if (srcs.length === 3 && a && b && c && wa !== undefined && wb !== undefined && wc !== undefined) mean3(out, a, b, c, wa, wb, wc, total);
  else if (srcs.length > 3) meanBlocked(out, srcs, w, total, scratch);
  else throw new RangeError('weightedMeanInto needs at least one source');
}

function mean1(out: Float32Array, a: Float32Array, wa: number, total: number): void {
  const n = out.length;
  for (let j = 0; j < n; j++) out[j] = (0 + wa * (a[j] as number)) / total;
}

function mean2(out: Float32Array, a: Float32Array, b: Float32Array, wa: number, wb: number, total: number): void {
  const n = out.length;
  for (let j = 0; j < n; j++) out[j] = (0 + wa * (a[j] as number) + wb * (b[j] as number)) / total;
}

function mean3(out: Float32Array, a: Float32Array, b: Float32Array, c: Float32Array, wa: number, wb: number, wc: number, total: number): void {
  const n = out.length;
  for (let j = 0; j < n; j++) out[j] = (0 + wa * (a[j] as number) + wb * (b[j] as number) + wc * (c[j] as number)) / total;
}

/**
 * K ≥ 4: over blocks of MEAN_BLOCK elements, all sites for one block before the next, so the float64 partial
 * sums stay in cache and each input is still read once. Same operation order as the unrolled kernels.
 */
function meanBlocked(out: Float32Array, srcs: readonly Float32Array[], w: readonly number[], total: number, acc: Float64Array): void {
  const n = out.length;
  const k = srcs.length;
  const first = srcs[0] as Float32Array;
  const last = srcs[k - 1] as Float32Array;
  const w0 = w[0] as number;
  const wl = w[k - 1] as number;
  for (let start = 0; start < n; start += MEAN_BLOCK) {
    const m = Math.min(MEAN_BLOCK, n - start);
    for (let i = 0; i < m; i++) acc[i] = 0 + w0 * (first[start + i] as number);
    for (let s = 1; s < k - 1; s++) addScaled(acc, srcs[s] as Float32Array, w[s] as number, start, m);
    for (let i = 0; i < m; i++) out[start + i] = ((acc[i] as number) + wl * (last[start + i] as number)) / total;
  }
}

function addScaled(acc: Float64Array, src: Float32Array, ws: number, start: number, m: number): void {
  for (let i = 0; i < m; i++) acc[i] = (acc[i] as number) + ws * (src[start + i] as number);
}
