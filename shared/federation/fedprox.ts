/**
 * FedProx (Li et al. 2020): FedAvg aggregation, but sites add (μ/2)·‖w − w_global‖² to their local loss,
 * which keeps heterogeneous sites (the paper's one-class institutions) from drifting apart.
 */
import { ConfigError } from '../domain/errors.js';
import { FedAvg } from './fedavg.js';
import type { FitConfig, RunContext } from './types.js';

/** FedAvg with the proximal coefficient μ sent to sites in every FitConfig. */
export class FedProx extends FedAvg {
  override readonly name: string = 'fedprox';
  /** @param mu proximal coefficient μ > 0 (the site's trainer applies it). @default 0.01 */
  constructor(
    ctx: RunContext,
    readonly mu: number = 0.01,
  ) {
    super(ctx);
    if (!(mu > 0) || !Number.isFinite(mu)) throw new ConfigError(`fedprox mu must be a positive number, got ${mu}`);
  }

  protected override fitConfig(round: number): FitConfig {
    return { ...super.fitConfig(round), proximalMu: this.mu };
  }
}
