/**
 * Byzantine-robust aggregation (Yin et al. 2018): coordinate-wise median and trimmed mean. Unlike FedAvg
 * these must hold every site's update at once (K × model size), so the constructor takes a byte bound
 * and `aggregateFit` refuses rounds that would exceed it rather than exhausting memory.
 */
import { ConfigError, ValueError } from '../domain/errors.js';
import type { TensorSet } from '../domain/tensor-set.js';
import { coordinateMedian, inSiteOrder, robustMemoryBytes, trimmedMean } from './aggregate.js';
import { BaseStrategy } from './strategy.js';
import type { FitRes, RunContext, SiteFailure } from './types.js';

/** Default bound on the updates a robust strategy holds at once. @default 2 GiB */
export const DEFAULT_ROBUST_MAX_BYTES = 2 * 1024 ** 3;

abstract class RobustStrategy extends BaseStrategy {
  constructor(
    ctx: RunContext,
    /** Largest K × model bytes the strategy agrees to hold. @default 2 GiB */
    readonly maxBytes: number = DEFAULT_ROBUST_MAX_BYTES,
  ) {
    super(ctx);
  }

  /** Throws ValueError when holding all results would exceed `maxBytes` (checked before any copy). */
  protected checkBound(global: TensorSet, k: number): void {
    const need = robustMemoryBytes(global, k);
    if (need > this.maxBytes) {
      throw new ValueError(
        `${this.name} must hold all ${k} updates (${need} bytes) but the bound is ${this.maxBytes} bytes; ` +
          'raise strategy.maxBytes or sample fewer sites',
        { field: 'maxBytes' },
      );
    }
  }
}

/** Coordinate-wise median of the sites' tensors (unweighted: a majority of honest sites decides). */
export class FedMedian extends RobustStrategy {
  readonly name: string = 'median';
  aggregateFit(_round: number, global: TensorSet, results: readonly FitRes[], _failures: readonly SiteFailure[]): TensorSet {
    this.checkBound(global, results.length);
    return coordinateMedian(inSiteOrder(results).map((r) => r.tensors));
  }
}

/** Coordinate-wise trimmed mean: drops the ⌊β·K⌋ largest and smallest values per coordinate. */
export class FedTrimmedMean extends RobustStrategy {
  readonly name: string = 'trimmed-mean';
  constructor(
    ctx: RunContext,
    /** Fraction trimmed from each end. @default 0.2 */
    readonly beta: number = 0.2,
    maxBytes: number = DEFAULT_ROBUST_MAX_BYTES,
  ) {
    super(ctx, maxBytes);
    if (!(beta >= 0 && beta < 0.5)) throw new ConfigError(`trimmed-mean beta must be in [0, 0.5), got ${beta}`);
  }
  aggregateFit(_round: number, global: TensorSet, results: readonly FitRes[], _failures: readonly SiteFailure[]): TensorSet {
    this.checkBound(global, results.length);
    return trimmedMean(
      inSiteOrder(results).map((r) => r.tensors),
      this.beta,
    );
  }
}
