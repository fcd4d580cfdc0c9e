import { describe, expect, it } from 'vitest';
import { ValueError } from '../../../shared/domain/errors.js';
import { clusterSites, histogramDistance } from '../../../shared/federation/site-clusters.js';

describe('histogramDistance', () => {
  it('is the 1-Wasserstein distance in units of the intensity range: mass moved times bins travelled, over the bins', () => {
    expect(histogramDistance([1, 0], [0, 1])).toBeCloseTo(0.5, 12);
    expect(histogramDistance([1, 0, 0, 0], [0, 0, 0, 1])).toBeCloseTo(0.75, 12);
    // Half the mass moved one bin of four.
    expect(histogramDistance([2, 0, 0, 0], [1, 1, 0, 0])).toBeCloseTo(0.125, 12);
  });

  it('compares shapes, not sizes, and is symmetric', () => {
    expect(histogramDistance([1, 3, 0], [10, 30, 0])).toBe(0);
    expect(histogramDistance([5, 1, 2], [0, 4, 4])).toBeCloseTo(histogramDistance([0, 4, 4], [5, 1, 2]), 15);
  });

  it('refuses histograms over different bins, negative counts and empty histograms, naming the problem', () => {
    expect(() => histogramDistance([1, 2], [1, 2, 3])).toThrow(/2 and 3 bins/);
    expect(() => histogramDistance([1, -1], [1, 1])).toThrow(ValueError);
    expect(() => histogramDistance([0, 0], [1, 1])).toThrow(/empty/);
  });
});

describe('clusterSites', () => {
  // Two sites of one scanner (dark films) and one of another (bright films).
  const dark1 = { siteId: 'gz', counts: [8, 2, 0, 0] };
  const dark2 = { siteId: 'mixed', counts: [7, 3, 0, 0] };
  const bright = { siteId: 'nihcc', counts: [0, 0, 3, 7] };

  it('puts the alike sites together and the odd one alone, whatever the order the sites come in', () => {
    expect(clusterSites([dark1, dark2, bright], 2)).toEqual([['gz', 'mixed'], ['nihcc']]);
    expect(clusterSites([bright, dark2, dark1], 2)).toEqual([['nihcc'], ['mixed', 'gz']]);
    expect(clusterSites([dark1, bright, dark2], 2)).toEqual([['gz', 'mixed'], ['nihcc']]);
  });

  it('k = 1 is one federation of all; k ≥ the number of sites is every site alone', () => {
    expect(clusterSites([dark1, dark2, bright], 1)).toEqual([['gz', 'mixed', 'nihcc']]);
    expect(clusterSites([dark1, dark2, bright], 3)).toEqual([['gz'], ['mixed'], ['nihcc']]);
    expect(clusterSites([dark1, dark2, bright], 7)).toEqual([['gz'], ['mixed'], ['nihcc']]);
  });

  it('merges by average linkage: a site joins the group it is nearest to on average, not to its nearest member', () => {
    // a–b close; c is nearer b than d is to anything, but far from a: average linkage keeps c with b's group only
    // when the group's mean distance is the smallest.
    const line = (id: string, at: number) => ({ siteId: id, counts: Array.from({ length: 10 }, (_, i) => (i === at ? 1 : 0)) });
    const sites = [line('a', 0), line('b', 1), line('c', 4), line('d', 9)];
    // d(a,b)=0.1; {a,b}–c: (0.4+0.3)/2 = 0.35; c–d: 0.5; so c joins {a,b} before d joins anything.
    expect(clusterSites(sites, 2)).toEqual([['a', 'b', 'c'], ['d']]);
    expect(clusterSites(sites, 3)).toEqual([['a', 'b'], ['c'], ['d']]);
  });

  it('breaks ties in site order, so the grouping is reproducible', () => {
    const same = (id: string) => ({ siteId: id, counts: [1, 1] });
    expect(clusterSites([same('x'), same('y'), same('z')], 2)).toEqual([['x', 'y'], ['z']]);
  });

  it('refuses a bad k, no sites and a site that shared twice', () => {
    expect(() => clusterSites([dark1], 0)).toThrow(/positive integer, got 0/);
    expect(() => clusterSites([dark1], 1.5)).toThrow(ValueError);
    expect(() => clusterSites([], 2)).toThrow(/nothing to cluster/);
    expect(() => clusterSites([dark1, dark1], 2)).toThrow(/site gz shared two histograms/);
  });
});
