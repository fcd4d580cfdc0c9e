import { describe, expect, it } from 'vitest';
import { dpAggregate, secureNormals } from '../../../shared/federation/dp.js';
import { DpFedAvg } from '../../../shared/federation/dp-fedavg.js';
import { updateNorm } from '../../../shared/federation/norm-bound.js';
import { gaussianEpsilon } from '../../../shared/federation/rdp-accountant.js';
import { ctx, fitRes, flat, set6 } from './helpers.js';

const g = set6([0, 0, 0, 0, 0, 0]);
const zeros = (n: number) => new Float64Array(n);

describe('DP aggregation', () => {
  it('clips each update to C and averages with equal weight (noise off)', () => {
    const a = set6([3, 4, 0, 0, 0, 0]); // norm 5 → clipped to 1
    const b = set6([0.1, 0, 0, 0, 0, 0]);
    const out = dpAggregate(g, [a, b], { clip: 1, noiseMultiplier: 0 }, zeros);
    expect(flat(out).map((v) => +v.toFixed(6))).toEqual([0.35, 0.4, 0, 0, 0, 0]);
  });

  it('bounds a hostile site: its pull on the global is at most C/K however large its update', () => {
    const honest = [set6([0.1, 0.1, 0.1, 0.1, 0.1, 0.1]), set6([0.1, 0.1, 0.1, 0.1, 0.1, 0.1])];
    const hostile = set6([1e6, -1e6, 1e6, -1e6, 1e6, -1e6]);
    const clean = dpAggregate(g, [...honest, honest[0]!], { clip: 1, noiseMultiplier: 0 }, zeros);
    const attacked = dpAggregate(g, [...honest, hostile], { clip: 1, noiseMultiplier: 0 }, zeros);
    expect(updateNorm(attacked, clean)).toBeLessThanOrEqual((1 + updateNorm(honest[0]!, g)) / 3 + 1e-6);
  });

  it('adds noise of standard deviation z·C/K per coordinate', () => {
    const n = 200_000;
    const big = [{ name: 'x/kernel', shape: [n], data: new Float32Array(n) }];
    const out = dpAggregate(big, [big, big], { clip: 2, noiseMultiplier: 1.5 });
    let s = 0;
    let s2 = 0;
    for (const v of out[0]!.data) {
      s += v;
      s2 += v * v;
    }
    const mean = s / n;
    const std = Math.sqrt(s2 / n - mean * mean);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(std / ((1.5 * 2) / 2)).toBeGreaterThan(0.98);
    expect(std / ((1.5 * 2) / 2)).toBeLessThan(1.02);
  });

  it('draws fresh noise every call (CSPRNG, not a seed)', () => {
    expect(Array.from(secureNormals(4))).not.toEqual(Array.from(secureNormals(4)));
  });

  it('reports ε for δ after each round from the accountant', () => {
    const s = new DpFedAvg(ctx, { clip: 1, noiseMultiplier: 1.1, delta: 1e-5 });
    const r3 = s.privacy(3);
    expect(r3.epsilon).toBe(gaussianEpsilon(1, 1.1, 3, 1e-5).epsilon);
    expect(s.privacy(4).epsilon).toBeGreaterThan(r3.epsilon);
    const out = s.aggregateFit(1, g, [fitRes('a', 1e9, set6([1, 0, 0, 0, 0, 0])), fitRes('b', 1, set6([0, 1, 0, 0, 0, 0]))], []);
    expect(out).toHaveLength(2);
  });
});
