/**
 * The federated-run settings shared by coordinator.yaml and sim.yaml, with every default in one place
 * (DESIGN §2: zod schemas in shared/config/). Durations are in seconds in files, milliseconds in code.
 */
import { z } from 'zod';
import { DEFAULT_HISTOGRAM_BINS, MAX_HISTOGRAM_BINS } from '../federation/federated-metrics.js';
import { UNFREEZE_LEVELS } from '../domain/levels.js';
import { OPTIMIZERS } from '../domain/kinds.js';

/** Default bound on ‖update − global‖₂. Generous: it catches exploded or hostile updates, not drift. */
export const DEFAULT_MAX_UPDATE_NORM = 1e4;
import { SITE_WEIGHTINGS } from '../federation/site-weights.js';

/** Strategy names accepted in configs. */
export const STRATEGY_NAMES = ['fedavg', 'fedprox', 'fedadam', 'scaffold', 'median', 'trimmed-mean', 'dp-fedavg'] as const;

/** Strategy block. */
export const StrategySchema = z
  .object({
    name: z.enum(STRATEGY_NAMES).default('fedavg'),
    mu: z.number().positive().optional(),
    eta: z.number().positive().optional(),
    beta1: z.number().min(0).lt(1).optional(),
    beta2: z.number().min(0).lt(1).optional(),
    tau: z.number().positive().optional(),
    trim: z.number().min(0).lt(0.5).optional(),
    maxBytes: z.number().int().positive().optional(),
    /** Site weights of the mean: 'examples' (FedAvg), 'uniform', 'sqrt', 'capped', 'class-balanced'. @default 'examples' */
    siteWeighting: z.enum(SITE_WEIGHTINGS).optional(),
    /** Largest share of one site under siteWeighting 'capped'. @default 0.5 */
    maxShare: z.number().gt(0).max(1).optional(),
    /** Send sites BCE weights from the global class prior (registered counts). @default false */
    classPrior: z.boolean().optional(),
    /** FedPer: keep the head local at each site; aggregate only the federated blocks. @default false */
    localHead: z.boolean().optional(),
    /** Sites train with the logit-adjusted loss of their own class prior (label-skew correction). @default false */
    logitAdjust: z.boolean().optional(),
    /** Class-prototype alignment weight λ (fedavg, fedprox, fedadam); 0 or absent = off. @default off */
    prototypeWeight: z.number().min(0).max(100).optional(),
    /** dp-fedavg: L2 clip of one site's update, noise multiplier z (noise std z·clip on the sum), δ reported. */
    dp: z.object({ clip: z.number().positive(), noiseMultiplier: z.number().nonnegative(), delta: z.number().gt(0).lt(1).default(1e-5) }).strict().optional(),
  })
  .strict();

/** Byzantine defences applied to every round's updates (shared/federation/screen-updates.ts). */
export const RobustSchema = z
  .object({
    /** Above the adaptive bound an update is clipped, rejected, or (off) let through. @default 'clip' */
    normMode: z.enum(['clip', 'reject', 'off']).default('clip'),
    /** Bound = normFactor × the round's median update norm. @default 3 */
    normFactor: z.number().min(1).default(3),
    /** Largest share of the aggregation weight one site may hold. @default 0.5 */
    maxWeightShare: z.number().gt(0).max(1).default(0.5),
    /** Direction check against the median update (≥ 3 sites). @default 'flag' */
    direction: z.enum(['off', 'flag', 'reject']).default('flag'),
    /** Cosine to the median update below which the direction check fires. @default 0 */
    minCosine: z.number().min(-1).max(1).default(0),
  })
  .strict();

/** Model block: where the global model starts. */
export const ModelSourceSchema = z
  .object({
    /** Checkpoint dir; 'pretrained' = the committed pneumonia checkpoint; 'random' = random init. @default 'pretrained' */
    checkpoint: z.string().default('pretrained'),
    /** Input size (random init only; a checkpoint fixes its own). @default 224 */
    inputSize: z.number().int().min(32).default(224),
    /** Head dense units (random init only). @default [256] */
    headUnits: z.array(z.number().int().positive()).default([256]),
    /** Seed of the random init. @default 1 */
    seed: z.number().int().default(1),
  })
  .strict();

/** The federated run itself. */
export const FederationSchema = z
  .object({
    runId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).optional(),
    stateDir: z.string().default('./fedcxr-state'),
    model: ModelSourceSchema.default(ModelSourceSchema.parse({})),
    level: z.enum(UNFREEZE_LEVELS).default('+B5'),
    rounds: z.number().int().positive().default(10),
    localEpochs: z.number().int().positive().default(1),
    batchSize: z.number().int().positive().default(16),
    learningRate: z.number().positive().default(1e-4),
    /** Sites' local optimiser (sent in every FitConfig). @default 'adam' */
    optimizer: z.enum(OPTIMIZERS).default('adam'),
    strategy: StrategySchema.default(StrategySchema.parse({})),
    minFitSites: z.number().int().positive().default(2),
    minAvailableSites: z.number().int().positive().default(2),
    fraction: z.number().gt(0).max(1).default(1),
    roundDeadlineSeconds: z.number().positive().default(1800),
    evaluateDeadlineSeconds: z.number().positive().default(600),
    prepareDeadlineSeconds: z.number().positive().default(600),
    waitForSitesSeconds: z.number().nonnegative().default(300),
    heartbeatSeconds: z.number().positive().default(10),
    evaluateEvery: z.number().int().nonnegative().default(1),
    maxRoundAttempts: z.number().int().positive().default(3),
    /** Delay before a round's first retry, doubling after each failure (jittered). @default 5 */
    retryBackoffSeconds: z.number().nonnegative().default(5),
    /** Largest delay between two attempts of a round. @default 60 */
    retryBackoffMaxSeconds: z.number().positive().default(60),
    maxUpdateNorm: z.number().positive().default(DEFAULT_MAX_UPDATE_NORM),
    robust: RobustSchema.default(RobustSchema.parse({})),
    keepCheckpoints: z.number().int().nonnegative().default(5),
    threshold: z.number().gt(0).lt(1).default(0.5),
    /** Score-histogram bins of federated evaluation (sent to sites in EvaluateIns; coarse on purpose). @default 20 */
    histogramBins: z.number().int().min(2).max(MAX_HISTOGRAM_BINS).default(DEFAULT_HISTOGRAM_BINS),
    seed: z.number().int().default(42),
    /** Federated harmonisation: build a reference from the sites' shared intensity histograms; sites map to it. @default false */
    harmonise: z.boolean().default(false),
  })
  .strict()
  .refine((c) => c.minAvailableSites >= c.minFitSites, { message: 'minAvailableSites must be ≥ minFitSites', path: ['minAvailableSites'] });

/** A parsed federation block. */
export type FederationConfig = z.infer<typeof FederationSchema>;

