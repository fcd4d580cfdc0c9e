/** Builds a Strategy from its config (the one place strategy names map to classes). */
import { ConfigError } from '../shared/domain/errors.js';
import { FedAdam } from '../shared/federation/fedadam.js';
import { FedAvg } from '../shared/federation/fedavg.js';
import { DpFedAvg } from '../shared/federation/dp-fedavg.js';
import { FedProx } from '../shared/federation/fedprox.js';
import { Scaffold } from '../shared/federation/scaffold-strategy.js';
import { FedMedian, FedTrimmedMean } from '../shared/federation/robust.js';
import type { LabelSkewOptions, RunContext, Strategy } from '../shared/federation/types.js';
import type { SiteWeighting } from '../shared/federation/site-weights.js';

import { STRATEGY_NAMES } from '../shared/config/federation.js';

export { STRATEGY_NAMES };

/** A strategy's config (every field optional except the name; defaults live in the classes). */
export interface StrategyConfig {
  readonly name: (typeof STRATEGY_NAMES)[number];
  /** FedProx μ. @default 0.01 */
  readonly mu?: number | undefined;
  /** FedAdam η, β1, β2, τ. */
  readonly eta?: number | undefined;
  readonly beta1?: number | undefined;
  readonly beta2?: number | undefined;
  readonly tau?: number | undefined;
  /** Trimmed-mean fraction cut at each end. @default 0.2 */
  readonly trim?: number | undefined;
  /** Robust strategies' bound on held updates, bytes. @default 2 GiB */
  readonly maxBytes?: number | undefined;
  /** dp-fedavg settings (required for it). */
  readonly dp?: { readonly clip: number; readonly noiseMultiplier: number; readonly delta: number } | undefined;
  /** Site weights of the mean (FedAvg, FedProx, FedAdam). @default 'examples' */
  readonly siteWeighting?: SiteWeighting | undefined;
  /** Largest share of one site under 'capped'. @default 0.5 */
  readonly maxShare?: number | undefined;
  /** Global class prior as the sites' BCE weights. @default false */
  readonly classPrior?: boolean | undefined;
  /** FedPer: the head stays local. @default false */
  readonly localHead?: boolean | undefined;
  /** Sites train with the logit-adjusted loss of their own class prior. @default false */
  readonly logitAdjust?: boolean | undefined;
  /** Class-prototype alignment weight λ (shared/federation/prototypes.ts). @default off */
  readonly prototypeWeight?: number | undefined;
}

/** The run's label-skew options from a strategy config, or undefined when none is set (plain strategy). */
export function skewOptions(cfg: StrategyConfig): LabelSkewOptions | undefined {
  const align = (cfg.prototypeWeight ?? 0) > 0;
  const any = cfg.siteWeighting !== undefined || cfg.maxShare !== undefined || cfg.classPrior === true || cfg.localHead === true || cfg.logitAdjust === true || align;
  if (!any) return undefined;
  if (align && cfg.name !== 'fedavg' && cfg.name !== 'fedprox' && cfg.name !== 'fedadam' && cfg.name !== 'scaffold') {
    // The robust strategies screen weights, not prototypes; dp-fedavg's accounting does not cover them.
    throw new ConfigError(`strategy ${cfg.name} does not take prototypeWeight (use fedavg, fedprox, fedadam or scaffold)`);
  }
  if ((cfg.name === 'median' || cfg.name === 'trimmed-mean') && (cfg.siteWeighting !== undefined || cfg.localHead === true)) {
    throw new ConfigError(`strategy ${cfg.name} does not take siteWeighting or localHead (it is not a weighted mean)`);
  }
  return {
    siteWeighting: cfg.siteWeighting ?? 'examples',
    maxShare: cfg.maxShare ?? 0.5,
    classPrior: cfg.classPrior ?? false,
    localHead: cfg.localHead ?? false,
    ...(cfg.logitAdjust ? { logitAdjust: true } : {}),
    ...(align ? { prototypeWeight: cfg.prototypeWeight as number } : {}),
  };
}

/** Instantiates the configured strategy for one run. */
export function createStrategy(cfg: StrategyConfig, base: RunContext): Strategy {
  const skew = skewOptions(cfg);
  if (skew?.localHead && base.level === 'FC') {
    throw new ConfigError('localHead at level FC would federate nothing (only the head trains): use a level with unfrozen blocks, e.g. +B5');
  }
  const ctx: RunContext = skew ? { ...base, skew } : base;
  switch (cfg.name) {
    case 'fedavg':
      return new FedAvg(ctx);
    case 'fedprox':
      return new FedProx(ctx, cfg.mu);
    case 'fedadam':
      return new FedAdam(ctx, {
        ...(cfg.eta !== undefined ? { eta: cfg.eta } : {}),
        ...(cfg.beta1 !== undefined ? { beta1: cfg.beta1 } : {}),
        ...(cfg.beta2 !== undefined ? { beta2: cfg.beta2 } : {}),
        ...(cfg.tau !== undefined ? { tau: cfg.tau } : {}),
      });
    case 'scaffold':
      return new Scaffold(ctx);
    case 'median':
      return new FedMedian(ctx, cfg.maxBytes);
    case 'trimmed-mean':
      return new FedTrimmedMean(ctx, cfg.trim, cfg.maxBytes);
    case 'dp-fedavg':
      if (!cfg.dp) throw new ConfigError('strategy dp-fedavg needs dp: { clip, noiseMultiplier, delta }');
      return new DpFedAvg(ctx, cfg.dp);
    default:
      throw new ConfigError(`unknown strategy ${String((cfg as { name: unknown }).name)}; use one of ${STRATEGY_NAMES.join(', ')}`);
  }
}
