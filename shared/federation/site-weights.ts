/**
 * Site weights of an aggregation, and the global class prior as loss weights — the balanced alternatives
 * to FedAvg's raw-count weights. Under label skew (one site holds only disease, another only normals) raw
 * counts let the biggest single-class site pull the decision towards its class; these spread the weight.
 * Pure functions over counts: nothing here sees a tensor.
 */
import { ConfigError, ValueError } from '../domain/errors.js';
import type { ClassCounts } from '../domain/confusion.js';

/** How sites are weighted in the mean. */
export const SITE_WEIGHTINGS = ['examples', 'uniform', 'sqrt', 'capped', 'class-balanced'] as const;

/** One of SITE_WEIGHTINGS: 'examples' = FedAvg (nᵢ); 'uniform' = 1; 'sqrt' = √nᵢ; 'capped' = nᵢ with every share ≤ maxShare; 'class-balanced' = Σ_c nᵢc / (C·N_c). */
export type SiteWeighting = (typeof SITE_WEIGHTINGS)[number];

/** What a weighting needs to know of one site. */
export interface SiteMass {
  readonly siteId: string;
  readonly numExamples: number;
  /** Training counts per class (needed by 'class-balanced' only). */
  readonly counts?: ClassCounts | undefined;
}

/** Options of `siteWeights`. */
export interface SiteWeightOptions {
  /** Largest share one site may get under 'capped'. @default 0.5 */
  readonly maxShare?: number;
}

/**
 * Normalised aggregation weights (summing to 1), keyed by site id.
 * @example siteWeights([{ siteId: 'a', numExamples: 900 }, { siteId: 'b', numExamples: 100 }], 'sqrt') // a: 0.75, b: 0.25
 */
export function siteWeights(sites: readonly SiteMass[], mode: SiteWeighting, opts: SiteWeightOptions = {}): Map<string, number> {
  if (sites.length === 0) throw new ValueError('no sites to weight', { field: 'sites' });
  for (const s of sites) {
    if (!(s.numExamples > 0) || !Number.isFinite(s.numExamples)) {
      throw new ValueError(`site ${s.siteId}: numExamples must be > 0, got ${s.numExamples}`, { field: 'numExamples' });
    }
  }
  let raw: number[];
  switch (mode) {
    case 'examples':
      raw = sites.map((s) => s.numExamples);
      break;
    case 'uniform':
      raw = sites.map(() => 1);
      break;
    case 'sqrt':
      raw = sites.map((s) => Math.sqrt(s.numExamples));
      break;
    case 'capped':
      raw = cappedShares(
        sites.map((s) => s.numExamples),
        opts.maxShare ?? 0.5,
      );
      break;
    case 'class-balanced':
      raw = classBalancedMass(sites);
      break;
    default:
      throw new ConfigError(`unknown site weighting ${String(mode)}; use one of ${SITE_WEIGHTINGS.join(', ')}`);
  }
  const total = raw.reduce((a, b) => a + b, 0);
  return new Map(sites.map((s, i) => [s.siteId, (raw[i] as number) / total]));
}

/**
 * Shares proportional to `raw` but none above `cap` (water-filling: the excess of capped sites goes to the
 * others in proportion to their raw mass, repeated until no share exceeds the cap). Needs cap·K ≥ 1.
 */
export function cappedShares(raw: readonly number[], cap: number): number[] {
  const k = raw.length;
  if (!(cap > 0 && cap <= 1)) throw new ConfigError(`maxShare must be in (0, 1], got ${cap}`);
  if (cap * k < 1 - 1e-12) throw new ConfigError(`maxShare ${cap} is infeasible for ${k} sites: shares cannot sum to 1 (need ≥ ${1 / k})`);
  const share = new Array<number>(k).fill(0);
  const capped = new Array<boolean>(k).fill(false);
  let budget = 1;
  for (;;) {
    const free = raw.reduce((a, r, i) => (capped[i] ? a : a + r), 0);
    let changed = false;
    for (let i = 0; i < k; i++) {
      if (capped[i]) continue;
      share[i] = (budget * (raw[i] as number)) / free;
      if ((share[i] as number) > cap + 1e-15) {
        capped[i] = true;
        changed = true;
      }
    }
    if (!changed) return share;
    budget = 1;
    for (let i = 0; i < k; i++) {
      if (!capped[i]) continue;
      share[i] = cap;
      budget -= cap;
    }
  }
}

/**
 * Each site's share of the class-balanced pooled objective: Σ_c nᵢc / (C·N_c) over the C classes present
 * anywhere, so each class carries the same total weight however the sites split it.
 */
function classBalancedMass(sites: readonly SiteMass[]): number[] {
  const counts = sites.map((s) => {
    if (!s.counts) throw new ValueError(`site ${s.siteId}: class-balanced weighting needs its registered class counts`, { field: 'counts' });
    return s.counts;
  });
  const n0 = counts.reduce((a, c) => a + c.normal, 0);
  const n1 = counts.reduce((a, c) => a + c.disease, 0);
  const classes = (n0 > 0 ? 1 : 0) + (n1 > 0 ? 1 : 0);
  if (classes === 0) throw new ValueError('class-balanced weighting: no site registered any training example', { field: 'counts' });
  const mass = counts.map((c) => (n0 > 0 ? c.normal / (classes * n0) : 0) + (n1 > 0 ? c.disease / (classes * n1) : 0));
  // A site whose registration says 0 examples but which trained anyway gets no say, not a division by 0.
  return mass.map((m) => Math.max(m, 0));
}

/**
 * BCE class weights from the GLOBAL class prior (sklearn 'balanced' over all sites' pooled counts):
 * w_c = N / (2·N_c). Both classes must be present somewhere, else {1, 1}.
 * @example globalClassWeights([{ normal: 0, disease: 300 }, { normal: 100, disease: 0 }]) // {0: 2, 1: 0.667}
 */
export function globalClassWeights(counts: readonly ClassCounts[]): { 0: number; 1: number } {
  const n0 = counts.reduce((a, c) => a + c.normal, 0);
  const n1 = counts.reduce((a, c) => a + c.disease, 0);
  if (n0 === 0 || n1 === 0) return { 0: 1, 1: 1 };
  const n = n0 + n1;
  return { 0: n / (2 * n0), 1: n / (2 * n1) };
}
