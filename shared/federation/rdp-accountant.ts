/**
 * Rényi-DP accountant for the (Poisson-subsampled) Gaussian mechanism (Mironov 2017; Mironov, Talwar & Zhang
 * 2019, "Rényi Differential Privacy of the Sampled Gaussian Mechanism", §3.3), composed over rounds and
 * converted to (ε, δ) with the bound of Canonne, Kamath & Steinke 2020 (as Google's dp_accounting and Opacus
 * do). Sampled rounds use integer orders (the exact binomial expansion); full participation (q = 1) has the
 * closed form α/(2σ²) at any order. Pure float64 math in log space.
 */
import { ValueError } from '../domain/errors.js';

/** Default orders: 1.1 … 10.9 by 0.1, then 12 … 63 (fractional ones only where q = 1 allows them exactly). */
export const DEFAULT_ORDERS: readonly number[] = [...Array.from({ length: 99 }, (_, i) => 1 + (i + 1) / 10), ...Array.from({ length: 52 }, (_, i) => 12 + i)];

function logAdd(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(Math.min(a, b) - m));
}

/** log Γ(x+1) = log x! for integers via summation (orders are small). */
function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}

/**
 * RDP of one application of the Gaussian mechanism with noise multiplier `sigma`, sampled with probability `q`,
 * at order `alpha`. q = 1: α/(2σ²) for any α > 1. 0 < q < 1: integer α only (log A_α / (α − 1)).
 */
export function rdpSampledGaussian(q: number, sigma: number, alpha: number): number {
  if (!(q >= 0 && q <= 1)) throw new ValueError(`sampling rate must be in [0, 1], got ${q}`, { field: 'q' });
  if (!(alpha > 1)) throw new ValueError(`RDP order must be > 1, got ${alpha}`, { field: 'alpha' });
  if (q === 0) return 0;
  if (!(sigma > 0)) return Number.POSITIVE_INFINITY;
  if (alpha === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (q === 1) return alpha / (2 * sigma * sigma);
  if (!Number.isInteger(alpha)) throw new ValueError(`sampled Gaussian RDP is computed at integer orders only, got ${alpha}`, { field: 'alpha' });
  const lf = logFactorial(alpha);
  let logA = Number.NEGATIVE_INFINITY;
  for (let k = 0; k <= alpha; k++) {
    const logBinom = lf - logFactorial(k) - logFactorial(alpha - k);
    logA = logAdd(logA, logBinom + k * Math.log(q) + (alpha - k) * Math.log1p(-q) + (k * k - k) / (2 * sigma * sigma));
  }
  return logA / (alpha - 1);
}

/** The orders usable for sampling rate `q` (all for q = 1, the integer ones otherwise). */
export function ordersFor(q: number, orders: readonly number[] = DEFAULT_ORDERS): number[] {
  return q === 1 ? [...orders] : orders.filter((a) => Number.isInteger(a));
}

/**
 * Smallest ε such that the composed RDP curve gives (ε, δ)-DP, and the order achieving it:
 * ε = min_α RDP(α) + log((α−1)/α) − (log δ + log α)/(α − 1) (Canonne, Kamath & Steinke 2020, Prop. 12).
 */
export function epsilonFromRdp(orders: readonly number[], rdp: readonly number[], delta: number): { epsilon: number; order: number } {
  if (!(delta > 0 && delta < 1)) throw new ValueError(`delta must be in (0, 1), got ${delta}`, { field: 'delta' });
  let best = { epsilon: Number.POSITIVE_INFINITY, order: Number.NaN };
  for (let i = 0; i < orders.length; i++) {
    const a = orders[i] as number;
    const r = rdp[i] as number;
    if (!Number.isFinite(r) || a <= 1) continue;
    const eps = Math.max(0, r + Math.log1p(-1 / a) - (Math.log(delta) + Math.log(a)) / (a - 1));
    if (eps < best.epsilon) best = { epsilon: eps, order: a };
  }
  return best;
}

/** ε after `rounds` compositions of the sampled Gaussian mechanism, for δ. */
export function gaussianEpsilon(q: number, sigma: number, rounds: number, delta: number, orders: readonly number[] = DEFAULT_ORDERS): { epsilon: number; order: number } {
  const os = ordersFor(q, orders);
  return epsilonFromRdp(
    os,
    os.map((a) => rounds * rdpSampledGaussian(q, sigma, a)),
    delta,
  );
}
