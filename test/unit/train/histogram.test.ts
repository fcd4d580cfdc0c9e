import { describe, expect, it } from 'vitest';
import { aucFromHistograms, scoreHistogram, sumHistograms } from '../../../shared/train/histogram.js';
import { rocAuc } from '../../../shared/train/metrics.js';
import { seededRng } from '../../../shared/domain/random.js';

function overlappingScores(n: number, seed: number): { s: number[]; y: number[] } {
  const rand = seededRng(seed);
  const s: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 3 === 0 ? 1 : 0;
    // Positives skew high, negatives low, with heavy overlap.
    const v = label ? Math.sqrt(rand()) : rand() ** 1.5;
    s.push(v);
    y.push(label);
  }
  return { s, y };
}

describe('score histograms', () => {
  it('count scores per class into equal bins over [0,1] (1.0 in the last bin)', () => {
    const h = scoreHistogram([0, 0.24, 0.25, 0.99, 1], [1, 0, 1, 0, 1], 4);
    expect(h.positive).toEqual([1, 1, 0, 1]);
    expect(h.negative).toEqual([1, 0, 0, 1]);
  });

  it('give the exact AUC when classes never share a bin, ties within a bin counting half', () => {
    expect(aucFromHistograms([0, 0, 2, 1], [3, 1, 0, 0]).value).toBe(1);
    // One positive and one negative in the same bin: ½.
    expect(aucFromHistograms([0, 1], [0, 1]).value).toBe(0.5);
    expect(aucFromHistograms([0, 0], [2, 1]).value).toBeNull();
  });

  it('approach the exact AUC as bins grow', () => {
    const { s, y } = overlappingScores(600, 3);
    const exact = rocAuc(s, y).value!;
    const err = (bins: number): number => {
      const h = scoreHistogram(s, y, bins);
      return Math.abs(aucFromHistograms(h.positive, h.negative).value! - exact);
    };
    expect(err(1000)).toBeLessThan(err(4));
    expect(err(1000)).toBeLessThan(2e-3);
    expect(err(10_000)).toBeLessThan(5e-4);
  });

  it('sum over sites into the pooled histogram', () => {
    const a = overlappingScores(90, 1);
    const b = overlappingScores(120, 2);
    const pooled = scoreHistogram([...a.s, ...b.s], [...a.y, ...b.y], 20);
    const summed = sumHistograms([scoreHistogram(a.s, a.y, 20), scoreHistogram(b.s, b.y, 20)]);
    expect(summed).toEqual(pooled);
    expect(() => sumHistograms([scoreHistogram(a.s, a.y, 20), scoreHistogram(b.s, b.y, 10)])).toThrow(/bins/);
  });
});
