/**
 * Differentially private aggregation (DP-FedAvg, McMahan et al. 2018, "Learning Differentially Private Recurrent
 * Language Models"): each site's update Δᵢ = wᵢ − global is clipped to L2 norm C, the clipped updates are summed
 * with equal weight (a site's influence is bounded by C whatever it claims), Gaussian noise N(0, (z·C)²) is added
 * to the sum, and the result divided by the number of sites. The noise comes from the OS CSPRNG, never a seed:
 * reproducible noise would be no noise to an attacker who knows the seed.
 */
import { randomFillSync } from 'node:crypto';
import { ValueError } from '../domain/errors.js';
import type { NamedTensor, TensorSet } from '../domain/tensor-set.js';
import { clipToNorm, updateNorm } from './norm-bound.js';

/** DP settings. */
export interface DpOptions {
  /** L2 clipping norm C of one site's update. */
  readonly clip: number;
  /** Noise multiplier z: the noise on the sum has standard deviation z·C. */
  readonly noiseMultiplier: number;
  /** δ the accountant reports ε for. @default 1e-5 */
  readonly delta: number;
}

/** Standard normal draws from the OS CSPRNG (Box–Muller over 53-bit uniforms). */
export function secureNormals(n: number): Float64Array {
  const out = new Float64Array(n);
  const words = new Uint32Array(2 * (n + 1) * 2);
  randomFillSync(words);
  const u = (i: number): number => ((words[2 * i] as number) * 2 ** 21 + ((words[2 * i + 1] as number) >>> 11) + 1) / (2 ** 53 + 1);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(u(i)));
    const t = 2 * Math.PI * u(i + 1);
    out[i] = r * Math.cos(t);
    if (i + 1 < n) out[i + 1] = r * Math.sin(t);
  }
  return out;
}

/**
 * The DP aggregate: global + (Σᵢ clip(Δᵢ, C) + N(0, (zC)²·I)) / K. `normals` supplies the standard normal noise
 * (the CSPRNG by default; tests pass zeros or a fixed stream to check the arithmetic).
 */
export function dpAggregate(
  global: TensorSet,
  updates: readonly TensorSet[],
  o: Pick<DpOptions, 'clip' | 'noiseMultiplier'>,
  normals: (n: number) => Float64Array = secureNormals,
): TensorSet {
  if (updates.length === 0) throw new ValueError('nothing to aggregate', { field: 'results' });
  if (!(o.clip > 0) || !(o.noiseMultiplier >= 0)) throw new ValueError(`dp clip must be > 0 and noiseMultiplier ≥ 0, got ${o.clip}, ${o.noiseMultiplier}`, { field: 'dp' });
  const k = updates.length;
  const clipped = updates.map((u) => clipToNorm(u, global, updateNorm(u, global), o.clip));
  const std = o.noiseMultiplier * o.clip;
  return global.map((g, ti) => {
    const noise = std > 0 ? normals(g.data.length) : new Float64Array(g.data.length);
    const out = new Float32Array(g.data.length);
    for (let j = 0; j < out.length; j++) {
      const base = g.data[j] as number;
      let sum = 0;
      for (const u of clipped) sum += ((u[ti] as NamedTensor).data[j] as number) - base;
      out[j] = base + (sum + std * (noise[j] as number)) / k;
    }
    return { name: g.name, shape: [...g.shape], data: out };
  });
}
