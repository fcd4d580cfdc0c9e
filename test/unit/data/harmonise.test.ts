import { describe, expect, it } from 'vitest';
import { ConfigError, ValueError } from '../../../shared/domain/errors.js';
import { harmoniser, intensityHistogram, mapSamples, matchingMap, normalise, referenceHistogram, sampleIntensityHistogram } from '../../../shared/data/harmonise.js';
import { toVggInput } from '../../../shared/data/preprocess.js';
import { seededRng } from '../../../shared/domain/random.js';
import type { Sample } from '../../../shared/data/sample.js';

/** A gray image of `n` pixels drawn uniformly from [lo, hi). */
function grayImage(n: number, lo: number, hi: number, seed: number): Float32Array {
  const r = seededRng(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * r());
}

const sample = (gray: Float32Array, y: 0 | 1 = 0): Sample => ({ x: toVggInput(gray), y, patient: 'p' });

/** L1 distance between two probability vectors. */
const l1 = (a: readonly number[], b: readonly number[]): number => a.reduce((s, v, i) => s + Math.abs(v - (b[i] as number)), 0);

describe('intensityHistogram', () => {
  it('counts gray levels in equal bins over [0, 256), clamping out-of-range values', () => {
    expect(intensityHistogram([Uint8Array.from([0, 63, 64, 255])], 4)).toEqual([2, 1, 0, 1]);
    expect(intensityHistogram([Float32Array.from([-5, 300])], 2)).toEqual([1, 1]);
  });

  it('reads VGG-normalised samples back as gray levels', () => {
    const s = sample(Float32Array.from([10, 200, 201, 250]));
    expect(sampleIntensityHistogram([s], 2)).toEqual([1, 3]);
  });

  it('refuses bin counts outside 2..256', () => {
    expect(() => intensityHistogram([], 1)).toThrow(ConfigError);
    expect(() => intensityHistogram([], 257)).toThrow(/2\.\.256/);
  });
});

describe('referenceHistogram', () => {
  it('averages the sites’ normalised histograms (each site counts equally, whatever its size)', () => {
    expect(referenceHistogram([[2, 0], [0, 600]])).toEqual([0.5, 0.5]);
    expect(referenceHistogram([[1, 3], [1, 1]])).toEqual([0.375, 0.625]);
  });

  it('refuses no histograms, mismatched bins and empty histograms', () => {
    expect(() => referenceHistogram([])).toThrow(/no site shared/);
    expect(() => referenceHistogram([[1, 1], [1, 1, 1]])).toThrow(/histogram 1 has 3 bins/);
    expect(() => normalise([0, 0])).toThrow(ValueError);
  });
});

describe('matchingMap', () => {
  it('is (close to) the identity when source and reference agree', () => {
    const h = [5, 10, 20, 5];
    const m = matchingMap(h, h);
    for (const v of [0, 30, 64, 100, 128, 200, 250]) expect(m(v)).toBeCloseTo(v, 0);
  });

  it('maps a dark site onto a bright reference: the mapped histogram matches the reference', () => {
    // Prepare: source uniform on [0, 128), reference uniform on [128, 256)
    const bins = 16;
    const dark = grayImage(20_000, 0, 128, 1);
    const bright = grayImage(20_000, 128, 256, 2);
    const ref = normalise(intensityHistogram([bright], bins));
    // Execute
    const m = matchingMap(intensityHistogram([dark], bins), ref);
    const mapped = dark.map(m);
    // Assert: before, the distributions do not overlap (L1 = 2); after, they nearly coincide
    expect(l1(normalise(intensityHistogram([dark], bins)), ref)).toBeCloseTo(2, 6);
    expect(l1(normalise(intensityHistogram([mapped], bins)), ref)).toBeLessThan(0.05);
  });

  it('is monotone non-decreasing (keeps the order of gray levels, so anatomy does not move)', () => {
    const m = matchingMap([1, 0, 0, 9, 3, 0, 2, 1], [2, 2, 2, 2, 0, 0, 1, 7]);
    let prev = -1;
    for (let v = 0; v <= 255; v += 0.5) {
      const y = m(v);
      expect(y).toBeGreaterThanOrEqual(prev - 1e-9);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(255);
      prev = y;
    }
  });
});

describe('harmoniser + mapSamples', () => {
  it("moves a site's samples towards the reference and keeps labels, patients and shapes", () => {
    const n = 64 * 64;
    const train = [sample(grayImage(n, 20, 120, 3), 1), sample(grayImage(n, 30, 110, 4), 0)];
    const other = [sample(grayImage(n, 100, 240, 5))];
    const ref = referenceHistogram([sampleIntensityHistogram(train, 32), sampleIntensityHistogram(other, 32)]);
    const original = train.map((s) => Float32Array.from(s.x));
    const mapped = mapSamples(train, harmoniser(train, ref));
    expect(mapped.map((s) => [s.y, s.patient, s.x.length])).toEqual(train.map((s) => [s.y, s.patient, s.x.length]));
    const before = l1(normalise(sampleIntensityHistogram(train, 32)), ref);
    const after = l1(normalise(sampleIntensityHistogram(mapped, 32)), ref);
    expect(after).toBeLessThan(before / 4);
    // the input samples are not modified in place
    train.forEach((s, i) => expect(s.x).toEqual(original[i]));
    expect(mapped[0]!.x).not.toEqual(original[0]);
  });
});
