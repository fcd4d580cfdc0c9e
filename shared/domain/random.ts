/**
 * The one implementation of fedcxr's seeded randomness: mulberry32 and FNV-1a, and the generators built on
 * them. Every seeded stream (model init, site sampling, splits, phantoms, shuffling, bootstrap) comes from
 * here, so the same seed gives the same numbers on every platform and backend. Not for secrets.
 */

/** A mulberry32 generator over the raw 32-bit state `seed >>> 0`, returning floats in [0, 1). */
export function mulberry32Raw(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a hash of a string to a 32-bit unsigned seed (site names, layer names, file names). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A seeded random source with the draws image synthesis and augmentation need. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Integer uniform in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** True with probability p. */
  chance(p: number): boolean;
}

/** A function returning uniform floats in [0, 1). */
export type Uniform = () => number;

/** A seeded uniform stream. @example const rand = seededRng(42); rand(); */
export function seededRng(seed: number): Uniform {
  return mulberry32Raw(Math.trunc(seed) ^ 0x9e3779b9);
}

/** A mulberry32 `Rng` seeded with `seed` (any integer; strings via `fnv1a`). Its `next` is `seededRng(seed)`. */
export function mulberry32(seed: number): Rng {
  const next = seededRng(seed);
  let spare: number | null = null;
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    normal: () => {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      const u = Math.max(next(), 1e-12);
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

/** Fisher–Yates shuffle in place with a seeded uniform stream; returns the same array. */
export function shuffleInPlace<T>(items: T[], next: Uniform): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}

/** A seeded Fisher–Yates permutation of 0..n-1. */
export function seededPermutation(n: number, seed: number): number[] {
  return shuffleInPlace(Array.from({ length: n }, (_, i) => i), seededRng(seed));
}

/** Mixes a base seed with a counter (epoch, round) into a new 32-bit seed, so streams don't overlap. */
export function deriveSeed(seed: number, k: number): number {
  let h = (Math.trunc(seed) ^ Math.imul(k + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
