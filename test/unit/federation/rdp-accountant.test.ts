/**
 * Reference values (published tests, not re-derived here):
 * - google/differential-privacy, python/dp_accounting/dp_accounting/rdp/rdp_privacy_accountant_test.py:
 *   test_compute_rdp_poisson_sampled_gaussian (q 0.01, σ 2.5, 50 steps), test_compute_epsilon_delta_pure_dp
 *   (RDP 1.1 at orders 2..32, δ 1e-5 → ε 1.32783806176 at order 32) and test_compute_epsilon_delta_gaussian
 *   (full-batch Gaussian, σ 4.530877117 → exactly (1, 1e-6)-DP).
 * - pytorch/opacus, opacus/tests/accountants_test.py: test_rdp_accountant (q 0.04, σ 1.5, 2250 steps, δ 1e-5 →
 *   ε 7.32911117143 with fractional and integer orders).
 */
import { describe, expect, it } from 'vitest';
import { epsilonFromRdp, gaussianEpsilon, rdpSampledGaussian } from '../../../shared/federation/rdp-accountant.js';

describe('RDP accountant against published values', () => {
  it('matches dp_accounting for the Poisson-sampled Gaussian at integer orders (rtol 1e-4, as there)', () => {
    const want: [number, number][] = [[5, 2.18075656e-3], [50, 2.38460375e-2], [100, 1.67416308e2]];
    for (const [alpha, rdp] of want) expect(Math.abs(50 * rdpSampledGaussian(0.01, 2.5, alpha) - rdp) / rdp).toBeLessThan(1e-4);
    expect(rdpSampledGaussian(0.01, 2.5, Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });

  it('converts RDP to (ε, δ) like dp_accounting (pure-DP case)', () => {
    const orders = Array.from({ length: 31 }, (_, i) => i + 2);
    const r = epsilonFromRdp(orders, orders.map(() => 1.1), 1e-5);
    expect(r.epsilon).toBeCloseTo(1.32783806176, 9);
    expect(r.order).toBe(32);
  });

  it('gives exactly (1, 1e-6)-DP for the full-batch Gaussian with σ = 4.530877117', () => {
    const orders = Array.from({ length: 99_000 }, (_, i) => 1 + (i + 1) * 0.001);
    expect(gaussianEpsilon(1, 4.530877117, 1, 1e-6, orders).epsilon).toBeCloseTo(1, 6);
  });

  it('bounds Opacus’ value from above with integer orders only (within 2%)', () => {
    const { epsilon } = gaussianEpsilon(0.04, 1.5, 2250, 1e-5);
    expect(epsilon).toBeGreaterThanOrEqual(7.32911117143 - 1e-9);
    expect(epsilon).toBeLessThan(7.32911117143 * 1.02);
  });

  it('is monotone: more rounds or less noise cost more privacy', () => {
    expect(gaussianEpsilon(1, 1, 10, 1e-5).epsilon).toBeLessThan(gaussianEpsilon(1, 1, 20, 1e-5).epsilon);
    expect(gaussianEpsilon(1, 2, 10, 1e-5).epsilon).toBeLessThan(gaussianEpsilon(1, 1, 10, 1e-5).epsilon);
    expect(() => rdpSampledGaussian(0.5, 1, 2.5)).toThrow(/integer orders/);
  });
});
