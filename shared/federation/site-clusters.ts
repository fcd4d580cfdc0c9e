/**
 * Clustered federation's grouping: sites whose images look alike train one model together, so a site is not
 * pulled towards an institution whose images (and, under label skew, labels) differ from its own. Sites are
 * grouped by the intensity histograms they already share for harmonisation (counts only, no image): the
 * distance of two sites is the 1-Wasserstein distance of their normalised histograms (the mean absolute
 * difference of the CDFs, in units of the intensity range), and groups are merged bottom-up by average linkage
 * until `k` remain. Pure and deterministic: ties merge the pair that comes first in site order.
 */
import { ValueError } from '../domain/errors.js';
import { normalise } from '../data/harmonise.js';

/** One site's shared intensity histogram. */
export interface SiteHistogram {
  readonly siteId: string;
  readonly counts: readonly number[];
}

/**
 * The 1-Wasserstein (earth mover's) distance of two histograms over the same equal bins, as a fraction of the
 * intensity range: 0 for identical shapes, 1 for all mass at opposite ends.
 * @example histogramDistance([1, 0], [0, 1]) // 0.5 (one bin of two apart)
 */
export function histogramDistance(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new ValueError(`histograms have ${a.length} and ${b.length} bins; they must share bins`, { field: 'histograms' });
  const pa = normalise(a);
  const pb = normalise(b);
  let ca = 0;
  let cb = 0;
  let d = 0;
  for (let i = 0; i < pa.length; i++) {
    ca += pa[i] as number;
    cb += pb[i] as number;
    d += Math.abs(ca - cb);
  }
  return d / pa.length;
}

/**
 * Groups sites into `k` clusters (average-linkage agglomerative clustering on `histogramDistance`), each
 * cluster in site order, clusters ordered by their first site. `k` ≥ the number of sites gives one site per
 * cluster; `k` = 1 one cluster of all.
 * @example clusterSites([{ siteId: 'a', counts: [9, 1] }, { siteId: 'b', counts: [8, 2] }, { siteId: 'c', counts: [1, 9] }], 2) // [['a', 'b'], ['c']]
 */
export function clusterSites(sites: readonly SiteHistogram[], k: number): string[][] {
  if (!Number.isSafeInteger(k) || k < 1) throw new ValueError(`the number of clusters must be a positive integer, got ${k}`, { field: 'clusters' });
  if (sites.length === 0) throw new ValueError('no site shared an intensity histogram: nothing to cluster', { field: 'histograms' });
  const ids = new Set<string>();
  for (const s of sites) {
    if (ids.has(s.siteId)) throw new ValueError(`site ${s.siteId} shared two histograms`, { field: 'histograms' });
    ids.add(s.siteId);
  }
  const n = sites.length;
  const d = sites.map((a) => sites.map((b) => (a === b ? 0 : histogramDistance(a.counts, b.counts))));
  let groups = sites.map((_, i) => [i]);
  const linkage = (g: readonly number[], h: readonly number[]): number => {
    let sum = 0;
    for (const i of g) for (const j of h) sum += (d[i] as number[])[j] as number;
    return sum / (g.length * h.length);
  };
  while (groups.length > Math.min(k, n)) {
    let best = { a: 0, b: 1, dist: Infinity };
    for (let a = 0; a < groups.length; a++)
      for (let b = a + 1; b < groups.length; b++) {
        const dist = linkage(groups[a] as number[], groups[b] as number[]);
        if (dist < best.dist) best = { a, b, dist };
      }
    const merged = [...(groups[best.a] as number[]), ...(groups[best.b] as number[])].sort((x, y) => x - y);
    groups = groups.filter((_, i) => i !== best.a && i !== best.b).concat([merged]);
    groups.sort((g, h) => (g[0] as number) - (h[0] as number));
  }
  return groups.map((g) => g.map((i) => (sites[i] as SiteHistogram).siteId));
}
