/**
 * Seeded pseudo-random numbers for phantoms, splits and augmentation: same seed, same output, any platform.
 * mulberry32 (32-bit state) is small and fast; quality is ample for image synthesis and shuffling.
 */
import { fnv1a, mulberry32Raw } from '../random.js';

/** A seeded random source. */
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

/** Hashes a string to a 32-bit seed (FNV-1a), so site names and file names can seed streams. */
export function hashSeed(text: string): number {
  return fnv1a(text);
}

/** A mulberry32 generator seeded with `seed` (any number; strings via `hashSeed`). */
export function mulberry32(seed: number): Rng {
  const next = mulberry32Raw(Math.floor(seed) ^ 0x9e3779b9);
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

/** Fisher–Yates shuffle in place with a seeded generator; returns the same array. */
export function shuffleInPlace<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}
