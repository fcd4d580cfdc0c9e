/**
 * Seeded site sampling (Flower's `sample_size = max(⌊fraction·available⌋, min_fit_clients)`), reproducible:
 * the same seed, round and site set always pick the same sites, whatever order they connected in.
 */
import type { SiteInfo } from './types.js';
import { mulberry32Raw } from '../domain/random.js';


/** Options for `sampleSites`. */
export interface SampleOptions {
  /** Fraction of available sites per round. @default 1 */
  readonly fraction: number;
  /** Lower bound on the sample size (capped at the number available). @default 2 */
  readonly minFitSites: number;
  readonly seed: number;
  readonly round: number;
}

/** How many sites a round samples out of `available`. */
export function sampleSize(available: number, fraction: number, minFitSites: number): number {
  return Math.min(available, Math.max(Math.floor(available * fraction), minFitSites));
}

/** Picks the round's sites: a seeded shuffle of the id-sorted sites, first `sampleSize` of them, id-sorted. */
export function sampleSites(sites: readonly SiteInfo[], opts: SampleOptions): SiteInfo[] {
  const sorted = [...sites].sort((a, b) => (a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : 0));
  const k = sampleSize(sorted.length, opts.fraction, opts.minFitSites);
  if (k >= sorted.length) return sorted;
  const rand = mulberry32Raw((opts.seed * 0x9e3779b1 + opts.round) >>> 0);
  for (let i = sorted.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [sorted[i], sorted[j]] = [sorted[j] as SiteInfo, sorted[i] as SiteInfo];
  }
  return sorted.slice(0, k).sort((a, b) => (a.siteId < b.siteId ? -1 : 1));
}
