/** DP-FedAvg as a strategy: clipped equal-weight updates plus Gaussian noise, with an RDP accountant per round. */
import type { TensorSet } from '../domain/tensor-set.js';
import { dpAggregate, type DpOptions } from './dp.js';
import { gaussianEpsilon } from './rdp-accountant.js';
import { inSiteOrder } from './aggregate.js';
import { BaseStrategy } from './strategy.js';
import type { FitRes, PrivacySpent, RunContext, SiteFailure } from './types.js';

/** DP-FedAvg (user-level DP over sites, McMahan et al. 2018). */
export class DpFedAvg extends BaseStrategy {
  readonly name: string = 'dp-fedavg';
  constructor(
    ctx: RunContext,
    readonly dp: DpOptions,
  ) {
    super(ctx);
  }

  /** global + (Σ clip(Δᵢ, C) + N(0, (zC)²)) / K; example counts are ignored (each site's influence ≤ C). */
  aggregateFit(_round: number, global: TensorSet, results: readonly FitRes[], _failures: readonly SiteFailure[]): TensorSet {
    return dpAggregate(
      global,
      inSiteOrder(results).map((r) => r.tensors),
      this.dp,
    );
  }

  /** ε for the configured δ after `round` noised rounds, each a Gaussian mechanism sampled at the run's fraction. */
  privacy(round: number): PrivacySpent {
    const { epsilon, order } = gaussianEpsilon(this.ctx.fraction, this.dp.noiseMultiplier, round, this.dp.delta);
    return { epsilon, delta: this.dp.delta, order, noiseMultiplier: this.dp.noiseMultiplier, clip: this.dp.clip, rounds: round };
  }
}
