/**
 * Per-round adaptive norm bounds: a site's update Δ = w − global is compared with the round's median update
 * norm, and clipped (scaled back onto the bound) or rejected when it exceeds `factor ×` that median. A fixed
 * bound cannot tell a large honest step from a model-replacement attack; one relative to the honest majority
 * can. Pure functions over TensorSets, float64 accumulation.
 */
import { ValueError } from '../domain/errors.js';
import type { NamedTensor, TensorSet } from '../domain/tensor-set.js';
import { l2Distance } from './aggregate.js';

/** Default multiple of the round's median update norm an update may reach. @default 3 */
export const DEFAULT_NORM_FACTOR = 3;

// Norms the boundary check already summed (coordinator/acceptance.ts walks every value to check it is finite
// and sums (x − g)² in the same pass, in the same order as l2Distance), by update set and global: the screen's
// adaptive bound reads them instead of walking every update a second time.
const knownNorms = new WeakMap<TensorSet, { readonly global: TensorSet; readonly norm: number }>();

/** Records ‖update − global‖₂ computed elsewhere with l2Distance's exact sum (same order, float64), for `updateNorm`. */
export function rememberUpdateNorm(update: TensorSet, global: TensorSet, norm: number): void {
  knownNorms.set(update, { global, norm });
}

/** ‖update − global‖₂ in float64 (layouts assumed equal: validate first); a remembered value when there is one. */
export function updateNorm(update: TensorSet, global: TensorSet): number {
  const known = knownNorms.get(update);
  return known?.global === global ? known.norm : l2Distance(update, global);
}

/**
 * The lower median (the ⌈K/2⌉-th smallest value): with two sites it is the smaller norm, so one hostile
 * site of two cannot raise the bound by inflating its own norm.
 * @example lowerMedian([3, 1, 2, 100]) // 2
 */
export function lowerMedian(values: readonly number[]): number {
  if (values.length === 0) throw new ValueError('median of no values', { field: 'values' });
  const s = [...values].sort((a, b) => a - b);
  return s[Math.ceil(s.length / 2) - 1] as number;
}

/** The round's bound: `factor ×` the lower median of the update norms (Infinity when the median is 0). */
export function adaptiveBound(norms: readonly number[], factor: number): number {
  if (!(factor >= 1) || !Number.isFinite(factor)) throw new ValueError(`norm factor must be ≥ 1 and finite, got ${factor}`, { field: 'factor' });
  const m = lowerMedian(norms);
  return m > 0 ? factor * m : Number.POSITIVE_INFINITY;
}

/** global + (update − global)·bound/norm: the update's direction kept, its norm set to `bound` (a fresh set). */
export function clipToNorm(update: TensorSet, global: TensorSet, norm: number, bound: number): TensorSet {
  if (!(norm > bound)) return update;
  const scale = bound / norm;
  return update.map((t, i) => {
    const g = (global[i] as NamedTensor).data;
    const out = new Float32Array(t.data.length);
    for (let j = 0; j < out.length; j++) out[j] = (g[j] as number) + ((t.data[j] as number) - (g[j] as number)) * scale;
    return { name: t.name, shape: [...t.shape], data: out };
  });
}

/** Cosine similarity of (a − global) and (b − global); 0 when either difference is zero. */
export function updateCosine(a: TensorSet, b: TensorSet, global: TensorSet): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = (a[i] as NamedTensor).data;
    const y = (b[i] as NamedTensor).data;
    const g = (global[i] as NamedTensor).data;
    for (let j = 0; j < x.length; j++) {
      const dx = (x[j] as number) - (g[j] as number);
      const dy = (y[j] as number) - (g[j] as number);
      dot += dx * dy;
      na += dx * dx;
      nb += dy * dy;
    }
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
