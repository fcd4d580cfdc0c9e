/**
 * Paired AUC differences between any two models of a finished report folder (`fedcxr experiment --out DIR
 * --compare A B`), per init and size, on the mixed site's test folds and on the external set: the same estimate the
 * goal check makes against `mixed alone` (`pairedDifference`: matched by seed, seeds and images resampled), for
 * method-against-method questions the report does not tabulate. Reads the stored cells; runs nothing.
 */
import { ConfigError } from '../shared/domain/errors.js';
import { pairedDifference, type StoredCell } from './aggregate.js';
import type { CellResult } from './cells.js';
import { EXTERNAL } from './evaluate-model.js';
import { readFolderConfig } from './folder-config.js';
import { roleIds } from './goal.js';
import { planCells } from './plan.js';
import type { Estimate } from './stats.js';
import { CellStore } from './store.js';

/** One block's comparison (null estimates where either model has no score on that set). */
export interface Comparison {
  readonly init: string;
  readonly size: string;
  readonly folds: Estimate & { pairs: number };
  readonly external: Estimate & { pairs: number };
}

/** `a − b` in every init and size of the folder's federated comparison. Throws ConfigError for a folder without a run. */
export async function compareModels(dir: string, a: string, b: string): Promise<{ mixed: string; rows: Comparison[] }> {
  const cfg = await readFolderConfig(dir);
  if (!cfg) throw new ConfigError(`${dir} holds no experiment (no config.json): run fedcxr experiment --out ${dir} first`);
  const store = new CellStore(dir);
  const cells: StoredCell[] = [];
  for (const p of planCells(cfg)) {
    if (p.meta.section !== 'federated' && p.meta.section !== 'central') continue;
    const result = await store.get<CellResult>(p.key);
    if (result) cells.push({ key: p.key, meta: p.meta, result });
  }
  const ids = roleIds(cells);
  if (!ids) throw new ConfigError(`${dir} has no finished centralised cells to name its sites by`);
  const known = new Set(cells.flatMap((c) => c.result.evals.map((e) => e.model)));
  for (const m of [a, b]) if (!known.has(m)) throw new ConfigError(`no model named "${m}" in ${dir}; known: ${[...known].sort().join(', ')}`);
  const rows = cfg.federated.inits.flatMap((init) =>
    cfg.federated.sizes.map((size) => ({
      init,
      size,
      folds: pairedDifference(cells, init, size, a, b, ids.mixed, cfg.resamples),
      external: pairedDifference(cells, init, size, a, b, EXTERNAL, cfg.resamples),
    })),
  );
  return { mixed: ids.mixed, rows };
}

/** The comparison as a markdown table. */
export function comparisonMarkdown(a: string, b: string, mixed: string, rows: readonly Comparison[]): string {
  const f = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));
  const e = (x: Estimate & { pairs: number }) => (x.value === null ? 'n/a' : `${f(x.value)} (${f(x.lo)} to ${f(x.hi)}), ${x.pairs} seeds`);
  return [`| init | size | ${a} − ${b}, ${mixed} test folds | ${a} − ${b}, external |`, '|---|---|---|---|', ...rows.map((r) => `| ${r.init} | ${r.size} | ${e(r.folds)} | ${e(r.external)} |`)].join('\n') + '\n';
}
