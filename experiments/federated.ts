/**
 * One federated cell: a whole federated run in-process through `sim/` (in-memory transport, the real round
 * loop, strategies, validation and site executors), deterministic per seed; then the global model scored on
 * every site's test fold and the external set, each two-class site's personalised model (the global model
 * fine-tuned locally at the federated budget's level and learning rate, class-balanced, through the shared trunk
 * cache; or FedPer's own head) on its own (the mixed site's also on the external set), that model ensembled with
 * the site's own locally trained one (`ensemble.ts`), and the shortcut probe.
 * Harmonised runs are scored on images mapped exactly as the sites map them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { harmoniser, mapSamples, referenceHistogram, sampleIntensityHistogram } from '../shared/data/harmonise.js';
import type { Sample } from '../shared/data/sample.js';
import { ConfigError } from '../shared/domain/errors.js';
import type { TensorSet } from '../shared/domain/tensor-set.js';
import type { RunOptions } from '../coordinator/run.js';
import { runSimulation, type SimSite } from '../sim/simulation.js';
import type { SiteExecutor } from '../site-client/executor.js';
import { budgetOf, loadInit, siteSet, type CellContext, type CellResult } from './cells.js';
import { alignKey, chooseAlignWeight, chooseScaffoldRate, chooseServerRate, scaffoldRateKey, serverRateKey, TUNE_SET, type Budget } from './budget.js';
import type { InitName, MethodName } from './config.js';
import { ensembleName, ensembleRecord } from './ensemble.js';
import { evaluateFull, EXTERNAL, type EvalRecord } from './evaluate-model.js';
import { methodSpec, type MethodParams } from './methods.js';
import { labelsOf, scoreSets, trainModel, withTensors, type FullModel } from './model-ops.js';
import { centralKey } from './plan.js';
import type { ExpSite } from './sites.js';
import { NO_SCREEN_POLICY } from '../shared/federation/screen-updates.js';
import { clusterSites } from '../shared/federation/site-clusters.js';

const INTENSITY_BINS = 64;

/** Per-site image mapping of a harmonised run (identity otherwise), computed as the sites compute it. */
export function siteMapper(sites: readonly ExpSite[], harmonise: boolean): (siteId: string, s: readonly Sample[]) => readonly Sample[] {
  if (!harmonise) return (_id, s) => s;
  const reference = referenceHistogram(sites.map((s) => sampleIntensityHistogram(s.data.train, INTENSITY_BINS)));
  const maps = new Map(sites.map((s) => [s.id, harmoniser(s.data.train, reference)]));
  return (id, s) => {
    const m = maps.get(id);
    if (!m) throw new ConfigError(`no harmonisation map for site ${id}`);
    return mapSamples(s, m);
  };
}

/**
 * The federations a method runs: one of every site, or (clustered) the groups `clusterSites` forms from the
 * sites' intensity histograms of their training images, computed as each site computes the one it shares.
 */
export function federations(sites: readonly ExpSite[], clusters: number | null): ExpSite[][] {
  if (clusters === null) return [[...sites]];
  const groups = clusterSites(sites.map((s) => ({ siteId: s.id, counts: sampleIntensityHistogram(s.data.train, INTENSITY_BINS) })), clusters);
  return groups.map((g) => sites.filter((s) => g.includes(s.id)));
}

/** FedPer's kept-local head of an executor, when the executor exposes one. */
function localHeadOf(e: SiteExecutor): TensorSet | null {
  const f = (e as unknown as { localTensors?: () => TensorSet }).localTensors;
  return typeof f === 'function' ? f.call(e) : null;
}

/** What one federated simulation needs. */
interface FederatedRun {
  readonly init: InitName;
  readonly sites: readonly ExpSite[];
  readonly seed: number;
  /** The comparison seed whose own init to start from (`loadInit`); undefined: the run's (tuning). */
  readonly initFor?: number;
  readonly method: MethodName;
  readonly budget: Budget;
  /** The method's tuned numbers (λ of the alignment methods, FedAdam's rates). */
  readonly params: MethodParams;
}

/** Runs a method through `sim/` and returns the global model and the executors (FedPer's heads). */
async function simulate(ctx: CellContext, r: FederatedRun): Promise<{ global: FullModel; executors: readonly SiteExecutor[] }> {
  const f = ctx.cfg.federated;
  const spec = methodSpec(r.method, r.params);
  const start = await loadInit(ctx, r.init, r.initFor);
  const stateDir = await mkdtemp(join(tmpdir(), 'fedcxr-exp-'));
  const run: RunOptions = {
    stateDir,
    level: r.budget.level,
    rounds: f.rounds,
    strategy: spec.strategy,
    fit: {
      localEpochs: f.localEpochs,
      batchSize: ctx.cfg.train.batchSize,
      learningRate: spec.local?.learningRate ?? r.budget.learningRate,
      seed: r.seed,
      optimizer: spec.local?.optimizer ?? 'adam',
    },
    seed: r.seed,
    fraction: 1,
    minFitSites: r.sites.length,
    minAvailableSites: r.sites.length,
    threshold: 0.5,
    histogramBins: 20,
    // Honest simulated sites: the label-skew methods are compared without the Byzantine screen's share caps and
    // norm clipping, which would confound them (the screen is measured on its own: bench/poisoning.ts).
    robust: NO_SCREEN_POLICY,
    fitDeadlineMs: 60 * 60_000,
    evaluateDeadlineMs: 30 * 60_000,
    prepareDeadlineMs: 30 * 60_000,
    waitForSitesMs: 60_000,
    evaluateEvery: 0,
    maxRoundAttempts: 1,
    maxUpdateNorm: 1e9,
    keepCheckpoints: 1,
    ...(spec.harmonise ? { harmonise: true } : {}),
  };
  const simSites: SimSite[] = r.sites.map((s) => ({ id: s.id, data: s.data, ...(spec.harmonise ? { options: { intensityBins: INTENSITY_BINS } } : {}) }));
  try {
    const sim = await runSimulation({ run, initial: { ...start, source: `experiment init ${r.init}` }, sites: simSites, transport: 'memory', minReportExamples: 1 });
    if (sim.result.status !== 'finished') throw new ConfigError(`federated run ${r.method} (${r.init}, seed ${r.seed}) failed: ${sim.result.reason ?? 'unknown'}`);
    return { global: withTensors(start, sim.result.global), executors: sim.executors };
  } finally {
    await rm(stateDir, { recursive: true, force: true });
  }
}

/** One tuning cell of the federated arm: FedAvg on the first seed's folds at study size at one budget, scored on the tuning carve only. */
export async function tuneFederatedCell(ctx: CellContext, init: InitName, budget: Budget): Promise<CellResult> {
  return tuneCell(ctx, init, { method: 'fedavg', budget, params: {} }, `fedavg ${budget.level} lr ${budget.learningRate}`);
}

/** One tuning cell of the alignment weight: FedAvg + alignment λ at the federated budget, as tuneFederatedCell. */
export async function tuneAlignedCell(ctx: CellContext, init: InitName, alignWeight: number): Promise<CellResult> {
  return tuneCell(ctx, init, { method: 'aligned', budget: await budgetOf(ctx, 'federated', init), params: { prototypeWeight: alignWeight } }, `aligned λ ${alignWeight}`);
}

/** One tuning cell of FedAdam's server rate η at the federated budget's level, as tuneFederatedCell. */
export async function tuneServerRateCell(ctx: CellContext, init: InitName, serverRate: number): Promise<CellResult> {
  const budget = await budgetOf(ctx, 'federated', init);
  const params = { serverRate, clientRate: ctx.cfg.federated.clientLearningRate };
  return tuneCell(ctx, init, { method: 'fedadam', budget, params }, `fedadam ${budget.level} η ${serverRate}`);
}

/** One tuning cell of the SCAFFOLD methods' local SGD rate at the federated budget's level, as tuneFederatedCell. */
export async function tuneScaffoldCell(ctx: CellContext, init: InitName, scaffoldRate: number): Promise<CellResult> {
  const budget = await budgetOf(ctx, 'federated', init);
  return tuneCell(ctx, init, { method: 'scaffold', budget, params: { scaffoldRate } }, `scaffold ${budget.level} lr ${scaffoldRate}`);
}

/** A federated run on the first seed's folds at study size, its global model scored on the tuning carve only. */
async function tuneCell(ctx: CellContext, init: InitName, r: Pick<FederatedRun, 'method' | 'budget' | 'params'>, model: string): Promise<CellResult> {
  const t0 = performance.now();
  const seed = ctx.cfg.federated.seeds[0] ?? ctx.cfg.train.seed;
  const { global } = await simulate(ctx, { init, sites: siteSet(ctx, 'study', seed), seed, ...r });
  const { scores } = await scoreSets(global, { tune: ctx.sites.tune }, { level: r.budget.level });
  const evals: EvalRecord[] = [{ model, evalOn: TUNE_SET, labels: labelsOf(ctx.sites.tune), scores: scores.tune ?? [], threshold: 0.5 }];
  return { evals, probes: [], seconds: (performance.now() - t0) / 1000 };
}

/** A method's tuned numbers for an init, from the finished tuning cells (see chooseAlignWeight, chooseServerRate). */
async function paramsOf(ctx: CellContext, init: InitName): Promise<MethodParams> {
  const scored = new Map<string, EvalRecord[]>();
  const f = ctx.cfg.federated;
  const keys = [...f.prototypeWeights.map((w) => alignKey(init, w)), ...ctx.cfg.tune.learningRates.map((eta) => serverRateKey(init, eta)), ...f.scaffoldRates.map((r) => scaffoldRateKey(init, r))];
  for (const key of keys) {
    const r = await ctx.store.get<CellResult>(key);
    if (r) scored.set(key, r.evals);
  }
  return {
    prototypeWeight: chooseAlignWeight(ctx.cfg, scored, init),
    serverRate: chooseServerRate(ctx.cfg, scored, init),
    clientRate: ctx.cfg.federated.clientLearningRate,
    clusters: ctx.cfg.federated.clusters,
    scaffoldRate: chooseScaffoldRate(ctx.cfg, scored, init),
  };
}

/**
 * The site's local–global ensembles (`ensemble.ts`) of its personalised records: its own model is the
 * centralised "alone" cell of the same init, size and seed, which the plan runs before the federated cells.
 */
async function ensembled(
  ctx: CellContext,
  at: { init: InitName; size: string; seed: number; index: number; site: string; method: MethodName },
  personal: readonly EvalRecord[],
  notes: string[],
): Promise<EvalRecord[]> {
  const alone = await ctx.store.get<CellResult>(centralKey(at.init, at.size, at.seed, `alone:${at.index}`));
  const out: EvalRecord[] = [];
  for (const p of personal) {
    const local = alone?.evals.find((e) => e.model === `${at.site} alone` && e.evalOn === p.evalOn);
    if (local?.val && p.val) out.push(ensembleRecord(ensembleName(at.method), local, p));
    else notes.push(`site ${at.site}: no ${ensembleName(at.method)} on ${p.evalOn}: its alone cell ${alone ? 'has no validation scores there' : 'has not run'}`);
  }
  return out;
}

/**
 * Runs method `method` from `init` on the sites of `size` with `seed` at the federated arm's budget (a clustered
 * method runs one federation per group of sites, each site deploying its group's model); scores the global
 * model on every site (each site's threshold from its own validation fold where it holds both classes)
 * and each site's personalised model: FedPer's own head everywhere, or for two-class sites the global model
 * fine-tuned locally at the same level.
 */
export async function federatedCell(ctx: CellContext, init: InitName, size: 'study' | 'scaled', seed: number, method: MethodName): Promise<CellResult> {
  const t0 = performance.now();
  const f = ctx.cfg.federated;
  const params = await paramsOf(ctx, init);
  const spec = methodSpec(method, params);
  const sites = siteSet(ctx, size, seed);
  const chosen = await budgetOf(ctx, 'federated', init);
  // FedPer federates the blocks below the head, so at FC it would federate nothing: it runs at +B5 then.
  const budget = spec.localHead && chosen.level === 'FC' ? { ...chosen, level: '+B5' as const } : chosen;
  const map = siteMapper(sites, spec.harmonise);
  // Each site's split mapped once (a harmonised run's mapping touches every pixel; the sets are scored and trained on repeatedly).
  const mappedSets = new Map<string, readonly Sample[]>();
  const mapped = (s: ExpSite, which: 'train' | 'val' | 'test'): readonly Sample[] => {
    const key = `${s.id}/${which}`;
    let m = mappedSets.get(key);
    if (!m) {
      m = map(s.id, s.data[which]);
      mappedSets.set(key, m);
    }
    return m;
  };
  // The external set stands for the mixed institution: a harmonised run maps it as the mixed site maps its
  // images, and it takes the mixed site's operating point.
  const mixedSite = sites.find((s) => s.role === 'mixed');
  const external = ctx.external ? (mixedSite ? map(mixedSite.id, ctx.external) : ctx.external) : null;
  const evals: EvalRecord[] = [];
  const probes = [];
  const notes: string[] = [];
  const groups = federations(sites, spec.clusters);
  if (spec.clusters !== null) notes.push(`federations ${groups.map((g) => g.map((s) => s.id).join('+')).join(' | ')} (intensity histograms, ${spec.clusters} clusters)`);
  for (const members of groups) {
    // Each federation's model is scored where it is deployed: its members' test folds (and the external set
    // when the mixed site is a member); the probe looks at the model the mixed site deploys, on every site.
    const { global, executors } = await simulate(ctx, { init, sites: members, seed, initFor: seed, method, budget, params });
    const deploysMixed = mixedSite !== undefined && members.includes(mixedSite);
    const sets: Record<string, readonly Sample[]> = {};
    const valFor: Record<string, readonly Sample[]> = {};
    for (const s of members) {
      sets[s.id] = mapped(s, 'test');
      valFor[s.id] = mapped(s, 'val');
    }
    if (external && deploysMixed) {
      sets[EXTERNAL] = external;
      valFor[EXTERNAL] = mapped(mixedSite, 'val');
    }
    const valPool = members.flatMap((s) => mapped(s, 'val'));
    if (!spec.localHead) {
      const g = await evaluateFull(global, method, { sets, val: valPool, valFor, ...(deploysMixed ? { probeSites: sites } : {}), mapSite: map, level: budget.level });
      evals.push(...g.evals);
      if (g.probe) probes.push(g.probe);
    }
    for (const [i, s] of members.entries()) {
      // Fine-tuning a one-class site would only teach its head to call everything that class (FedPer's own heads
      // are the model each site deploys, so they are scored everywhere).
      if (!spec.localHead && new Set(s.data.train.map((x) => x.y)).size < 2) continue;
      let personal: FullModel | null;
      if (spec.localHead) {
        const head = executors[i] ? localHeadOf(executors[i]) : null;
        personal = head ? withTensors(global, head) : null;
        if (!personal) notes.push(`site ${s.id}: the executor exposes no local head (SiteExecutor.localTensors), so FedPer could not be scored`);
      } else {
        personal = await trainModel(global, mapped(s, 'train'), [], { level: budget.level, epochs: f.finetuneEpochs, batchSize: ctx.cfg.train.batchSize, learningRate: budget.learningRate, seed });
      }
      if (!personal) continue;
      const own = mapped(s, 'val');
      const val = new Set(own.map((x) => x.y)).size === 2 ? own : valPool;
      // Only the mixed site's own model is scored on the external set (it is that institution's deployment).
      const mine = s === mixedSite && external;
      const ownSets = mine ? { [s.id]: mapped(s, 'test'), [EXTERNAL]: external } : { [s.id]: mapped(s, 'test') };
      const p = await evaluateFull(personal, spec.localHead ? method : `${method}+finetune`, { sets: ownSets, val, valFor: mine ? { [s.id]: own, [EXTERNAL]: own } : { [s.id]: own }, level: budget.level });
      evals.push(...p.evals);
      if (!spec.localHead) evals.push(...(await ensembled(ctx, { init, size, seed, index: sites.indexOf(s), site: s.id, method }, p.evals, notes)));
    }
  }
  if (budget !== chosen) notes.push(`${method}: the tuned level is FC, where FedPer would federate nothing, so it ran at +B5 (learning rate ${budget.learningRate})`);
  return { evals, probes, seconds: (performance.now() - t0) / 1000, ...(notes.length ? { notes } : {}) };
}
