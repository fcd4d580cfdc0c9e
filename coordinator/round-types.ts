/**
 * The data a round's phases pass to each other and what a round attempt returns (see `rounds.ts`).
 */
import type { TensorSet } from '../shared/domain/tensor-set.js';
import type { EvaluateRes, FederatedEvaluation, FitIns, PrivacySpent, RunSpec, SiteFailure, SiteInfo, Strategy } from '../shared/federation/types.js';
import type { Anomaly } from '../shared/federation/anomaly.js';
import type { RobustOptions } from './robust-phase.js';
import type { ConnectedSite } from './registry.js';
import type { FitCheck } from './acceptance.js';
import type { RoundTransition } from './round-machine.js';
import type { RunObserver } from './observer.js';
import type { SitePreparation } from './site-preparation.js';

/** Settings of one round. */
export interface RoundOptions extends RobustOptions {
  /** Time each sampled site has to answer FitIns. */
  readonly fitDeadlineMs: number;
  /** Time each site has to answer EvaluateIns. */
  readonly evaluateDeadlineMs: number;
  /** Time a site has to install the run's trunk before its first fit. */
  readonly prepareDeadlineMs: number;
  readonly minFitSites: number;
  readonly minAvailableSites: number;
  readonly maxUpdateNorm: number;
  /** Whether this round runs federated evaluation (after its commit). */
  readonly evaluate: boolean;
}

/** What one site did this round. */
export interface SiteFitRecord {
  readonly siteId: string;
  readonly status: 'ok' | 'failed' | 'rejected';
  readonly reason?: string;
  readonly numExamples?: number;
  readonly trainLoss?: number;
  readonly trainSeconds?: number;
  /** Share of the aggregation weight after the robust screen (capped counts, capped shares). */
  readonly weightShare?: number;
  /** Request to response, including transfer. */
  readonly durationMs: number;
}

/** Federated evaluation of a committed round: per-site results, per-site failures, and the combined metrics. */
export interface EvaluationRecord {
  readonly siteEvaluations: readonly EvaluateRes[];
  /** Sites whose evaluation failed or was not accepted (always a real site id). */
  readonly evaluateFailures: readonly SiteFailure[];
  /** The combined metrics, absent when the evaluation as a whole failed. */
  readonly evaluation?: FederatedEvaluation;
  /** Why the evaluation as a whole failed (e.g. the strategy could not combine the results). */
  readonly evaluationFailure?: string;
  /** What the evaluation screen noticed, naming sites (also in the ledger's anomalies table). */
  readonly anomalies?: readonly Anomaly[];
}

/** Phase timings of one round attempt, in milliseconds. */
export interface RoundTimings {
  readonly totalMs: number;
  readonly fitMs: number;
  readonly aggregateMs: number;
  readonly evaluateMs: number;
  readonly commitMs: number;
}

/** The result of one round attempt. `state` says whether it was made durable. */
export interface RoundOutcome extends EvaluationRecord {
  readonly round: number;
  readonly attempt: number;
  readonly state: 'committed' | 'failed';
  readonly reason?: string;
  /** The new global trainable tensors (the old global when the round failed). */
  readonly global: TensorSet;
  readonly fit: readonly SiteFitRecord[];
  readonly timings: RoundTimings;
  readonly history: readonly RoundTransition[];
  /** What the fit screen noticed, naming sites (the evaluation's own anomalies are in `anomalies`). */
  readonly fitAnomalies?: readonly Anomaly[];
  /** DP strategies: (ε, δ) spent once this round is committed. */
  readonly privacy?: PrivacySpent;
}

/** What the durable commit receives: the committed global and the fit records (evaluation follows later). */
export type CommitInput = Pick<RoundOutcome, 'round' | 'attempt' | 'global' | 'fit' | 'timings' | 'history' | 'fitAnomalies' | 'privacy'>;

/** Everything a round needs from its run. */
export interface RoundInputs {
  readonly round: number;
  readonly attempt: number;
  readonly strategy: Strategy;
  readonly global: TensorSet;
  readonly sites: readonly ConnectedSite[];
  readonly spec: RunSpec;
  /** Frozen trunk tensors sent to sites that do not hold them (null at +B1: nothing frozen). */
  readonly frozen: TensorSet | null;
  /** The run's site preparation (a reconnected site has a new proxy and is prepared again). */
  readonly preparation: SitePreparation;
  readonly options: RoundOptions;
  /** The acceptance checks of fit results, in order. @default FIT_CHECKS (`acceptance.ts`) */
  readonly fitChecks?: readonly FitCheck[];
  /** Makes the round durable (checkpoint then ledger); a throw fails the round. */
  readonly commit: (round: CommitInput) => Promise<void>;
  /** Records the committed round's evaluation against it (after `commit`). */
  readonly recordEvaluation: (round: number, attempt: number, evaluation: EvaluationRecord, history: readonly RoundTransition[]) => void;
  /** Watches the round (dashboard, metrics, progress); never changes it. */
  readonly observer?: RunObserver;
}

/** The sampled sites and their instructions (the fit plan). */
export interface FitPlan {
  readonly siteInfos: readonly SiteInfo[];
  readonly instructions: ReadonlyMap<string, FitIns>;
}
