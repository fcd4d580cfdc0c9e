/**
 * The experiment configuration: one zod schema (defaults applied once), the `paper` and `real` presets,
 * and the `--quick` shrink used in CI. Everything a run does is decided here and printed before it starts.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../shared/domain/errors.js';
import { UNFREEZE_LEVELS } from '../shared/domain/levels.js';

const Level = z.enum(UNFREEZE_LEVELS);
const Init = z.enum(['random', 'pneumonia', 'related', 'imagenet']);
/** One starting point of a trained model. */
export type InitName = z.infer<typeof Init>;

/**
 * Federated methods the runner knows (each maps to a strategy + site options in `methods.ts`); every method
 * but fedper is also reported personalised ("+finetune": the global model fine-tuned locally after federated
 * training; "+ensemble": that model averaged with the site's locally trained one, `ensemble.ts`).
 */
export const METHOD_NAMES = ['fedavg', 'balanced', 'logit-adjusted', 'harmonised', 'balanced+harmonised', 'fedper', 'aligned', 'balanced+aligned', 'fedadam', 'clustered', 'scaffold', 'balanced+scaffold', 'clustered+scaffold'] as const;
/** A federated method. */
export type MethodName = (typeof METHOD_NAMES)[number];

/** One init's pretraining carve (train and validation images per class) and its epoch budget at +B1. */
const PretrainSet = z
  .object({ perClass: z.number().int().positive().default(150), valPerClass: z.number().int().positive().default(40), epochs: z.number().int().positive().default(4) })
  .strict();

const Counts = z.object({ normal: z.number().int().min(0), disease: z.number().int().min(0) }).strict();

/** Zod schema of an experiment (`--config exp.yaml`). */
export const ExperimentSchema = z
  .object({
    name: z.string().min(1),
    /** 'real' reads ../shared/data; 'paper' renders phantoms (always labelled SYNTHETIC). */
    kind: z.enum(['real', 'paper']),
    /** @default 64 */
    inputSize: z.number().int().min(32).default(64),
    data: z
      .object({ kermany: z.string().default('../shared/data/kermany/train'), nih1000: z.string().default('../shared/data/nih1000/manifest.csv') })
      .strict()
      .default({ kermany: '../shared/data/kermany/train', nih1000: '../shared/data/nih1000/manifest.csv' }),
    /** Site sizes: `study` is the study's counts; `scaled` enlarges the mixed site only. */
    sizes: z
      .object({ gz: Counts, nihcc: Counts, mixed: Counts, mixedScaled: Counts.optional() })
      .strict()
      .default({ gz: { normal: 0, disease: 91 }, nihcc: { normal: 94, disease: 0 }, mixed: { normal: 23, disease: 28 } }),
    /** Per-class fractions of each site's patients held out. */
    split: z
      .object({
        test: z.number().gt(0).lt(1).default(0.3),
        val: z.number().gt(0).lt(1).default(0.2),
        /**
         * Seed number i of the comparison tests fold i mod k of repeat ⌊i / k⌋ of a patient k-fold of every site
         * (k = `folds`; each repeat a fresh partition), the rest split into train and validation, so seeds × folds
         * cover each site's patients; false: one fixed split.
         */
        rotate: z.boolean().default(true),
        /** k of the comparison's rotation: 3 seeds test each patient once, 6 twice (on two partitions). */
        folds: z.number().int().min(2).default(3),
      })
      .strict()
      .prefault({}),
    train: z
      .object({
        batchSize: z.number().int().positive().default(16),
        learningRate: z.number().positive().default(3e-4),
        seed: z.number().int().default(11),
      })
      .strict()
      .prefault({}),
    /** Inits the runner pretrains itself (real only): images per class and epochs at +B1, per init. */
    pretrain: z.object({ pneumonia: PretrainSet.prefault({}), related: PretrainSet.prefault({}) }).strict().prefault({}),
    /** A checkpoint directory of ImageNet weights (from `fedcxr import-weights`); adds the imagenet init. */
    imagenetCheckpoint: z.string().optional(),
    /**
     * The training budget, chosen on validation before any comparison: every (level, learning rate) of the grid
     * is trained once centralised (all sites pooled) and once federated (FedAvg), and scored on a tuning carve
     * of the mixed institution that no site, fold or pretraining set contains; each arm then uses its best.
     * Disabled: `federated.level` and `train.learningRate` for both.
     */
    tune: z
      .object({
        enabled: z.boolean().default(true),
        levels: z.array(Level).min(1).default(['FC', '+B5']),
        learningRates: z.array(z.number().positive()).min(1).default([3e-4, 1e-3]),
        /** Images per class of the tuning carve. */
        perClass: z.number().int().positive().default(40),
      })
      .strict()
      .prefault({}),
    sweep: z
      .object({
        enabled: z.boolean().default(true),
        inits: z.array(Init).default(['pneumonia', 'random']),
        levels: z.array(Level).default([...UNFREEZE_LEVELS]),
        folds: z.number().int().min(2).default(3),
        repeats: z.number().int().min(1).default(1),
        epochs: z.number().int().positive().default(4),
      })
      .strict()
      .prefault({}),
    cross: z
      .object({ enabled: z.boolean().default(true), inits: z.array(Init).default(['related', 'random']), level: Level.default('+B5'), epochs: z.number().int().positive().default(6) })
      .strict()
      .prefault({}),
    federated: z
      .object({
        enabled: z.boolean().default(true),
        inits: z.array(Init).default(['related', 'random']),
        level: Level.default('+B5'),
        rounds: z.number().int().positive().default(6),
        localEpochs: z.number().int().positive().default(1),
        seeds: z.array(z.number().int()).min(1).default([1, 2, 3]),
        sizes: z.array(z.enum(['study', 'scaled'])).default(['study', 'scaled']),
        methods: z.array(z.enum(METHOD_NAMES)).default(['fedavg', 'balanced', 'harmonised', 'balanced+harmonised']),
        /**
         * Each seed of the comparison starts from its own init: random drawn, related / pneumonia pretrained (on the
         * same carve) with a seed of its own, so the spread over seeds, and the goal check's CIs, include the init's.
         * Off: every seed starts from the run's one init (tuning, the sweep and cross-institution always do).
         */
        initPerSeed: z.boolean().default(false),
        /** Local epochs of the personalisation fine-tune (head only). */
        finetuneEpochs: z.number().int().positive().default(3),
        /**
         * Weights λ of the class-prototype alignment term tried for the 'aligned' methods; with tuning on, each is
         * scored on the tuning carve (FedAvg + alignment at the federated budget) and the best is used, else the first.
         */
        prototypeWeights: z.array(z.number().positive()).min(1).default([0.3, 1, 3]),
        /**
         * Local SGD learning rate of the server-optimizer method 'fedadam' (sites take plain SGD steps; the
         * coordinator applies Adam to the averaged step at a server rate tuned among `tune.learningRates`).
         */
        clientLearningRate: z.number().positive().default(0.01),
        /**
         * Local SGD learning rates tried for the SCAFFOLD methods (sites take plain SGD steps corrected by the
         * control variates; the coordinator averages, server rate 1); with tuning on, each is scored on the tuning
         * carve at the federated budget's level and the best is used, else the first.
         */
        scaffoldRates: z.array(z.number().positive()).min(1).default([0.03, 0.1, 0.3, 1]),
        /**
         * FedAdam's server rate η when tuning is off (with tuning on, the tuning carve chooses it among
         * `tune.learningRates`). @default the first of `tune.learningRates`
         */
        serverLearningRate: z.number().positive().optional(),
        /**
         * Clusters of the 'clustered' method: the sites are grouped by their shared intensity histograms into this
         * many federations (`shared/federation/site-clusters.ts`), each training its own model with FedAvg.
         */
        clusters: z.number().int().positive().default(2),
      })
      .strict()
      .prefault({}),
    /**
     * A held-out set of the mixed institution (images per class; 0 = none): carved after every other carve from
     * patients in no site, fold, tuning or pretraining set (real), or phantoms of another seed (paper). Never used
     * for training, selection or thresholds; every model is scored on it as the external set (unless `--external`
     * gives one), and the goal check is repeated on it.
     */
    holdout: z.object({ perClass: z.number().int().min(0).default(0) }).strict().prefault({}),
    /** Bootstrap resamples behind every CI. */
    resamples: z.number().int().min(100).default(1000),
  })
  .strict();

/** A validated experiment with every default filled in. */
export type ExperimentConfig = z.infer<typeof ExperimentSchema>;

/** What both presets share: the budget grid, the sweep, and the federated comparison's schedule and methods. */
const SHARED = {
  tune: { levels: ['FC', '+B5'], learningRates: [3e-4, 1e-3], perClass: 40 },
  sweep: { inits: ['pneumonia', 'random'], folds: 3, repeats: 1, epochs: 3 },
  federated: {
    level: '+B5',
    rounds: 10,
    localEpochs: 1,
    seeds: [1, 2, 3],
    initPerSeed: true,
    methods: ['fedavg', 'balanced', 'harmonised', 'fedper', 'aligned', 'balanced+aligned', 'fedadam'],
    finetuneEpochs: 5,
    prototypeWeights: [0.01, 0.1, 1],
  },
} as const;

const REAL = {
  name: 'real',
  kind: 'real',
  sizes: { gz: { normal: 0, disease: 91 }, nihcc: { normal: 94, disease: 0 }, mixed: { normal: 23, disease: 28 }, mixedScaled: { normal: 150, disease: 150 } },
  // pneumonia: only the sweep's reference init. related: the federated comparison's init, so it gets as much of
  // nih1000 as the nihcc site leaves (patient-disjoint) and a real epoch budget.
  pretrain: { pneumonia: { perClass: 100, valPerClass: 30, epochs: 3 }, related: { perClass: 170, valPerClass: 30, epochs: 10 } },
  tune: SHARED.tune,
  sweep: SHARED.sweep,
  cross: { inits: ['related', 'random'], epochs: 10 },
  federated: { ...SHARED.federated, inits: ['related', 'random'], sizes: ['study', 'scaled'] },
  holdout: { perClass: 200 },
} as const;

const PAPER = {
  name: 'paper',
  kind: 'paper',
  sizes: { gz: { normal: 0, disease: 91 }, nihcc: { normal: 94, disease: 0 }, mixed: { normal: 23, disease: 28 } },
  tune: SHARED.tune,
  sweep: SHARED.sweep,
  cross: { inits: ['pneumonia', 'random'], epochs: 10 },
  federated: { ...SHARED.federated, inits: ['pneumonia', 'random'], sizes: ['study'] },
  holdout: { perClass: 100 },
} as const;

/** The named presets. */
export const PRESETS: Readonly<Record<string, unknown>> = { real: REAL, paper: PAPER };

/** Shrinks a config for CI: tiny sizes, 1 seed, 2 folds, 2 levels, few rounds and epochs. */
export function quickConfig(c: ExperimentConfig): ExperimentConfig {
  const small = (n: number): number => (n === 0 ? 0 : Math.max(6, Math.round(n / 4)));
  const sz = (x: { normal: number; disease: number }) => ({ normal: small(x.normal), disease: small(x.disease) });
  return {
    ...c,
    name: `${c.name}-quick`,
    inputSize: 32,
    sizes: { gz: sz(c.sizes.gz), nihcc: sz(c.sizes.nihcc), mixed: { normal: 12, disease: 12 }, ...(c.sizes.mixedScaled ? { mixedScaled: { normal: 16, disease: 16 } } : {}) },
    pretrain: { pneumonia: { perClass: 16, valPerClass: 6, epochs: 1 }, related: { perClass: 16, valPerClass: 6, epochs: 1 } },
    tune: { ...c.tune, levels: c.tune.levels.slice(0, 1), learningRates: c.tune.learningRates.slice(0, 2), perClass: 8 },
    sweep: { ...c.sweep, inits: c.sweep.inits.slice(0, 2), levels: ['FC', '+B5'], folds: 2, repeats: 1, epochs: 1 },
    cross: { ...c.cross, inits: c.cross.inits.slice(0, 1), level: 'FC', epochs: 2 },
    federated: { ...c.federated, inits: c.federated.inits.slice(0, 1), level: 'FC', rounds: 2, localEpochs: 1, seeds: [1], finetuneEpochs: 1, methods: ['fedavg', 'balanced', 'harmonised', 'aligned', 'fedadam', 'clustered', 'scaffold'], prototypeWeights: c.federated.prototypeWeights.slice(0, 1) },
    holdout: { perClass: Math.min(c.holdout.perClass, 8) },
    resamples: 200,
  };
}

/** Validates an unknown value as an experiment config; ConfigError naming the bad field. */
export function parseExperiment(value: unknown): ExperimentConfig {
  const r = ExperimentSchema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new ConfigError(`experiment config: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`);
}

/** Resolves `--preset NAME` or `--config FILE` (exactly one) into a validated config. */
export async function resolveExperiment(o: { preset?: string | undefined; config?: string | undefined; quick?: boolean; seeds?: number | undefined; runSeed?: number | undefined }): Promise<ExperimentConfig> {
  if ((o.preset === undefined) === (o.config === undefined)) throw new ConfigError('give exactly one of --preset NAME or --config FILE');
  let raw: unknown;
  if (o.preset !== undefined) {
    raw = PRESETS[o.preset];
    if (raw === undefined) throw new ConfigError(`unknown preset ${o.preset}; use one of ${Object.keys(PRESETS).join(', ')}`);
  } else {
    raw = parseYaml(await readFile(o.config as string, 'utf8'));
  }
  const c = parseExperiment(raw);
  // Explicit seeds win over --quick's single seed.
  return withRunSeed(withSeeds(o.quick ? quickConfig(c) : c, o.seeds), o.runSeed);
}

/**
 * The config with another run seed (`--run-seed n`): every carve (sites, pretraining, tuning and held-out sets)
 * drawn afresh and all training seeded anew, the rest unchanged; named `<name>-seed<n>` so its report says so.
 */
export function withRunSeed(c: ExperimentConfig, n: number | undefined): ExperimentConfig {
  if (n === undefined) return c;
  if (!(Number.isInteger(n) && n >= 0)) throw new ConfigError(`--run-seed must be a whole number ≥ 0, got ${n}`);
  return { ...c, name: `${c.name}-seed${n}`, train: { ...c.train, seed: n } };
}

/**
 * The config with the comparison's seeds set to 1…n (`--seeds n`); with rotation, seeds beyond `split.folds`
 * repeat the k-fold on a fresh patient partition, and seeds 1…k keep their cells, so a finished run extends.
 */
export function withSeeds(c: ExperimentConfig, n: number | undefined): ExperimentConfig {
  if (n === undefined) return c;
  if (!(Number.isInteger(n) && n >= 1)) throw new ConfigError(`--seeds must be a whole number ≥ 1, got ${n}`);
  return { ...c, federated: { ...c.federated, seeds: Array.from({ length: n }, (_, i) => i + 1) } };
}
