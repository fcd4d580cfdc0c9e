/**
 * The acceptance check's pass (finiteness, then Σ (x − g)² in float64, index order): the JS loop and
 * fedcxr-native's `finiteSquaredDistance` give the same bits as l2Distance's sum, find the same first
 * non-finite value, and leave the running sum untouched when they find one.
 */
import { describe, expect, it } from 'vitest';
import { finiteSquaredDistanceJs, l2Distance } from '../../../shared/federation/aggregate.js';
import { nativeDistanceKernel, type DistanceKernel } from '../../../shared/federation/native-mean.js';
import { probedOrUndefined } from './helpers.js';

const native = probedOrUndefined(nativeDistanceKernel);
const kernels: [string, DistanceKernel][] = [['JS', finiteSquaredDistanceJs], ...(native ? [['native', native] as [string, DistanceKernel]] : [])];
if (!native) console.warn('finite-distance: fedcxr-native has no finiteSquaredDistance here; only the JS kernel is checked');

/** xorshift32 values spread over 12 orders of magnitude, with signed zeros and exact ties to g. */
function values(n: number, seed: number, g?: Float32Array): Float32Array {
  let x = seed >>> 0 || 1;
  const r = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  return Float32Array.from({ length: n }, (_, j) => {
    const u = r();
    if (g && u < 0.05) return g[j] as number;
    if (u < 0.08) return -0;
    return (r() - 0.5) * 10 ** Math.floor(r() * 12 - 8);
  });
}

describe('the acceptance pass: finite values and the running squared distance', () => {
  for (const [name, pass] of kernels) {
    it(`sums l2Distance's terms bit for bit over several tensors, ${name}`, () => {
      const gs = [values(1031, 1), values(7, 2), values(40_000, 3)];
      const xs = gs.map((g, i) => values(g.length, 10 + i, g));
      const acc = new Float64Array(1);
      for (const [i, x] of xs.entries()) expect(pass(x, gs[i] as Float32Array, acc)).toBe(-1);
      const set = (ds: Float32Array[]) => ds.map((data, i) => ({ name: `t${i}`, shape: [data.length], data }));
      expect(Math.sqrt(acc[0] as number)).toBe(l2Distance(set(xs), set(gs)));
    });

    it(`returns the first non-finite index and leaves the sum as it was, ${name}`, () => {
      const g = values(500, 4);
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        const x = values(500, 5, g);
        x[321] = bad;
        x[400] = Number.NaN;
        const acc = Float64Array.of(2.5);
        expect(pass(x, g, acc)).toBe(321);
        expect(acc[0]).toBe(2.5);
      }
    });
  }

  it('the native kernel refuses arrays of different lengths by name', () => {
    if (!native) return void console.warn('finite-distance: no native kernel; length check not exercised');
    expect(() => native(new Float32Array(3), new Float32Array(4), new Float64Array(1))).toThrow(/x has 3 elements, expected 4/);
  });
});
