/**
 * The federation's domain types: what the coordinator loop, strategies, proxies and the wire share.
 * Names follow Flower (FitIns/FitRes/EvaluateIns/EvaluateRes), over TensorSets instead of NDArrays.
 */
import type { ClassCounts, Confusion } from '../domain/confusion.js';
import type { UnfreezeLevel } from '../domain/levels.js';
import type { TensorSet } from '../domain/tensor-set.js';
import type { EvalSplit, OptimizerKind } from '../domain/kinds.js';
import type { SiteWeighting } from './site-weights.js';
import type { ClassPrototype } from '../domain/prototype.js';

/** Site-side training settings sent with each FitIns. */
export interface FitConfig {
  readonly localEpochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** FedProx proximal coefficient μ (0 = plain FedAvg local training). */
  readonly proximalMu: number;
  /** Seed for the site's shuffling/augmentation this round. */
  readonly seed: number;
  /** The local optimiser `learningRate` is meant for (on the wire, so no site guesses it). @default 'adam' */
  readonly optimizer: OptimizerKind;
  /** BCE weights from the GLOBAL class prior (all sites' registered counts). @default the site's own */
  readonly classWeights?: { readonly 0: number; readonly 1: number };
  /** Tensors the site keeps local (FedPer: its own head across rounds). @default none */
  readonly localTensors?: readonly string[];
  /** Train with the logit-adjusted loss of the site's own class prior instead of class weights. @default false */
  readonly logitAdjust?: boolean;
  /** Class-prototype alignment: weight λ of the term (`shared/train/align.ts`); the site reports prototypes. @default off */
  readonly prototypeWeight?: number;
  /** Global class prototypes to align features to; absent before the first aggregate. */
  readonly prototypes?: readonly ClassPrototype[];
  /** SCAFFOLD: correct every local step by (control − the site's own control variate); report `localSteps`. @default false */
  readonly scaffold?: boolean;
  /** SCAFFOLD's server control variate (the trainable tensors' layout); absent before the first aggregate (zeros). */
  readonly control?: TensorSet;
}

/** Instructions for one site to train one round. */
export interface FitIns {
  readonly runId: string;
  readonly round: number;
  readonly level: UnfreezeLevel;
  /** SHA-256 (hex) of the frozen trunk tensors the trainable part sits on. */
  readonly trunkHash: string;
  /** Current global values of the tensors trainable at `level`. */
  readonly tensors: TensorSet;
  readonly config: FitConfig;
}

/** Aggregate training metrics a site may report (never per-image values). */
export interface FitMetrics {
  readonly trainLoss: number;
  readonly trainAccuracy?: number;
  /** Wall time the site spent training (excludes transfer), for round-overhead accounting. */
  readonly trainSeconds?: number;
  /** Optimizer steps taken this round (SCAFFOLD turns the update into a control variate with it). */
  readonly localSteps?: number;
}

/** A site's answer to FitIns. */
export interface FitRes {
  readonly runId: string;
  readonly round: number;
  readonly siteId: string;
  readonly numExamples: number;
  readonly tensors: TensorSet;
  readonly metrics: FitMetrics;
  /** Per-class mean features of the trained local model (only when FitConfig.prototypeWeight is set). */
  readonly prototypes?: readonly ClassPrototype[];
}

/** Instructions to evaluate the given model on a site's evaluation split. */
export interface EvaluateIns {
  readonly runId: string;
  readonly round: number;
  readonly level: UnfreezeLevel;
  readonly trunkHash: string;
  readonly tensors: TensorSet;
  /** Which local split to score. @default 'test' */
  readonly split: EvalSplit;
  /** Decision threshold on the sigmoid score. @default 0.5 */
  readonly threshold: number;
  /** Equal score bins over [0,1] the EvaluateRes histograms must have (the run's, never the site's choice). @default 20 */
  readonly histogramBins: number;
  /** Tensors the site scores with its own local copy (FedPer). @default none */
  readonly localTensors?: readonly string[];
}

/**
 * A site's evaluation: confusion counts and a fixed-bin histogram of scores per class, so the
 * coordinator can compute federated ROC-AUC without any per-image row. `withheld` is true when
 * the split had fewer than k examples and the detail was suppressed.
 */
export interface EvaluateRes {
  readonly runId: string;
  readonly round: number;
  readonly siteId: string;
  readonly numExamples: number;
  readonly loss: number;
  readonly confusion: Confusion;
  /** Counts of positive-class scores in `EvaluateIns.histogramBins` equal bins over [0,1]. */
  readonly positiveHistogram: readonly number[];
  /** Counts of negative-class scores in the same bins. */
  readonly negativeHistogram: readonly number[];
  readonly withheld: boolean;
}

/** A site that failed a request this round, as data (Flower's `failures`). */
export interface SiteFailure {
  readonly siteId: string;
  readonly reason: string;
}

/**
 * A site the coordinator can talk to, whatever the transport. The run calls `prepare` once per site per
 * connection before its first fit/evaluate (the proxy sends `frozen` only if the site lacks the trunk); with
 * `global`, a transport that can also leaves the run's current global with the site, so the next instruction
 * may name it instead of carrying it.
 */
export interface ClientProxy {
  readonly siteId: string;
  prepare(spec: RunSpec, frozen: TensorSet | null, deadlineMs: number, global?: TensorSet): Promise<void>;
  fit(ins: FitIns, deadlineMs: number): Promise<FitRes>;
  evaluate(ins: EvaluateIns, deadlineMs: number): Promise<EvaluateRes>;
}

/** What a strategy knows of a site when it samples. */
export interface SiteInfo {
  readonly siteId: string;
  readonly numTrainExamples: number;
  /** Registered training counts per class (class-balanced weighting, global class prior). */
  readonly trainCounts?: ClassCounts;
}

/** What a site reports when it registers: counts per split, nothing else about its data. */
export interface SiteRegistration {
  readonly siteId: string;
  readonly protocolVersion: number;
  readonly capabilities: readonly string[];
  readonly counts: { readonly train: ClassCounts; readonly val: ClassCounts; readonly test: ClassCounts };
  /** Equal-bin counts of training-image gray levels (harmonisation opt-in); counts only. */
  readonly intensityHistogram?: readonly number[];
}

/** Fixed per-run context a strategy is constructed with (it builds FitIns/EvaluateIns from it). */
export interface RunContext {
  readonly runId: string;
  readonly level: UnfreezeLevel;
  readonly trunkHash: string;
  readonly fit: FitConfig;
  /** Seed for site sampling (combined with the round number). */
  readonly seed: number;
  /** Fraction of available sites sampled per round. @default 1 */
  readonly fraction: number;
  /** Never sample fewer than this many sites. @default 2 */
  readonly minFitSites: number;
  /** Decision threshold sent with EvaluateIns. @default 0.5 */
  readonly threshold: number;
  /** Histogram bins sent with EvaluateIns (every EvaluateRes must use them). @default DEFAULT_HISTOGRAM_BINS (20) */
  readonly histogramBins: number;
  /** Methods against label skew (site weighting, global class prior, local head). @default none: plain FedAvg */
  readonly skew?: LabelSkewOptions;
}

/** The strategy-side methods against label skew (see docs/federation.md, "Methods against label skew"). */
export interface LabelSkewOptions {
  /** How sites are weighted in the mean. @default 'examples' (FedAvg) */
  readonly siteWeighting: SiteWeighting;
  /** Largest share of one site under 'capped'. @default 0.5 */
  readonly maxShare: number;
  /** Send each site BCE weights from the global class prior (registered counts). @default false */
  readonly classPrior: boolean;
  /** Keep the head local (FedPer): aggregate only the other tensors; sites keep their own head. @default false */
  readonly localHead: boolean;
  /** Ask each site for the logit-adjusted loss of its own class prior (FedLC-style). @default false */
  readonly logitAdjust?: boolean;
  /** Class-prototype alignment weight λ (sites report prototypes; the coordinator sends the global ones). @default off */
  readonly prototypeWeight?: number;
}

/** Federated evaluation of one round: summed counts and the metrics derived from them. */
export interface FederatedEvaluation {
  readonly round: number;
  readonly numExamples: number;
  /** Example-weighted mean loss over sites that reported. */
  readonly loss: number;
  readonly confusion: Confusion;
  readonly positiveHistogram: readonly number[];
  readonly negativeHistogram: readonly number[];
  /** null when undefined (no positives / no negatives); `reason` says which. */
  readonly sensitivity: number | null;
  readonly specificity: number | null;
  readonly accuracy: number | null;
  readonly auc: number | null;
  readonly reason?: string;
  /** Sites whose metrics were withheld (fewer than k examples) and not summed. */
  readonly withheldSites: readonly string[];
}

/**
 * Federated strategy (Flower style): decides what each round sends and how results combine.
 * Pure except for explicit server-optimiser state (FedAdam), which `getState`/`setState` expose so a
 * resumed run continues bit-identically.
 */
export interface Strategy {
  readonly name: string;
  /** Chooses sites and builds their FitIns for `round`. */
  configureFit(round: number, global: TensorSet, sites: readonly SiteInfo[]): ReadonlyMap<string, FitIns>;
  /** Combines the round's (validated) results into the next global trainable tensors. */
  aggregateFit(round: number, global: TensorSet, results: readonly FitRes[], failures: readonly SiteFailure[]): TensorSet;
  configureEvaluate(round: number, global: TensorSet, sites: readonly SiteInfo[]): ReadonlyMap<string, EvaluateIns>;
  /** Sums the sites' counts into federated metrics. */
  aggregateEvaluate(round: number, results: readonly EvaluateRes[], failures: readonly SiteFailure[]): FederatedEvaluation;
  /** Server-side state to checkpoint with the model (empty for stateless strategies). */
  getState(): TensorSet;
  /** Restores state saved by `getState` (on resume). */
  setState(state: TensorSet): void;
  /** Differential-privacy strategies: the privacy spent once `round` rounds are committed. */
  privacy?(round: number): PrivacySpent;
}

/** (ε, δ) spent so far by a DP strategy, with the settings behind it. */
export interface PrivacySpent {
  readonly epsilon: number;
  readonly delta: number;
  /** RDP order at which ε was attained. */
  readonly order: number;
  readonly noiseMultiplier: number;
  readonly clip: number;
  readonly rounds: number;
}

/**
 * Everything a site needs once per run, before any round: the model architecture (as JSON, see
 * `shared/model`), the unfreeze level, and the hash of the frozen tensors it must hold.
 */
export interface RunSpec {
  readonly runId: string;
  readonly level: UnfreezeLevel;
  /** Serialised model configuration (input size, head) as `shared/model` defines it. */
  readonly modelConfigJson: string;
  /** SHA-256 (hex) of the frozen tensors at `level`; equals FitIns.trunkHash for the run. */
  readonly trunkHash: string;
  /** Harmonisation reference (probabilities over equal gray-level bins); absent = none. */
  readonly referenceHistogram?: readonly number[];
}

/**
 * What a site runs for the coordinator, whatever the transport: `site-client/client.ts` (socket.io)
 * and the in-memory proxy both call it; `site-client/executor.ts` implements it with the local trainer.
 */
export interface SiteHandler {
  readonly siteId: string;
  /** Whether the frozen tensors with this hash are already held locally (then they are not sent). */
  hasTrunk(trunkHash: string): Promise<boolean>;
  /** Installs the run's frozen tensors (verified against `spec.trunkHash`) and model config. */
  prepareRun(spec: RunSpec, frozen: TensorSet | null): Promise<void>;
  /** Trains on local data; once `signal` aborts, stops at the next batch boundary with a CancelledError. */
  fit(ins: FitIns, onHeartbeat?: (progress: number) => void, signal?: AbortSignal): Promise<FitRes>;
  /** Scores the received model on a local split; `signal` as for fit (checked between its stages). */
  evaluate(ins: EvaluateIns, signal?: AbortSignal): Promise<EvaluateRes>;
  /**
   * What the site registers with (counts only). Optional: the socket client registers zero counts and no
   * capabilities without it (and logs a warning), so implement it wherever counts are known.
   */
  describe?(): Promise<SiteDescription>;
}

/** The part of a registration a SiteHandler supplies; the transport adds site id and protocol version. */
export type SiteDescription = Pick<SiteRegistration, 'capabilities' | 'counts' | 'intensityHistogram'>;
