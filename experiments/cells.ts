/**
 * The experiment's cells — the unit that is computed once, stored as JSON and never recomputed: pretraining
 * an init, one sweep fold, one cross-institution direction, one centralised baseline, one federated run.
 * Each returns scored records (never weights, except the pretrained inits, which live in `inits/`).
 */
import type { Sample } from '../shared/data/sample.js';
import type { UnfreezeLevel } from '../shared/domain/levels.js';
import { defaultModelConfig } from '../shared/model/config.js';
import { loadInitialModel, randomInitialModel } from '../coordinator/initial-model.js';
import { ConfigError } from '../shared/domain/errors.js';
import type { ExperimentConfig, InitName } from './config.js';
import { initSeed, initStoreName, ownInit, pretrainKey } from './init-seeds.js';
import { evaluateFull, ownValidation, POOLED_ALL, testSets, UNTRAINED_INIT, type EvalRecord, type ProbeRecord } from './evaluate-model.js';
import { patientKFold, repeatedRotation } from './folds.js';
import { budgetGrid, chooseBudget, tuneKey, TUNE_SET, type Arm, type Budget, type TunedLevel } from './budget.js';
import { labelsOf, scoreSets, trainModel, type FullModel } from './model-ops.js';
import { splitSamples } from '../site-client/data.js';
import type { CellStore } from './store.js';
import type { ExpSite, SiteSets } from './sites.js';

/** What a finished cell stores. */
export interface CellResult {
  readonly evals: EvalRecord[];
  readonly probes: ProbeRecord[];
  readonly seconds: number;
  readonly notes?: string[];
}

/** Everything cells share during one run. */
export interface CellContext {
  readonly cfg: ExperimentConfig;
  readonly store: CellStore;
  readonly sites: SiteSets;
  readonly external: readonly Sample[] | null;
}

/**
 * The starting model `name` (pretrained inits must have finished their cell first): the run's own, or with a
 * comparison `seed` and `federated.initPerSeed` that seed's own (`initSeed`). A checkpoint init (imagenet, the
 * paper preset's pneumonia) is one file, whole, and the same for every seed.
 */
export async function loadInit(ctx: CellContext, name: InitName, seed?: number): Promise<FullModel> {
  const { cfg } = ctx;
  if (name === 'random') {
    const m = randomInitialModel(cfg.inputSize, [256], initSeed(cfg, seed));
    return { config: m.config, tensors: m.tensors };
  }
  if (name === 'imagenet' || (name === 'pneumonia' && cfg.kind === 'paper')) {
    const checkpoint = name === 'imagenet' ? cfg.imagenetCheckpoint : 'pretrained';
    if (!checkpoint) throw new ConfigError('init imagenet needs imagenetCheckpoint (a directory from `fedcxr import-weights`)');
    const { model } = await loadInitialModel({ checkpoint, inputSize: cfg.inputSize, headUnits: [256], seed: cfg.train.seed }, { inputSize: cfg.inputSize });
    return { config: model.config, tensors: model.tensors };
  }
  const stored = initStoreName(cfg, name, seed);
  const tensors = await ctx.store.getTensors(stored);
  if (!tensors) throw new ConfigError(`init ${stored} has not been pretrained yet (cell ${pretrainKey(cfg, name, seed)})`);
  return { config: defaultModelConfig({ inputSize: cfg.inputSize }), tensors };
}

const started = (): (() => number) => {
  const t0 = performance.now();
  return () => (performance.now() - t0) / 1000;
};

/**
 * Pretrains a related-task or pneumonia init from random at +B1 on its patient-disjoint carve; keeps the best epoch
 * by validation AUC. With a comparison `seed` (and `federated.initPerSeed`): that seed's own init, from its own
 * random draw and shuffling on the same carve.
 */
export async function pretrainCell(ctx: CellContext, name: 'pneumonia' | 'related', seed?: number): Promise<CellResult> {
  const took = started();
  const set = ctx.sites.pretrain.get(name);
  if (!set) throw new ConfigError(`no pretraining carve for ${name}`);
  const p = ctx.cfg.pretrain[name];
  const trained = await trainModel(await loadInit(ctx, 'random', seed), set.train, set.val, {
    level: '+B1',
    epochs: p.epochs,
    batchSize: ctx.cfg.train.batchSize,
    learningRate: ctx.cfg.train.learningRate,
    seed: initSeed(ctx.cfg, seed),
    earlyStopping: { monitor: 'val_auc', patience: 2, restoreBest: true },
  });
  await ctx.store.putTensors(initStoreName(ctx.cfg, name, seed), trained.tensors);
  const { scores } = await scoreSets(trained, { val: set.val }, { level: '+B1' });
  // One row per init: the per-seed inits are its groups, apart from the run's own (tuning, sweep, cross-institution).
  const model = ownInit(ctx.cfg, seed) ? `init ${name}, one per seed` : `init ${name}`;
  const evals: EvalRecord[] = [{ model, evalOn: `${name} validation carve`, labels: labelsOf(set.val), scores: scores.val ?? [], threshold: 0.5 }];
  return { evals, probes: [], seconds: took(), notes: [`${set.train.length} train + ${set.val.length} validation images, +B1 from random, ${p.epochs} epochs max, best epoch by validation AUC (optimistic: chosen on this set)`] };
}

/** One fold of the unfreeze sweep on the mixed site: train at `level` on the other folds, threshold on a validation carve of them. */
export async function sweepCell(ctx: CellContext, init: InitName, level: UnfreezeLevel, repeat: number, fold: number): Promise<CellResult> {
  const took = started();
  const site = mixedSite(ctx, 'study');
  const all = [...site.data.train, ...site.data.val, ...site.data.test];
  const folds = patientKFold(all, ctx.cfg.sweep.folds, ctx.cfg.train.seed + 1000 * repeat);
  const test = folds[fold] ?? [];
  const rest = folds.filter((_, i) => i !== fold).flat();
  const inner = splitSamples(rest, { testFraction: 0, valFraction: 0.25, seed: ctx.cfg.train.seed + repeat * 31 + fold });
  const trained = await trainModel(await loadInit(ctx, init), inner.train, inner.val, {
    level,
    epochs: ctx.cfg.sweep.epochs,
    batchSize: ctx.cfg.train.batchSize,
    learningRate: ctx.cfg.train.learningRate,
    seed: ctx.cfg.train.seed + fold,
  });
  const sets: Record<string, readonly Sample[]> = { fold: test, ...(ctx.external ? { external: ctx.external } : {}) };
  const { evals } = await evaluateFull(trained, `${init} ${level}`, { sets, val: inner.val, level });
  return { evals, probes: [], seconds: took() };
}

/** Cross-institution: train on the single-class institutions pooled and test on all of the mixed one, or the reverse. */
export async function crossCell(ctx: CellContext, init: InitName, direction: 'skewed-to-mixed' | 'mixed-to-skewed'): Promise<CellResult> {
  const took = started();
  const sites = siteSet(ctx, 'study');
  const mixed = mixedSite(ctx, 'study');
  const skewed = sites.filter((s) => s.role !== 'mixed');
  const trainOn = direction === 'skewed-to-mixed' ? skewed : [mixed];
  const testOn = direction === 'skewed-to-mixed' ? [mixed] : skewed;
  const whole = (s: ExpSite) => [...s.data.train, ...s.data.val, ...s.data.test];
  const b = ctx.cfg.tune.enabled ? await budgetOf(ctx, 'central', init) : { level: ctx.cfg.cross.level, learningRate: ctx.cfg.train.learningRate };
  const trained = await trainModel(await loadInit(ctx, init), trainOn.flatMap((s) => s.data.train), [], {
    level: b.level,
    epochs: ctx.cfg.cross.epochs,
    batchSize: ctx.cfg.train.batchSize,
    learningRate: b.learningRate,
    seed: ctx.cfg.train.seed,
  });
  const target = direction === 'skewed-to-mixed' ? `${mixed.id} (all images)` : `${skewed.map((s) => s.id).join('+')} (all images)`;
  const sets: Record<string, readonly Sample[]> = { [target]: testOn.flatMap(whole), ...(ctx.external ? { external: ctx.external } : {}) };
  const name = `train ${trainOn.map((s) => s.id).join('+')}`;
  const { evals } = await evaluateFull(trained, name, { sets, val: trainOn.flatMap((s) => s.data.val), level: b.level });
  return { evals, probes: [], seconds: took() };
}

/** What a centralised baseline cell trains (or, for 'init', only scores). */
export type CentralKind = 'pooled' | 'pooled-skewed' | `alone:${number}` | 'init';

/**
 * A centralised baseline (pooled images of some sites, or site number N alone) for the same passes over the data as
 * federated training; kind 'init' scores the untrained init on the same seed's folds (what every training starts from).
 */
export async function centralCell(ctx: CellContext, init: InitName, size: 'study' | 'scaled', seed: number, kind: CentralKind): Promise<CellResult> {
  const took = started();
  const sites = siteSet(ctx, size, seed);
  const b = await budgetOf(ctx, 'central', init);
  if (kind === 'init') {
    const { evals } = await evaluateFull(await loadInit(ctx, init, seed), UNTRAINED_INIT, { sets: testSets(sites, ctx.external ?? undefined), val: sites.flatMap((s) => s.data.val), valFor: ownValidation(sites), level: b.level });
    return { evals, probes: [], seconds: took() };
  }
  const trainOn = kind === 'pooled' ? sites : kind === 'pooled-skewed' ? sites.filter((s) => s.role !== 'mixed') : sites.filter((_, i) => `alone:${i}` === kind);
  if (trainOn.length === 0) throw new ConfigError(`central cell ${kind}: no such site`);
  const f = ctx.cfg.federated;
  const trained = await trainModel(await loadInit(ctx, init, seed), trainOn.flatMap((s) => s.data.train), [], {
    level: b.level,
    epochs: f.rounds * f.localEpochs,
    batchSize: ctx.cfg.train.batchSize,
    learningRate: b.learningRate,
    seed,
  });
  const name = kind === 'pooled' ? POOLED_ALL : kind === 'pooled-skewed' ? `pooled ${trainOn.map((s) => s.id).join('+')}` : `${trainOn[0]?.id} alone`;
  const { evals, probe } = await evaluateFull(trained, name, { sets: testSets(sites, ctx.external ?? undefined), val: trainOn.flatMap((s) => s.data.val), valFor: ownValidation(sites), probeSites: sites, level: b.level });
  return { evals, probes: probe ? [probe] : [], seconds: took() };
}

/** One tuning cell of the centralised arm: all sites pooled (first seed's folds) at one budget, scored on the tuning carve only. */
export async function tuneCentralCell(ctx: CellContext, init: InitName, b: Budget): Promise<CellResult> {
  const took = started();
  const f = ctx.cfg.federated;
  const sites = siteSet(ctx, 'study', f.seeds[0]);
  const trained = await trainModel(await loadInit(ctx, init), sites.flatMap((s) => s.data.train), [], {
    level: b.level,
    epochs: f.rounds * f.localEpochs,
    batchSize: ctx.cfg.train.batchSize,
    learningRate: b.learningRate,
    seed: f.seeds[0] ?? ctx.cfg.train.seed,
  });
  const { scores } = await scoreSets(trained, { tune: ctx.sites.tune }, { level: b.level });
  return { evals: [{ model: `${POOLED_ALL} ${b.level} lr ${b.learningRate}`, evalOn: TUNE_SET, labels: labelsOf(ctx.sites.tune), scores: scores.tune ?? [], threshold: 0.5 }], probes: [], seconds: took() };
}

/** The budget (level, learning rate) of an arm and init: the best finished tuning cell on the tuning carve. */
export async function budgetOf(ctx: CellContext, arm: Arm, init: InitName): Promise<Budget> {
  const scored = new Map<string, EvalRecord[]>();
  for (const b of budgetGrid(ctx.cfg)) {
    const key = tuneKey(arm, init, b);
    const r = await ctx.store.get<CellResult>(key);
    if (r) scored.set(key, r.evals);
  }
  return chooseBudget(ctx.cfg, scored, arm, init);
}

/**
 * The level tuning chose for each arm and init whose tuning cells have all finished (what `planCells` prices
 * those arms' cells at); undefined while any is missing, or with tuning off (the configured levels apply).
 */
export async function tunedLevels(ctx: CellContext): Promise<TunedLevel> {
  const known = new Map<string, UnfreezeLevel>();
  if (ctx.cfg.tune.enabled) {
    const inits = new Set<InitName>([...ctx.cfg.federated.inits, ...ctx.cfg.cross.inits]);
    for (const init of inits)
      for (const arm of ['central', 'federated'] as const) {
        const stored = await Promise.all(budgetGrid(ctx.cfg).map((b) => ctx.store.get(tuneKey(arm, init, b))));
        if (stored.every((r) => r !== null)) known.set(`${arm}/${init}`, (await budgetOf(ctx, arm, init)).level);
      }
  }
  return (arm, init) => known.get(`${arm}/${init}`);
}

/** The shortcut probe of an init before any training on the sites. */
export async function probeBeforeCell(ctx: CellContext, init: InitName, size: 'study' | 'scaled'): Promise<CellResult> {
  const took = started();
  const sites = siteSet(ctx, size);
  const { evals, probe } = await evaluateFull(await loadInit(ctx, init), UNTRAINED_INIT, { sets: testSets(sites), val: sites.flatMap((s) => s.data.val), probeSites: sites, level: ctx.cfg.federated.level });
  return { evals, probes: probe ? [probe] : [], seconds: took() };
}

/**
 * The sites at one size. With a federated seed and `split.rotate`, seed number i (its index in
 * `federated.seeds`) tests fold i mod k of repeat ⌊i / k⌋ of a patient k-fold of every site (k = `split.folds`;
 * each repeat a fresh partition) and splits the rest into train and validation; otherwise the one fixed split.
 */
export function siteSet(ctx: CellContext, size: 'study' | 'scaled', seed?: number): readonly ExpSite[] {
  const s = ctx.sites.bySize.get(size);
  if (!s) throw new ConfigError(`no sites at size ${size} (the config has no mixedScaled)`);
  const { cfg } = ctx;
  const i = seed === undefined ? -1 : cfg.federated.seeds.indexOf(seed);
  if (!cfg.split.rotate || i < 0) return s;
  const valShare = cfg.split.val / (1 - cfg.split.test);
  return s.map((site) => {
    const r = repeatedRotation([...site.data.train, ...site.data.val, ...site.data.test], cfg.split.folds, i, valShare, cfg.train.seed + 17);
    return { ...site, data: { ...site.data, train: r.train, val: r.val, test: r.test } };
  });
}

/** The mixed site at one size. */
export function mixedSite(ctx: CellContext, size: 'study' | 'scaled'): ExpSite {
  const m = siteSet(ctx, size).find((s) => s.role === 'mixed');
  if (!m) throw new ConfigError('no mixed site');
  return m;
}
