/**
 * The one implementation of fedcxr's seeded pseudo-random primitives: mulberry32 and FNV-1a.
 * Every seeded stream (model init, site sampling, splits, phantoms, shuffling) builds on these, so the
 * same seed gives the same numbers on every platform and backend. Not for secrets.
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
