import { describe, expect, it } from 'vitest';
import {
  coordinateMedian,
  fedAvg,
  l2Distance,
  trimmedMean,
  weightedMean,
} from '../../../shared/federation/aggregate.js';
import { ValueError } from '../../../shared/domain/errors.js';
import { flat, set6 } from './helpers.js';

describe('weightedMean (Flower aggregate semantics)', () => {
  it('computes Σ nᵢwᵢ / Σ nᵢ against a hand-computed vector', () => {
    // Prepare: Flower's aggregate_test.py case — weights 1..6 and 7..12 with 20 and 30 examples.
    const a = set6([1, 2, 3, 4, 5, 6]);
    const b = set6([7, 8, 9, 10, 11, 12]);
    // Execute
    const out = weightedMean([
      [a, 20],
      [b, 30],
    ]);
    // Assert: (20·x + 30·y) / 50 = 0.4x + 0.6y
    expect(flat(out)).toEqual([4.6, 5.6, 6.6, 7.6, 8.6, 9.6].map((x) => Math.fround(x)));
    expect(out.map((t) => t.name)).toEqual(['a/kernel', 'a/bias']);
    expect(out[0]?.shape).toEqual([2, 2]);
  });

  it('is bit-identical whatever order sites report in (site-id order, float64)', () => {
    const items = [
      { siteId: 'c', numExamples: 3, tensors: set6([0.1, 0.2, 0.3, 1e-8, 1e8, -3]) },
      { siteId: 'a', numExamples: 7, tensors: set6([0.7, 0.11, 0.13, 1e-7, -1e8, 5]) },
      { siteId: 'b', numExamples: 11, tensors: set6([0.3, 0.9, 0.01, 3e-8, 1, 1]) },
    ];
    const x = flat(fedAvg(items));
    const y = flat(fedAvg([items[2]!, items[0]!, items[1]!]));
    expect(y).toEqual(x);
  });

  it('handles tensors longer than one accumulation chunk', () => {
    const n = 70_000;
    const a = [{ name: 'w', shape: [n], data: new Float32Array(n).fill(1) }];
    const b = [{ name: 'w', shape: [n], data: new Float32Array(n).fill(4) }];
    const out = weightedMean([
      [a, 2],
      [b, 1],
    ]);
    expect(out[0]?.data[0]).toBe(2);
    expect(out[0]?.data[n - 1]).toBe(2);
  });

  it('rejects mismatched layouts and non-positive counts with ValueError', () => {
    const a = set6([1, 2, 3, 4, 5, 6]);
    const bad = [{ name: 'a/kernel', shape: [4], data: new Float32Array(4) }, a[1]!];
    expect(() => weightedMean([[a, 1], [bad, 1]])).toThrow(/shape \[4\], expected \[2,2\]/);
    expect(() => weightedMean([[a, 0]])).toThrow(ValueError);
    expect(() => weightedMean([])).toThrow(/nothing to aggregate/);
  });

  it('rejects two contributions from one site', () => {
    const s = set6([1, 1, 1, 1, 1, 1]);
    expect(() =>
      fedAvg([
        { siteId: 'a', numExamples: 1, tensors: s },
        { siteId: 'a', numExamples: 1, tensors: s },
      ]),
    ).toThrow(/two contributions from site a/);
  });
});

describe('robust aggregation', () => {
  it('takes the coordinate-wise median (even K averages the middle pair)', () => {
    const sets = [set6([1, 9, 0, 0, 0, 0]), set6([2, 8, 0, 0, 0, 5]), set6([100, -50, 0, 0, 0, 6])];
    expect(flat(coordinateMedian(sets))).toEqual([2, 8, 0, 0, 0, 5]);
    expect(flat(coordinateMedian(sets.slice(0, 2)))).toEqual([1.5, 8.5, 0, 0, 0, 2.5]);
  });

  it('trims ⌊β·K⌋ from each end (Flower _trim_mean)', () => {
    const sets = [0, 1, 2, 3, 1000].map((v) => set6([v, -v, v, v, v, v]));
    // β = 0.2, K = 5 → cut 1 each side → mean(1,2,3) = 2; for -v → mean(-3,-2,-1) = -2
    expect(flat(trimmedMean(sets, 0.2))).toEqual([2, -2, 2, 2, 2, 2]);
    // β = 0 is the plain mean
    expect(flat(trimmedMean(sets, 0))[0]).toBeCloseTo(201.2, 4);
    expect(() => trimmedMean(sets, 0.5)).toThrow(ValueError);
  });
});

describe('l2Distance', () => {
  it('is the Euclidean norm of the difference', () => {
    expect(l2Distance(set6([3, 0, 0, 0, 0, 0]), set6([0, 4, 0, 0, 0, 0]))).toBe(5);
  });
});
