/**
 * The issue's goal, checked on the numbers: on the mixed site's held-out patients a federated method beats
 * the mixed site alone (paired AUC difference over seeds with a CI excluding 0, seeds and images resampled so
 * the gain has to hold across training runs; and sensitivity and specificity at the validation threshold)
 * and beats pooled training of the two single-class sites, while
 * those sites lose nothing material (≤ 0.05) on their own held-out patients; for `paper`, federated
 * sensitivity on the mixed site (NIOSH) is no longer 0. The method checked is chosen on the mixed site's
 * validation folds, never on test, among methods whose scores did not collapse (`collapse.ts`, label-free).
 * With an external set (the held-out carve) the mixed-site checks are repeated on it, for the same method.
 * Reported as met or not met, with the numbers, beside the centralised references (the sites' images pooled,
 * which no federation may do) measured the same way: what the usual ceiling of FedAvg achieves on this goal.
 */
import { pairedDifference, type Row, type StoredCell } from './aggregate.js';
import type { ExperimentConfig } from './config.js';
import { EXTERNAL, POOLED_ALL, UNTRAINED_INIT } from './evaluate-model.js';
import type { Estimate } from './stats.js';

/** Largest drop on a single-class site's own held-out patients that still counts as "nothing material". */
export const MATERIAL_LOSS = 0.05;

/** One check of the goal. */
export interface GoalCheck {
  readonly what: string;
  readonly detail: string;
  readonly met: boolean | null;
}

/** The goal checks of one init and size. */
export interface GoalBlock {
  readonly init: string;
  readonly size: string;
  /** The federated method the checks are about: chosen on validation (`chosenOn`). */
  readonly best: string | null;
  /** 'validation': highest mean AUC on the mixed site's validation folds; 'test' only for runs stored without them. */
  readonly chosenOn: 'validation' | 'test';
  /** The method with the highest mean test AUC on the mixed site, for comparison (never used to choose). */
  readonly bestOnTest: string | null;
  /** Methods left out of the choice because their scores on the mixed site collapsed in some seed. */
  readonly excluded: readonly string[];
  readonly checks: GoalCheck[];
  /** Every federated method in the order validation ranks it, each against the mixed site alone. */
  readonly standings: readonly Standing[];
  /**
   * The centralised baselines that pool images (every site; the two single-class sites), and the untrained init on
   * the same folds (what every model starts from), against the mixed site alone, measured as the standings are:
   * references, never chosen.
   */
  readonly references: readonly Standing[];
  /** '' or why those differences are not valid (the mixed site alone collapsed in some seed). */
  readonly standingsNote: string;
}

/** One federated method against the mixed site alone: what validation saw, and the paired AUC differences on test. */
export interface Standing {
  readonly model: string;
  /** Mean AUC on the mixed site's validation folds over seeds (what ranks the methods), null when not stored. */
  readonly valAuc: number | null;
  /** False when its scores on the mixed site collapsed in some seed (then it is never chosen). */
  readonly eligible: boolean;
  readonly folds: Estimate & { pairs: number };
  readonly external: (Estimate & { pairs: number }) | null;
  /**
   * The same paired differences against the untrained init on the same folds (what training added to the starting
   * point), null when the init was not scored on the folds.
   */
  readonly overInit: { readonly folds: Estimate & { pairs: number }; readonly external: (Estimate & { pairs: number }) | null } | null;
}

const f3 = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));
const est = (e: Estimate) => `${f3(e.value)} (${f3(e.lo)}–${f3(e.hi)})`;

/** Evaluates the goal for every init and size that has federated and centralised rows. */
export function goalChecks(cells: readonly StoredCell[], rows: readonly Row[], c: ExperimentConfig): GoalBlock[] {
  const blocks: GoalBlock[] = [];
  const ids = roleIds(cells);
  if (!ids) return blocks;
  for (const init of c.federated.inits) {
    for (const size of c.federated.sizes) {
      const sub = rows.filter((r) => r.init === init && r.size === size && (r.section === 'federated' || r.section === 'central'));
      const fedModels = [...new Set(cells.filter((x) => x.meta.section === 'federated' && x.meta.init === init && x.meta.size === size).flatMap((x) => x.result.evals.map((e) => e.model)))];
      if (fedModels.length === 0) continue;
      const at = (model: string, on: string) => sub.find((r) => r.model === model && r.evalOn === on);
      const top = (score: (m: string) => number | null): string | null =>
        fedModels.map((m) => ({ m, v: score(m) })).filter((x) => x.v !== null).sort((a, b) => (b.v as number) - (a.v as number))[0]?.m ?? null;
      // A model whose scores collapsed (label-free: its outputs barely vary) has an AUC of residue: never chosen.
      const ranks = (m: string) => (at(m, ids.mixed)?.collapsed ?? 0) === 0;
      const excluded = fedModels.filter((m) => !ranks(m));
      const bestOnTest = top((m) => (ranks(m) ? (at(m, ids.mixed)?.auc.value ?? null) : null));
      const valAuc = new Map(fedModels.map((m) => [m, meanValAuc(cells, 'federated', init, size, m, ids.mixed)]));
      const onVal = top((m) => (ranks(m) ? (valAuc.get(m) ?? null) : null));
      // Test decides only for runs stored without validation AUCs (older cells), and says so.
      const hasVal = [...valAuc.values()].some((v) => v !== null);
      const best = hasVal ? onVal : bestOnTest;
      const against = (m: string, base: string) => ({
        folds: pairedDifference(cells, init, size, m, base, ids.mixed, c.resamples),
        external: at(m, EXTERNAL) && at(base, EXTERNAL) ? pairedDifference(cells, init, size, m, base, EXTERNAL, c.resamples) : null,
      });
      const hasInit = at(UNTRAINED_INIT, ids.mixed) !== undefined;
      const standing = (m: string, section: 'federated' | 'central'): Standing => ({
        model: m,
        valAuc: section === 'federated' ? (valAuc.get(m) ?? null) : meanValAuc(cells, section, init, size, m, ids.mixed),
        eligible: ranks(m),
        ...against(m, `${ids.mixed} alone`),
        overInit: hasInit && m !== UNTRAINED_INIT ? against(m, UNTRAINED_INIT) : null,
      });
      const standings = fedModels.map((m) => standing(m, 'federated')).sort((a, b) => (b.valAuc ?? -1) - (a.valAuc ?? -1));
      const references = [POOLED_ALL, `pooled ${ids.disease}+${ids.normal}`, UNTRAINED_INIT].filter((m) => at(m, ids.mixed)).map((m) => standing(m, 'central'));
      const checks: GoalCheck[] = [];
      if (best) {
        const alone = `${ids.mixed} alone`;
        const pooledSkewed = `pooled ${ids.disease}+${ids.normal}`;
        const b = at(best, ids.mixed);
        const a = at(alone, ids.mixed);
        const p = at(pooledSkewed, ids.mixed);
        if (c.kind === 'paper') {
          const s = b?.sensitivity.value ?? null;
          checks.push({ what: `federated ${ids.mixed} sensitivity is no longer 0`, detail: `best federated (${best}) sensitivity ${b ? est(b.sensitivity) : 'n/a'}; plain fedavg ${at('fedavg', ids.mixed) ? est((at('fedavg', ids.mixed) as Row).sensitivity) : 'n/a'}`, met: s === null ? null : s > 0 });
        }
        const dAlone = pairedDifference(cells, init, size, best, alone, ids.mixed, c.resamples);
        checks.push({ what: `AUC on ${ids.mixed} beats ${alone} (paired difference, CI excludes 0)`, detail: `${best} − ${alone}: ${est(dAlone)} over ${dAlone.pairs} seed(s)${broken(a)}`, met: dAlone.lo === null || broken(a) ? null : dAlone.lo > 0 });
        checks.push(operatingPointCheck(`sensitivity and specificity on ${ids.mixed} at least those of ${alone}`, b, a));
        const dPooled = pairedDifference(cells, init, size, best, pooledSkewed, ids.mixed, c.resamples);
        checks.push({ what: `AUC on ${ids.mixed} beats ${pooledSkewed}`, detail: `${best} − ${pooledSkewed}: ${est(dPooled)}; ${pooledSkewed} alone ${p ? est(p.auc) : 'n/a'}${broken(p)}`, met: dPooled.lo === null || broken(p) ? null : dPooled.lo > 0 });
        // The same three checks on the external set (the held-out carve), never used to choose anything.
        if (at(best, EXTERNAL)) checks.push(...externalChecks(cells, init, size, best, { alone, pooledSkewed }, at, c.resamples));
        // A personalised best ("X+finetune", "X+ensemble") is only personalised at two-class sites: the others deploy X.
        const deployed = (site: string) => at(best, site) ?? at(best.replace(/\+(finetune|ensemble)$/, ''), site);
        const keep = (site: string, k: 'sensitivity' | 'specificity') => {
          const mine = deployed(site)?.[k].value ?? null;
          const own = at(`${site} alone`, site)?.[k].value ?? null;
          return { mine, own, met: mine === null || own === null ? null : mine >= own - MATERIAL_LOSS };
        };
        const g = keep(ids.disease, 'sensitivity');
        const n = keep(ids.normal, 'specificity');
        checks.push({ what: `${ids.disease} loses nothing material (sensitivity ≥ alone − ${MATERIAL_LOSS})`, detail: `${f3(g.mine)} vs ${ids.disease} alone ${f3(g.own)}`, met: g.met });
        checks.push({ what: `${ids.normal} loses nothing material (specificity ≥ alone − ${MATERIAL_LOSS})`, detail: `${f3(n.mine)} vs ${ids.normal} alone ${f3(n.own)}`, met: n.met });
      }
      blocks.push({ init, size, best, chosenOn: hasVal ? 'validation' : 'test', bestOnTest, excluded, checks, standings, references, standingsNote: broken(at(`${ids.mixed} alone`, ids.mixed)) });
    }
  }
  return blocks;
}

/** The mixed-site checks repeated on the external set: paired AUC vs alone and vs pooled, sensitivity and specificity vs alone. */
function externalChecks(
  cells: readonly StoredCell[],
  init: string,
  size: string,
  best: string,
  names: { alone: string; pooledSkewed: string },
  at: (model: string, on: string) => Row | undefined,
  resamples: number,
): GoalCheck[] {
  const b = at(best, EXTERNAL);
  const out: GoalCheck[] = [];
  for (const other of [names.alone, names.pooledSkewed]) {
    const d = pairedDifference(cells, init, size, best, other, EXTERNAL, resamples);
    const o = at(other, EXTERNAL);
    out.push({ what: `external: AUC beats ${other} (paired difference, CI excludes 0)`, detail: `${best} − ${other}: ${est(d)} over ${d.pairs} seed(s); ${best} ${b ? est(b.auc) : 'n/a'}, ${other} ${o ? est(o.auc) : 'n/a'}${broken(o)}`, met: d.lo === null || broken(o) ? null : d.lo > 0 });
  }
  out.push(operatingPointCheck(`external: sensitivity and specificity at least those of ${names.alone}`, b, at(names.alone, EXTERNAL)));
  return out;
}

/**
 * The note on a baseline that collapsed in some seed ('' otherwise): it is a failed training run there, so beating
 * it shows nothing and the check is not valid.
 */
function broken(r: Row | undefined): string {
  return r && r.collapsed > 0 ? `; ${r.model} collapsed in ${r.collapsed}/${r.groups} seeds, so the comparison is not valid` : '';
}

/** Whether model row `b` has at least the sensitivity and the specificity of baseline row `a` (at their validation thresholds). */
function operatingPointCheck(what: string, b: Row | undefined, a: Row | undefined): GoalCheck {
  const atLeast = (k: 'sensitivity' | 'specificity') => (b && a && b[k].value !== null && a[k].value !== null ? (b[k].value as number) >= (a[k].value as number) : null);
  const sens = atLeast('sensitivity');
  const spec = atLeast('specificity');
  return {
    what,
    detail: `sens ${b ? est(b.sensitivity) : 'n/a'} vs ${a ? est(a.sensitivity) : 'n/a'}; spec ${b ? est(b.specificity) : 'n/a'} vs ${a ? est(a.specificity) : 'n/a'}${broken(a)}`,
    met: sens === null || spec === null || broken(a) ? null : sens && spec,
  };
}

/** Mean over a model's cells of `section` (seeds) of its AUC on `site`'s own validation fold, or null when none was stored. */
function meanValAuc(cells: readonly StoredCell[], section: 'federated' | 'central', init: string, size: string, model: string, site: string): number | null {
  const v = cells
    .filter((x) => x.meta.section === section && x.meta.init === init && x.meta.size === size)
    .flatMap((x) => x.result.evals.filter((e) => e.model === model && e.evalOn === site).map((e) => e.valAuc ?? null))
    .filter((a): a is number => a !== null && Number.isFinite(a));
  return v.length === 0 ? null : v.reduce((a, b) => a + b, 0) / v.length;
}

/** Site ids by role, read from the central cells' model names ("<id> alone"). */
export function roleIds(cells: readonly StoredCell[]): { disease: string; normal: string; mixed: string } | null {
  const c = cells.find((x) => x.meta.section === 'central' && x.meta.method === 'pooled-skewed');
  const m = cells.find((x) => x.meta.section === 'central' && x.meta.method === 'alone:2');
  const skewed = c?.result.evals[0]?.model.replace(/^pooled /, '').split('+');
  const mixed = m?.result.evals[0]?.model.replace(/ alone$/, '');
  if (!skewed || skewed.length !== 2 || !mixed) return null;
  return { disease: skewed[0] as string, normal: skewed[1] as string, mixed };
}

/** A markdown table of paired AUC differences: against the mixed site alone, and against the untrained init when `vsInit`. */
function differenceTable(what: string, rows: readonly Standing[], ext: boolean, vsInit: boolean, name: (x: Standing) => string): string[] {
  const opt = (e: Estimate | null | undefined) => (e ? est(e) : 'n/a');
  const head = ['vs alone, test folds', ...(ext ? ['vs alone, external'] : []), ...(vsInit ? ['vs init, test folds', ...(ext ? ['vs init, external'] : [])] : [])];
  const L = [`| ${what} | mean validation AUC | ${head.join(' | ')} |`, `|---|---|${head.map(() => '---').join('|')}|`];
  for (const x of rows) {
    const cells = [est(x.folds), ...(ext ? [opt(x.external)] : []), ...(vsInit ? [opt(x.overInit?.folds), ...(ext ? [opt(x.overInit?.external)] : [])] : [])];
    L.push(`| ${name(x)} | ${f3(x.valAuc)} | ${cells.join(' | ')} |`);
  }
  return L;
}

/** The goal section of report.md. */
export function goalMarkdown(blocks: readonly GoalBlock[]): string[] {
  if (blocks.length === 0) return [];
  const L = [
    '## Goal check',
    '',
    "The federated method checked = highest mean AUC on the mixed site's own validation folds over seeds (chosen on validation; its test numbers are then read once). The method with the best test AUC is named beside it for comparison only.",
    '',
  ];
  for (const b of blocks) {
    const chosen = b.chosenOn === 'validation' ? `chosen on validation: ${b.best ?? 'n/a'} (best on test: ${b.bestOnTest ?? 'n/a'})` : `best on test (no validation AUCs stored): ${b.best ?? 'n/a'}`;
    L.push(`### init ${b.init}, ${b.size} size — ${chosen}`, '');
    if (b.excluded.length > 0) L.push(`Not eligible (scores on the mixed site collapsed in some seed): ${b.excluded.join(', ')}.`, '');
    L.push('| check | numbers | met |', '|---|---|---|');
    for (const c of b.checks) L.push(`| ${c.what} | ${c.detail} | ${c.met === null ? 'n/a' : c.met ? 'yes' : '**no**'} |`);
    L.push('');
    if (b.standings.length > 0) {
      const ext = b.standings.some((x) => x.external !== null);
      const vsInit = b.standings.some((x) => x.overInit !== null);
      L.push(
        `Every federated method in the order validation ranks it, against the mixed site alone (paired AUC difference over seeds, 95% CI with seeds and images resampled)${ext ? ' on its test folds and on the external set' : ''}${vsInit ? ', and against the untrained init on the same folds (what training added)' : ''}; the checks above are about the first eligible one${b.standingsNote}:`,
        '',
      );
      L.push(...differenceTable('method', b.standings, ext, vsInit, (x) => (x.eligible ? x.model : `${x.model} (not eligible: collapsed)`)), '');
    }
    if (b.references.length > 0) {
      const ext = b.references.some((x) => x.external !== null);
      L.push("Centralised references, measured the same way (the sites' images pooled in one place, which federation never does, and the init before any training; never chosen):", '');
      const vsInit = b.references.some((x) => x.overInit !== null);
      L.push(...differenceTable('reference', b.references, ext, vsInit, (x) => (x.eligible ? x.model : `${x.model} (collapsed in some seed)`)), '');
    }
  }
  return L;
}
