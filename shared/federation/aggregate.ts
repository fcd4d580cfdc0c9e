/**
 * Pure aggregation over TensorSets (Flower's `strategy/aggregate.py`, over Float32Arrays).
 * Weighted means accumulate in float64 per coordinate, in a fixed order, so the result is reproducible
 * bit for bit and the only memory beyond the inputs is the output (O(model)) however many sites report;
 * the loops themselves are in `mean-kernels.ts`.
 */
import { ValueError } from '../domain/errors.js';
import { layoutMismatch, type NamedTensor, type TensorSet } from '../domain/tensor-set.js';
import { MEAN_BLOCK, uninitialisedFloat32, weightedMeanInto } from './mean-kernels.js';

/** One site's contribution: its tensors and how many examples produced them. */
export interface WeightedSet {
  readonly siteId: string;
  readonly numExamples: number;
  readonly tensors: TensorSet;
}

/** Throws ValueError unless every set has the reference's names, order and shapes. */
export function assertSameLayout(reference: TensorSet, sets: readonly TensorSet[]): void {
  for (const [k, set] of sets.entries()) {
    const m = layoutMismatch(set, reference);
    if (m?.kind === 'count') throw new ValueError(`set ${k} has ${m.actual} tensors, expected ${m.expected}`, { field: 'tensors' });
    if (m?.kind === 'name') throw new ValueError(`set ${k} tensor ${m.index} is ${m.actual.name}, expected ${m.expected.name}`, { field: m.actual.name });
    // A shape that matches but a data length that does not is a shape lie: worded as the shape it claims.
    const bad = m?.kind === 'shape' ? m : set.map((t, i) => ({ actual: t, expected: reference[i] as NamedTensor })).find((p) => p.actual.data.length !== p.expected.data.length);
    if (bad) {
      throw new ValueError(`set ${k} ${bad.actual.name} has shape [${bad.actual.shape.join(',')}], expected [${bad.expected.shape.join(',')}]`, { field: bad.actual.name });
    }
  }
}

/** Sorts contributions by site id (the fixed accumulation order) and rejects duplicates. */
export function inSiteOrder<T extends { readonly siteId: string }>(items: readonly T[]): T[] {
  const sorted = [...items].sort((a, b) => (a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]?.siteId === sorted[i - 1]?.siteId) {
      throw new ValueError(`two contributions from site ${sorted[i]?.siteId ?? ''}`, { field: 'siteId' });
    }
  }
  return sorted;
}

/**
 * Flower's `aggregate`: Σ nᵢ·wᵢ / Σ nᵢ per coordinate, in the given order, accumulated in float64.
 * @example weightedMean([[setA, 10], [setB, 30]]) // = 0.25·A + 0.75·B
 */
export function weightedMean(results: readonly (readonly [TensorSet, number])[]): TensorSet {
  const first = results[0];
  if (!first) throw new ValueError('nothing to aggregate', { field: 'results' });
  assertSameLayout(
    first[0],
    results.map((r) => r[0]),
  );
  let total = 0;
  for (const [, n] of results) {
    if (!(n > 0) || !Number.isFinite(n)) throw new ValueError(`numExamples must be > 0, got ${n}`, { field: 'numExamples' });
    total += n;
  }
  const w = results.map(([, n]) => n);
  const scratch = new Float64Array(results.length > 3 ? MEAN_BLOCK : 0);
  return first[0].map((ref, ti) => {
    const out = uninitialisedFloat32(ref.data.length);
    weightedMeanInto(
      out,
      results.map(([set]) => (set[ti] as NamedTensor).data),
      w,
      total,
      scratch,
    );
    return { name: ref.name, shape: [...ref.shape], data: out };
  });
}

/** FedAvg over site contributions in site-id order (reproducible whatever order they arrived in). */
export function fedAvg(items: readonly WeightedSet[]): TensorSet {
  return weightedMean(inSiteOrder(items).map((r) => [r.tensors, r.numExamples] as const));
}

/** Bytes that holding `numSites` copies of `set` takes (what median / trimmed mean must keep). */
export function robustMemoryBytes(set: TensorSet, numSites: number): number {
  let n = 0;
  for (const t of set) n += t.data.length;
  return n * 4 * numSites;
}

/**
 * Coordinate-wise statistic over all sets: `pick` gets the K values of one coordinate sorted ascending
 * (a scratch array, reused) and returns the aggregate. Holds every update: callers bound K × model size.
 */
function coordinateWise(sets: readonly TensorSet[], pick: (sorted: Float64Array, k: number) => number): TensorSet {
  const first = sets[0];
  if (!first) throw new ValueError('nothing to aggregate', { field: 'results' });
  assertSameLayout(first, sets);
  const k = sets.length;
  const vals = new Float64Array(k);
  return first.map((ref, ti) => {
    const srcs = sets.map((s) => (s[ti] as NamedTensor).data);
    const out = new Float32Array(ref.data.length);
    for (let j = 0; j < out.length; j++) {
      // Insertion sort: K is the number of sites (small), so this beats a generic sort.
      for (let a = 0; a < k; a++) {
        const x = (srcs[a] as Float32Array)[j] as number;
        let b = a - 1;
        while (b >= 0 && (vals[b] as number) > x) {
          vals[b + 1] = vals[b] as number;
          b--;
        }
        vals[b + 1] = x;
      }
      out[j] = pick(vals, k);
    }
    return { name: ref.name, shape: [...ref.shape], data: out };
  });
}

/** Coordinate-wise median (numpy semantics: mean of the two middle values when K is even). */
export function coordinateMedian(sets: readonly TensorSet[]): TensorSet {
  return coordinateWise(sets, (v, k) => {
    const h = k >> 1;
    return k % 2 === 1 ? (v[h] as number) : ((v[h - 1] as number) + (v[h] as number)) / 2;
  });
}

/**
 * Coordinate-wise trimmed mean (Flower's `_trim_mean`): drop ⌊β·K⌋ smallest and largest values per
 * coordinate, average the rest. β in [0, 0.5).
 */
export function trimmedMean(sets: readonly TensorSet[], beta: number): TensorSet {
  if (!(beta >= 0 && beta < 0.5)) throw new ValueError(`trim fraction must be in [0, 0.5), got ${beta}`, { field: 'beta' });
  return coordinateWise(sets, (v, k) => {
    const cut = Math.floor(beta * k);
    let s = 0;
    for (let i = cut; i < k - cut; i++) s += v[i] as number;
    return s / (k - 2 * cut);
  });
}

/** L2 norm of `a − b` over every coordinate, in float64. */
export function l2Distance(a: TensorSet, b: TensorSet): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const x = (a[i] as NamedTensor).data;
    const y = (b[i] as NamedTensor).data;
    for (let j = 0; j < x.length; j++) {
      const d = (x[j] as number) - (y[j] as number);
      s += d * d;
    }
  }
  return Math.sqrt(s);
}

/**
 * The acceptance check's pass over one tensor: the index of x's first non-finite value, or −1 after adding
 * Σ (x − g)² onto acc[0] — float64, index order, l2Distance's terms (fedcxr-native's `finiteSquaredDistance` is
 * its twin, with the same bits).
 */
export function finiteSquaredDistanceJs(x: Float32Array, g: Float32Array, acc: Float64Array): number {
  let s = acc[0] as number;
  for (let j = 0; j < x.length; j++) {
    const v = x[j] as number;
    if (!Number.isFinite(v)) return j;
    const d = v - (g[j] as number);
    s += d * d;
  }
  acc[0] = s;
  return -1;
}

/** A deep copy (fresh Float32Arrays), so later in-place updates never alias a caller's set. */
export function cloneSet(set: TensorSet): TensorSet {
  return set.map((t) => ({ name: t.name, shape: [...t.shape], data: new Float32Array(t.data) }));
}
