/**
 * Seeded pseudo-random numbers for the training side (shuffling, bootstrap): mulberry32, so runs with
 * the same seed are identical on every platform and backend.
 */
import { mulberry32Raw } from '../random.js';

/** A function returning uniform floats in [0, 1). */
export type Rng = () => number;

/** A seeded mulberry32 generator. @example const rand = seededRng(42); rand(); */
export function seededRng(seed: number): Rng {
  return mulberry32Raw(Math.trunc(seed) ^ 0x9e3779b9);
}

/** A seeded Fisher–Yates permutation of 0..n-1. */
export function seededPermutation(n: number, seed: number): number[] {
  const rand = seededRng(seed);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = idx[i] as number;
    idx[i] = idx[j] as number;
    idx[j] = t;
  }
  return idx;
}

/** Mixes a base seed with a counter (epoch, round) into a new 32-bit seed, so streams don't overlap. */
export function deriveSeed(seed: number, k: number): number {
  let h = (Math.trunc(seed) ^ Math.imul(k + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
