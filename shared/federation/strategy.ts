/**
 * The shared half of every strategy: sampling and building FitIns/EvaluateIns from the run context,
 * and federated evaluation from summed counts. Subclasses only say how results combine (`aggregateFit`).
 */
import type { TensorSet } from '../domain/tensor-set.js';
import { inSiteOrder, weightedMean } from './aggregate.js';
import { sumEvaluations } from './federated-metrics.js';
import { headTensorNames, keepLocal } from './personal.js';
import { sampleSites } from './sampling.js';
import { globalClassWeights, siteWeights } from './site-weights.js';
import { aggregatePrototypes, type ClassPrototype } from './prototypes.js';
import type { EvaluateIns, EvaluateRes, FederatedEvaluation, FitConfig, FitIns, FitRes, RunContext, SiteFailure, SiteInfo, Strategy } from './types.js';

export type { Strategy };

/** Base of the built-in strategies (Flower's `FedAvg` plays this role there). */
export abstract class BaseStrategy implements Strategy {
  abstract readonly name: string;
  /** The sites offered in the last configureFit (their registered counts weight the aggregation). */
  private offered: readonly SiteInfo[] = [];
  /** The global class prototypes from the last aggregate (prototype alignment only). */
  private prototypes: readonly ClassPrototype[] = [];
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
    this.offered = sites;
    const config = this.withSkewConfig(this.fitConfig(round), global, sites);
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

  /** Adds the label-skew fields (global class prior, local tensors) the run's options ask for. */
  private withSkewConfig(config: FitConfig, global: TensorSet, sites: readonly SiteInfo[]): FitConfig {
    const skew = this.ctx.skew;
    if (!skew) return config;
    const counts = sites.map((s) => s.trainCounts ?? { normal: 0, disease: 0 });
    const local = this.localTensors(global);
    return {
      ...config,
      ...(skew.classPrior ? { classWeights: globalClassWeights(counts) } : {}),
      ...(local.length > 0 ? { localTensors: local } : {}),
      ...(skew.logitAdjust ? { logitAdjust: true } : {}),
      ...(skew.prototypeWeight ? { prototypeWeight: skew.prototypeWeight, ...(this.prototypes.length > 0 ? { prototypes: this.prototypes } : {}) } : {}),
    };
  }

  /** The tensors sites keep local (the head, when `skew.localHead`). */
  protected localTensors(global: TensorSet): string[] {
    return this.ctx.skew?.localHead ? headTensorNames(global) : [];
  }

  /**
   * The weighted mean of the results under the run's site weighting (raw counts = FedAvg by default),
   * in site-id order, with local tensors left at their previous global value (`weighted`: `meanWeights(results)`,
   * when the caller already has it).
   */
  protected aggregateMean(global: TensorSet, results: readonly FitRes[], weighted: readonly (readonly [FitRes, number])[] = this.meanWeights(results)): TensorSet {
    const skew = this.ctx.skew;
    if (skew?.prototypeWeight) this.prototypes = aggregatePrototypes(results.map((r) => ({ siteId: r.siteId, prototypes: r.prototypes ?? [] })));
    const mean = weightedMean(weighted.map(([r, x]) => [r.tensors, x] as const));
    return keepLocal(mean, global, this.localTensors(global));
  }

  /** The results in site-id order with their weights in the mean (those of weight 0 left out). */
  protected meanWeights(results: readonly FitRes[]): (readonly [FitRes, number])[] {
    const skew = this.ctx.skew;
    const ordered = inSiteOrder(results);
    const counts = new Map(this.offered.map((s) => [s.siteId, s.trainCounts]));
    const w = siteWeights(
      ordered.map((r) => ({ siteId: r.siteId, numExamples: r.numExamples, counts: counts.get(r.siteId) })),
      skew?.siteWeighting ?? 'examples',
      { maxShare: skew?.maxShare ?? 0.5 },
    );
    // 'examples' keeps FedAvg's exact arithmetic (Σ nᵢwᵢ / Σ nᵢ); other modes pass normalised weights.
    return ordered.map((r) => [r, (skew?.siteWeighting ?? 'examples') === 'examples' ? r.numExamples : (w.get(r.siteId) as number)] as const).filter(([, x]) => x > 0);
  }

  /** The run and round fields every FitIns and EvaluateIns of this run carries. */
  protected instructionHeader(round: number): Pick<FitIns, 'runId' | 'round' | 'level' | 'trunkHash'> {
    return { runId: this.ctx.runId, round, level: this.ctx.level, trunkHash: this.ctx.trunkHash };
  }

  /** Every available site evaluates the global model on its test split. */
  configureEvaluate(round: number, global: TensorSet, sites: readonly SiteInfo[]): ReadonlyMap<string, EvaluateIns> {
    const out = new Map<string, EvaluateIns>();
    for (const s of [...sites].sort((a, b) => (a.siteId < b.siteId ? -1 : 1))) {
      const local = this.localTensors(global);
      out.set(s.siteId, {
        ...this.instructionHeader(round),
        tensors: global,
        split: 'test',
        threshold: this.ctx.threshold,
        histogramBins: this.ctx.histogramBins,
        ...(local.length > 0 ? { localTensors: local } : {}),
      });
    }
    return out;
  }

  /** Sums counts and histograms across sites into federated sensitivity/specificity/accuracy/AUC. */
  aggregateEvaluate(round: number, results: readonly EvaluateRes[], _failures: readonly SiteFailure[]): FederatedEvaluation {
    return sumEvaluations(round, results);
  }

  /** The global class prototypes as `prototype/<label>` (their image counts in `prototype-count/<label>`); else none. */
  getState(): TensorSet {
    return this.prototypes.flatMap((p) => [
      { name: `prototype/${p.label}`, shape: [p.mean.length], data: new Float32Array(p.mean) },
      { name: `prototype-count/${p.label}`, shape: [1], data: Float32Array.of(p.count) },
    ]);
  }

  /** Restores the prototypes `getState` saved (the names it does not know are a subclass's). */
  setState(state: TensorSet): void {
    const count = (label: number): number => state.find((t) => t.name === `prototype-count/${label}`)?.data[0] ?? 0;
    this.prototypes = ([0, 1] as const).flatMap((label) => {
      const t = state.find((x) => x.name === `prototype/${label}`);
      return t ? [{ label, count: count(label), mean: new Float32Array(t.data) }] : [];
    });
  }
}
