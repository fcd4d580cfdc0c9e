/**
 * SCAFFOLD (Karimireddy et al. 2020) as a strategy: FedAvg's aggregation (server rate 1), plus the server control
 * variate (`scaffold.ts`) sent in every FitConfig after the first aggregate. Sites take plain SGD steps corrected
 * by (c − cᵢ), keep their own cᵢ, and report how many steps they took.
 */
import { ConfigError, ValueError } from '../domain/errors.js';
import type { TensorSet } from '../domain/tensor-set.js';
import { FedAvg } from './fedavg.js';
import { serverControl } from './scaffold.js';
import type { FitConfig, FitRes, RunContext, SiteFailure } from './types.js';

/** Prefix of the control variate's tensors in `getState` (checkpointed with the run, restored on resume). */
export const CONTROL_STATE_PREFIX = 'scaffold-control/';

/** FedAvg with SCAFFOLD's control variates. */
export class Scaffold extends FedAvg {
  override readonly name: string = 'scaffold';
  private control: TensorSet | null = null;

  constructor(ctx: RunContext) {
    super(ctx);
    // The control variates are gradients, (x − y)/(K·η): that holds for SGD steps, not Adam's rescaled ones.
    if (ctx.fit.optimizer !== 'sgd') throw new ConfigError(`scaffold needs the sites to take plain SGD steps (fit optimizer sgd), got ${ctx.fit.optimizer}`);
    if (ctx.skew?.localHead) throw new ConfigError('scaffold does not take localHead: a kept-local head has no shared control variate');
  }

  protected override fitConfig(round: number): FitConfig {
    return { ...super.fitConfig(round), scaffold: true, ...(this.control ? { control: this.control } : {}) };
  }

  /** FedAvg's mean; then c⁺ = Σ wᵢ (x − yᵢ)/(Kᵢ·η) / Σ wᵢ from the same results and weights. */
  override aggregateFit(_round: number, global: TensorSet, results: readonly FitRes[], _failures: readonly SiteFailure[]): TensorSet {
    const weighted = this.meanWeights(results);
    const inputs = weighted.map(([r, weight]) => {
      const steps = r.metrics.localSteps;
      if (steps === undefined) throw new ValueError(`site ${r.siteId} reported no localSteps: it did not take SCAFFOLD's corrected steps`, { field: 'fitRes.metrics.localSteps' });
      return { tensors: r.tensors, weight, steps };
    });
    const next = this.aggregateMean(global, results, weighted);
    this.control = serverControl(global, inputs, this.ctx.fit.learningRate);
    return next;
  }

  /** The base state plus the control variate as `scaffold-control/<tensor>`. */
  override getState(): TensorSet {
    const control = (this.control ?? []).map((t) => ({ ...t, name: `${CONTROL_STATE_PREFIX}${t.name}` }));
    return [...super.getState(), ...control];
  }

  override setState(state: TensorSet): void {
    super.setState(state);
    const control = state.filter((t) => t.name.startsWith(CONTROL_STATE_PREFIX)).map((t) => ({ ...t, name: t.name.slice(CONTROL_STATE_PREFIX.length) }));
    this.control = control.length > 0 ? control : null;
  }
}
