/**
 * The federated-run settings shared by coordinator.yaml and sim.yaml, with every default in one place
 * (DESIGN §2: zod schemas in shared/config/). Durations are in seconds in files, milliseconds in code.
 */
import { z } from 'zod';
import { DEFAULT_MAX_UPDATE_NORM } from '../federation/validate-update.js';
import { UNFREEZE_LEVELS } from '../domain/levels.js';
import { SITE_WEIGHTINGS } from '../federation/site-weights.js';

/** Strategy names accepted in configs. */
export const STRATEGY_NAMES = ['fedavg', 'fedprox', 'fedadam', 'median', 'trimmed-mean'] as const;

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
    maxUpdateNorm: z.number().positive().default(DEFAULT_MAX_UPDATE_NORM),
    keepCheckpoints: z.number().int().nonnegative().default(5),
    threshold: z.number().gt(0).lt(1).default(0.5),
    seed: z.number().int().default(42),
    /** Federated harmonisation: build a reference from the sites' shared intensity histograms; sites map to it. @default false */
    harmonise: z.boolean().default(false),
  })
  .strict()
  .refine((c) => c.minAvailableSites >= c.minFitSites, { message: 'minAvailableSites must be ≥ minFitSites', path: ['minAvailableSites'] });

/** A parsed federation block. */
export type FederationConfig = z.infer<typeof FederationSchema>;

