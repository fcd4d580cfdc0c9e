/** FedAvg (McMahan et al. 2017): the new global is the example-weighted mean of the sites' tensors. */
import type { TensorSet } from '../domain/tensor-set.js';
import { BaseStrategy } from './strategy.js';
import type { FitRes, SiteFailure } from './types.js';

/** FedAvg weighted by `numExamples`, float64 accumulation in site-id order. */
export class FedAvg extends BaseStrategy {
  readonly name: string = 'fedavg';

  /** Σ nᵢ·wᵢ / Σ nᵢ over the (validated) results (or the run's balanced site weights); failures do not count. */
  aggregateFit(_round: number, global: TensorSet, results: readonly FitRes[], _failures: readonly SiteFailure[]): TensorSet {
    return this.aggregateMean(global, results);
  }
}
