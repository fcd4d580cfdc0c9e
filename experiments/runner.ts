/**
 * Runs an experiment into a report folder: loads and carves the sites, plans every cell, skips cells that
 * already finished (resumable: each cell is stored as JSON the moment it ends), runs the rest in order with
 * progress callbacks, and writes the report after each section and at the end.
 */
import { mkdir } from 'node:fs/promises';
import { loadDataset } from '../shared/data/load.js';
import { readManifest } from '../shared/data/manifest.js';
import type { Sample } from '../shared/data/sample.js';
import { ConfigError } from '../shared/domain/errors.js';
import type { UnfreezeLevel } from '../shared/domain/levels.js';
import type { StoredCell } from './aggregate.js';
import { centralCell, crossCell, probeBeforeCell, pretrainCell, sweepCell, tuneCentralCell, tunedLevels, type CellContext, type CellResult, type CentralKind } from './cells.js';
import type { ExperimentConfig, InitName, MethodName } from './config.js';
import { checkFolderConfig, writeFolderConfig } from './folder-config.js';
import { federatedCell, tuneAlignedCell, tuneFederatedCell, tuneScaffoldCell, tuneServerRateCell } from './federated.js';
import { planCells, type PlannedCell } from './plan.js';
import { writeReport } from './report.js';
import { loadSites, REAL_LABEL_MAP, type SiteSets } from './sites.js';
import { CellStore } from './store.js';

/** Options of `runExperiment`. */
export interface RunExperimentOptions {
  readonly config: ExperimentConfig;
  readonly out: string;
  /** Labelled images never used for training, selection or thresholds (class folders or a manifest). */
  readonly external?: string;
  /** The command line, recorded in the report. */
  readonly command: string;
  /** Engine description for the report. */
  readonly engine: string;
  /** Called once the plan is known, before any cell runs. */
  readonly onPlan?: (plan: readonly PlannedCell[], finished: ReadonlySet<string>, sites: SiteSets) => void;
  /** Called before and after each cell: done/total are estimated seconds. */
  readonly onProgress?: (done: number, total: number, label: string) => void;
  readonly log?: (line: string) => void;
  /** Write the report from the cells already stored and run nothing (a stopped run's partial report). */
  readonly reportOnly?: boolean;
}

/** Runs (or resumes) the experiment and returns the report path. */
export async function runExperiment(o: RunExperimentOptions): Promise<{ reportPath: string; ran: number; skipped: number }> {
  const cfg = o.config;
  const log = o.log ?? (() => undefined);
  await mkdir(o.out, { recursive: true });
  await checkFolderConfig(o.out, cfg, o.external ?? null);
  await writeFolderConfig(o.out, cfg, o.external ?? null);
  const store = new CellStore(o.out);
  const sites = await loadSites(cfg);
  // An --external set replaces the config's held-out carve as the set every model is also scored on.
  const external = o.external ? await loadExternal(o.external, cfg.inputSize) : sites.holdout.length > 0 ? sites.holdout : null;
  const externalSource = o.external
    ? `\`${o.external}\``
    : external
      ? `the held-out carve, ${external.length} images of the mixed institution (${cfg.holdout.perClass} per class) whose patients are in no site, fold, tuning or pretraining set`
      : undefined;
  const ctx: CellContext = { cfg, store, sites, external };
  // Priced at the levels tuning already chose (a resumed run), else at the configured level until it has.
  const plan = planCells(cfg, undefined, await tunedLevels(ctx));
  const estimate = new Map(plan.map((p) => [p.key, p.estimateSeconds]));
  const estimated = (keys: readonly PlannedCell[]) => keys.reduce((s, p) => s + (estimate.get(p.key) ?? 0), 0);
  const done: StoredCell[] = [];
  const finished = new Set<string>();
  for (const p of plan) {
    const r = await store.get<CellResult>(p.key);
    if (r) {
      finished.add(p.key);
      done.push({ key: p.key, meta: p.meta, result: r });
    }
  }
  o.onPlan?.(plan, finished, sites);
  let total = estimated(plan);
  let progress = total - estimated(plan.filter((p) => !finished.has(p.key)));
  let ran = 0;
  // In plan order, whichever cells were reused and whichever ran: the report is a function of the cells alone.
  const order = new Map(plan.map((p, i) => [p.key, i]));
  const inPlanOrder = () => [...done].sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0));
  const report = () => writeReport({ dir: o.out, config: cfg, cells: inPlanOrder(), plan, sites, command: o.command, engine: o.engine, externalSource });
  let section = plan[0]?.meta.section;
  for (const p of plan) {
    if (finished.has(p.key) || o.reportOnly) continue;
    if (p.meta.section !== section) {
      await report();
      if (section === 'tune') {
        // The budget is chosen now: re-price the cells that train at it, so the progress and its ETA follow.
        for (const q of planCells(cfg, undefined, await tunedLevels(ctx))) estimate.set(q.key, q.estimateSeconds);
        total = estimated(plan);
        progress = total - estimated(plan.filter((q) => !finished.has(q.key)));
      }
      section = p.meta.section;
    }
    o.onProgress?.(progress, total, p.label);
    const result = await runCell(ctx, p);
    await store.put(p.key, result);
    done.push({ key: p.key, meta: p.meta, result });
    finished.add(p.key);
    ran++;
    progress += estimate.get(p.key) ?? 0;
    log(`${p.label}: ${result.seconds.toFixed(0)} s (estimated ${p.estimateSeconds.toFixed(0)} s)`);
    o.onProgress?.(progress, total, p.label);
  }
  const reportPath = await report();
  return { reportPath, ran, skipped: finished.size - ran };
}

/** Dispatches one planned cell to its implementation. */
async function runCell(ctx: CellContext, p: PlannedCell): Promise<CellResult> {
  const m = p.meta;
  const init = m.init as InitName;
  switch (m.section) {
    case 'pretrain':
      return pretrainCell(ctx, init as 'pneumonia' | 'related', m.seed);
    case 'tune': {
      if (m.method === 'aligned') return tuneAlignedCell(ctx, init, m.alignWeight ?? 1);
      if (m.method === 'fedadam') return tuneServerRateCell(ctx, init, m.learningRate ?? ctx.cfg.train.learningRate);
      if (m.method === 'scaffold') return tuneScaffoldCell(ctx, init, m.learningRate ?? ctx.cfg.federated.clientLearningRate);
      const b = { level: m.level as UnfreezeLevel, learningRate: m.learningRate ?? ctx.cfg.train.learningRate };
      return m.method === 'federated' ? tuneFederatedCell(ctx, init, b) : tuneCentralCell(ctx, init, b);
    }
    case 'sweep':
      return sweepCell(ctx, init, m.level as never, m.repeat ?? 0, m.fold ?? 0);
    case 'cross':
      return crossCell(ctx, init, m.method as 'skewed-to-mixed' | 'mixed-to-skewed');
    case 'probe':
      return probeBeforeCell(ctx, init, m.size ?? 'study');
    case 'central':
      return centralCell(ctx, init, m.size ?? 'study', m.seed ?? 1, m.method as CentralKind);
    case 'federated':
      return federatedCell(ctx, init, m.size ?? 'study', m.seed ?? 1, m.method as MethodName);
    default:
      throw new ConfigError(`unknown cell section in ${p.key}`);
  }
}

/** Loads an external labelled set (class folders or a CSV manifest) at the experiment's input size. */
export async function loadExternal(source: string, inputSize: number): Promise<Sample[]> {
  const entries = await readManifest(source);
  const ds = await loadDataset(entries, { inputSize, labelMap: REAL_LABEL_MAP });
  if (ds.samples.length === 0) throw new ConfigError(`external set ${source} has no usable images`);
  return ds.samples;
}
