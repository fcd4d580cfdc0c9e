/**
 * The shared half of every strategy: sampling and building FitIns/EvaluateIns from the run context,
 * and federated evaluation from summed counts. Subclasses only say how results combine (`aggregateFit`).
 */
import type { TensorSet } from '../domain/tensor-set.js';
import { sumEvaluations } from './federated-metrics.js';
import { sampleSites } from './sampling.js';
import type { EvaluateIns, EvaluateRes, FederatedEvaluation, FitConfig, FitIns, FitRes, RunContext, SiteFailure, SiteInfo, Strategy } from './types.js';

export type { Strategy };

/** Base of the built-in strategies (Flower's `FedAvg` plays this role there). */
export abstract class BaseStrategy implements Strategy {
  abstract readonly name: string;
  constructor(protected readonly ctx: RunContext) {}

  /** The FitConfig this strategy sends (FedProx overrides to set μ). */
  protected fitConfig(round: number): FitConfig {
    // A per-round seed keeps site shuffling different each round yet reproducible.
    return { ...this.ctx.fit, seed: (this.ctx.fit.seed + round * 1009) >>> 0 };
  }

  /** Samples sites (seeded) and sends each the current global trainable tensors. */
  configureFit(round: number, global: TensorSet, sites: readonly SiteInfo[]): ReadonlyMap<string, FitIns> {
    const chosen = sampleSites(sites, {
      fraction: this.ctx.fraction,
      minFitSites: this.ctx.minFitSites,
      seed: this.ctx.seed,
      round,
    });
    const config = this.fitConfig(round);
    const out = new Map<string, FitIns>();
    for (const s of chosen) {
      out.set(s.siteId, { ...this.instructionHeader(round), tensors: global, config });
    }
    return out;
  }

  abstract aggregateFit(
    round: number,
    global: TensorSet,
    results: readonly FitRes[],
    failures: readonly SiteFailure[],
  ): TensorSet;

  /** The run and round fields every FitIns and EvaluateIns of this run carries. */
  protected instructionHeader(round: number): Pick<FitIns, 'runId' | 'round' | 'level' | 'trunkHash'> {
    return { runId: this.ctx.runId, round, level: this.ctx.level, trunkHash: this.ctx.trunkHash };
  }

  /** Every available site evaluates the global model on its test split. */
  configureEvaluate(round: number, global: TensorSet, sites: readonly SiteInfo[]): ReadonlyMap<string, EvaluateIns> {
    const out = new Map<string, EvaluateIns>();
    for (const s of [...sites].sort((a, b) => (a.siteId < b.siteId ? -1 : 1))) {
      out.set(s.siteId, { ...this.instructionHeader(round), tensors: global, split: 'test', threshold: this.ctx.threshold, histogramBins: this.ctx.histogramBins });
    }
    return out;
  }

  /** Sums counts and histograms across sites into federated sensitivity/specificity/accuracy/AUC. */
  aggregateEvaluate(round: number, results: readonly EvaluateRes[], _failures: readonly SiteFailure[]): FederatedEvaluation {
    return sumEvaluations(round, results);
  }

  /** Stateless by default. */
  getState(): TensorSet {
    return [];
  }

  /** Stateless by default: nothing to restore. */
  setState(_state: TensorSet): void {}
}
