/**
 * The direction check's numbers in one pass: for every update k, cos(xₖ − g, m − g) where m is the
 * coordinate-wise median of the updates. The same values, bit for bit, as `updateCosine(xₖ,
 * coordinateMedian(xs), g)` for each k, without materialising the median (a model-sized allocation) and
 * without K + 1 passes over the global and the updates: per coordinate the median is taken exactly as
 * `coordinateMedian` takes it (insertion sort of the K values; the mean of the middle pair rounded to float32
 * when K is even) and every sum accumulates in the same order. The sums run in fedcxr-native's `directionSums`
 * when the addon has it (the same operations in the same order: the same bits; ~6× faster, the sums' latency
 * bounds the JS loop), else in the loops below.
 */
import { ValueError } from '../domain/errors.js';
import type { NamedTensor, TensorSet } from '../domain/tensor-set.js';
import { nativeDirectionKernel, type DirectionKernel } from './native-mean.js';

/**
 * cos(setₖ − global, median(sets) − global) for each set, in the sets' order (0 when either difference is 0).
 * Layouts must match (validate first). `kernel`: the native sums (the default when the addon has them) or null for JS.
 * @example cosinesToMedian([a, b, c], global) // [cos_a, cos_b, cos_c]
 */
export function cosinesToMedian(sets: readonly TensorSet[], global: TensorSet, kernel: DirectionKernel | null = nativeDirectionKernel() ?? null): number[] {
  const k = sets.length;
  if (k === 0) throw new ValueError('direction check over no updates', { field: 'results' });
  // Σ dx·dy per update, then Σ dx² per update, then Σ dy² (dx = x − g, dy = median − g), summed on over tensors.
  const acc = new Float64Array(2 * k + 1);
  const dot = acc.subarray(0, k);
  const norm = acc.subarray(k, 2 * k);
  const vals = new Float64Array(k);
  const xs: Float32Array[] = new Array<Float32Array>(k);
  for (let i = 0; i < global.length; i++) {
    const g = (global[i] as NamedTensor).data;
    for (let s = 0; s < k; s++) {
      const x = ((sets[s] as TensorSet)[i] as NamedTensor).data;
      if (x.length !== g.length) throw new ValueError(`update ${s} tensor ${i} has ${x.length} values, the global ${g.length}`, { field: 'tensors' });
      xs[s] = x;
    }
    if (kernel) kernel(xs, g, acc);
    else acc[2 * k] = k === 3 ? tensor3(xs, g, dot, norm, acc[2 * k] as number) : tensorK(xs, g, dot, norm, vals, acc[2 * k] as number);
  }
  const medNorm = acc[2 * k] as number;
  const out: number[] = [];
  for (let s = 0; s < k; s++) {
    const na = norm[s] as number;
    out.push(na > 0 && medNorm > 0 ? (dot[s] as number) / Math.sqrt(na * medNorm) : 0);
  }
  return out;
}

/** Any K: the median per coordinate by the insertion sort `coordinateMedian` uses. Returns `nb` + Σ (m − g)², summed on. */
function tensorK(xs: readonly Float32Array[], g: Float32Array, dot: Float64Array, norm: Float64Array, vals: Float64Array, nb0: number): number {
  const k = xs.length;
  const h = k >> 1;
  const odd = k % 2 === 1;
  let nb = nb0;
  for (let j = 0; j < g.length; j++) {
    for (let a = 0; a < k; a++) {
      const x = (xs[a] as Float32Array)[j] as number;
      let b = a - 1;
      while (b >= 0 && (vals[b] as number) > x) {
        vals[b + 1] = vals[b] as number;
        b--;
      }
      vals[b + 1] = x;
    }
    const gj = g[j] as number;
    // coordinateMedian stores the median in a Float32Array: an even K's mean of the middle pair is rounded.
    const m = odd ? (vals[h] as number) : Math.fround(((vals[h - 1] as number) + (vals[h] as number)) / 2);
    const dy = m - gj;
    for (let s = 0; s < k; s++) {
      const dx = ((xs[s] as Float32Array)[j] as number) - gj;
      dot[s] = (dot[s] as number) + dx * dy;
      norm[s] = (norm[s] as number) + dx * dx;
    }
    nb += dy * dy;
  }
  return nb;
}

/** K = 3 (the demo's sites), unrolled: the middle value of three is what the insertion sort leaves in vals[1]. */
function tensor3(xs: readonly Float32Array[], g: Float32Array, dot: Float64Array, norm: Float64Array, nb0: number): number {
  const [a, b, c] = xs as [Float32Array, Float32Array, Float32Array];
  let d0 = dot[0] as number;
  let d1 = dot[1] as number;
  let d2 = dot[2] as number;
  let n0 = norm[0] as number;
  let n1 = norm[1] as number;
  let n2 = norm[2] as number;
  let nb = nb0;
  for (let j = 0; j < g.length; j++) {
    const x = a[j] as number;
    const y = b[j] as number;
    const z = c[j] as number;
    const gj = g[j] as number;
    const lo = x < y ? x : y;
    const hi = x < y ? y : x;
    const m = z < lo ? lo : z > hi ? hi : z;
    const dy = m - gj;
    const dx = x - gj;
    const ey = y - gj;
    const fz = z - gj;
    d0 += dx * dy;
    n0 += dx * dx;
    d1 += ey * dy;
    n1 += ey * ey;
    d2 += fz * dy;
    n2 += fz * fz;
    nb += dy * dy;
  }
  dot[0] = d0;
  dot[1] = d1;
  dot[2] = d2;
  norm[0] = n0;
  norm[1] = n1;
  norm[2] = n2;
  return nb;
}
