/**
 * Turns stored cells into the report's rows: records grouped by (section, init, size, model, evalOn), each
 * row averaged over its groups (seeds, folds) with bootstrap CIs, plus mean ± sd over folds for the sweep,
 * probe means, and the goal checks (paired AUC differences over seeds).
 */
import { fnv1a } from '../shared/domain/random.js';
import type { CellResult } from './cells.js';
import { collapsed } from './collapse.js';
import type { EvalRecord, ProbeRecord } from './evaluate-model.js';
import { meanSd, pairedAucDifference, perGroup, summarize, type Estimate, type Summary } from './stats.js';

/** Where a cell sits in the experiment. */
export interface CellMeta {
  readonly section: 'pretrain' | 'tune' | 'sweep' | 'cross' | 'central' | 'federated' | 'probe';
  readonly init: string;
  readonly size?: 'study' | 'scaled';
  readonly seed?: number;
  readonly level?: string;
  readonly repeat?: number;
  readonly fold?: number;
  readonly method?: string;
  /** A tuning cell's learning rate. */
  readonly learningRate?: number;
  /** An alignment tuning cell's weight λ. */
  readonly alignWeight?: number;
}

/** A stored cell with its place. */
export interface StoredCell {
  readonly key: string;
  readonly meta: CellMeta;
  readonly result: CellResult;
}

/** One report row: a model on one evaluation set, over its seeds/folds. */
export interface Row extends Summary {
  readonly section: CellMeta['section'];
  readonly init: string;
  readonly size: string;
  readonly model: string;
  readonly evalOn: string;
  /** Groups (seeds, folds) whose scores collapsed to practically one value (`collapse.ts`): their AUC is residue. */
  readonly collapsed: number;
  /** Mean ± sd over groups (folds or seeds) of each metric. */
  readonly spread: Record<'auc' | 'sensitivity' | 'specificity', { mean: number | null; sd: number | null }>;
}

/** One probe row: mean ± sd over seeds. */
export interface ProbeRow {
  readonly init: string;
  readonly size: string;
  readonly model: string;
  readonly institutionAuc: { mean: number | null; sd: number | null; n: number };
  readonly shortcutReliance: { mean: number | null; sd: number | null; n: number };
}

const rowKey = (m: CellMeta, e: EvalRecord) => JSON.stringify([m.section, m.init, m.size ?? '', e.model, e.evalOn]);

/** Orders a row's groups by seed, then repeat and fold, so its bootstrap draws do not depend on which cell finished first. */
const byGroup = (a: CellMeta, b: CellMeta) => (a.seed ?? -1) - (b.seed ?? -1) || (a.repeat ?? -1) - (b.repeat ?? -1) || (a.fold ?? -1) - (b.fold ?? -1);

/**
 * Aggregates every record of the stored cells into rows, in the order the cells come. A row's CIs depend only on
 * its own records: its groups are taken in seed/repeat/fold order and its bootstrap is seeded by its key, so the
 * same cells give the same report whether they ran in one go, were resumed, or were read back by --report-only.
 */
export function aggregateRows(cells: readonly StoredCell[], resamples: number): Row[] {
  const groups = new Map<string, { key: string; meta: CellMeta; e: EvalRecord; list: { meta: CellMeta; e: EvalRecord }[] }>();
  for (const c of cells) {
    for (const e of c.result.evals) {
      const k = rowKey(c.meta, e);
      const g = groups.get(k);
      if (g) g.list.push({ meta: c.meta, e });
      else groups.set(k, { key: k, meta: c.meta, e, list: [{ meta: c.meta, e }] });
    }
  }
  return [...groups.values()].map(({ key, meta, e, list: unordered }) => {
    const list = [...unordered].sort((a, b) => byGroup(a.meta, b.meta)).map((x) => x.e);
    const spreadOf = (metric: 'auc' | 'sensitivity' | 'specificity') => {
      const { mean, sd } = meanSd(perGroup(list, metric));
      return { mean, sd };
    };
    return {
      section: meta.section,
      init: meta.init,
      size: meta.size ?? '',
      model: e.model,
      evalOn: e.evalOn,
      ...summarize(list, resamples, fnv1a(key)),
      collapsed: list.filter((x) => collapsed(x.scores)).length,
      spread: { auc: spreadOf('auc'), sensitivity: spreadOf('sensitivity'), specificity: spreadOf('specificity') },
    };
  });
}

/** Aggregates probe records into rows (mean ± sd over seeds). */
export function aggregateProbes(cells: readonly StoredCell[]): ProbeRow[] {
  const groups = new Map<string, { meta: CellMeta; model: string; list: { meta: CellMeta; p: ProbeRecord }[] }>();
  for (const c of cells) {
    for (const p of c.result.probes) {
      const k = JSON.stringify([c.meta.init, c.meta.size ?? '', p.model]);
      const g = groups.get(k);
      if (g) g.list.push({ meta: c.meta, p });
      else groups.set(k, { meta: c.meta, model: p.model, list: [{ meta: c.meta, p }] });
    }
  }
  return [...groups.values()].map(({ meta, model, list: unordered }) => {
    const list = [...unordered].sort((a, b) => byGroup(a.meta, b.meta)).map((x) => x.p);
    return {
      init: meta.init,
      size: meta.size ?? '',
      model,
      institutionAuc: meanSd(list.map((p) => p.institutionAuc)),
      shortcutReliance: meanSd(list.map((p) => p.shortcutReliance)),
    };
  });
}

/**
 * Paired AUC difference of model `a` over model `b` on `evalOn`, matched by seed, from federated/central cells. Its
 * CI resamples the seeds as well as the images (`overGroups`): a claim that one method beats another has to hold
 * across training runs, not only for the three models that happened to be trained.
 */
export function pairedDifference(cells: readonly StoredCell[], init: string, size: string, a: string, b: string, evalOn: string, resamples: number): Estimate & { pairs: number } {
  const bySeed = (model: string) => {
    const m = new Map<number, EvalRecord>();
    for (const c of cells) {
      if (c.meta.init !== init || (c.meta.size ?? '') !== size || c.meta.seed === undefined) continue;
      for (const e of c.result.evals) if (e.model === model && e.evalOn === evalOn) m.set(c.meta.seed, e);
    }
    return m;
  };
  const A = bySeed(a);
  const B = bySeed(b);
  const pairs = [...A.keys()].filter((s) => B.has(s)).sort((x, y) => x - y).map((s) => ({ labels: (A.get(s) as EvalRecord).labels, a: (A.get(s) as EvalRecord).scores, b: (B.get(s) as EvalRecord).scores }));
  if (pairs.length === 0) return { value: null, lo: null, hi: null, pairs: 0 };
  return { ...pairedAucDifference(pairs, resamples, 77, { overGroups: true }), pairs: pairs.length };
}
