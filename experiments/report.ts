/**
 * Writes the report folder from the stored cells: `report.md` (settings, carves, every section's tables with
 * bootstrap 95% CIs, the goal check), `results.csv`, `probes.csv`, `results.json`, and ROC / PR plots of the
 * mixed site's held-out patients as SVG and PNG (sharp rasterises the SVG).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { linePlotSvg, rocSvg } from '../shared/train/svg-plot.js';
import { rocCurve } from '../shared/train/metrics.js';
import { DISCLAIMER, writeFileAtomic } from '../shared/train/report.js';
import { aggregateProbes, aggregateRows, type ProbeRow, type Row, type StoredCell } from './aggregate.js';
import { chooseAlignWeight, chooseBudget, chooseScaffoldRate, chooseServerRate, type Arm } from './budget.js';
import { COLLAPSED_LOGIT_SD } from './collapse.js';
import type { ExperimentConfig, InitName } from './config.js';
import { EXTERNAL, POOLED_ALL } from './evaluate-model.js';
import { goalChecks, goalMarkdown } from './goal.js';
import type { PlannedCell } from './plan.js';
import type { SiteSets } from './sites.js';
import type { Estimate } from './stats.js';

/** Inputs of `writeReport`. */
export interface ReportInput {
  readonly dir: string;
  readonly config: ExperimentConfig;
  readonly cells: readonly StoredCell[];
  readonly plan: readonly PlannedCell[];
  readonly sites: SiteSets;
  readonly command: string;
  readonly engine: string;
  /** What the external set is (a path in backticks, or the held-out carve), when there is one. */
  readonly externalSource?: string | undefined;
}

const f3 = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : v.toFixed(3));
/** "0.812 (0.700–0.905)" or "n/a". */
export const ci = (e: Estimate) => (e.value === null ? 'n/a' : e.lo === null ? f3(e.value) : `${f3(e.value)} (${f3(e.lo)}–${f3(e.hi)})`);
const pm = (m: { mean: number | null; sd: number | null }) => (m.mean === null ? 'n/a' : `${f3(m.mean)} ± ${m.sd === null ? 'n/a' : f3(m.sd)}`);
/** A row's AUC with its CI, flagged "⚠ collapsed k/n" when k of its n groups scored every image practically alike. */
const aucOf = (x: Row) => `${ci(x.auc)}${x.collapsed > 0 ? ` ⚠ collapsed ${x.collapsed}/${x.groups}` : ''}`;

/** Writes every report file; returns the report.md path. */
export async function writeReport(r: ReportInput): Promise<string> {
  const c = r.config;
  const rows = aggregateRows(r.cells, c.resamples);
  const probes = aggregateProbes(r.cells);
  const goals = goalChecks(r.cells, rows, c);
  const synthetic = r.sites.synthetic;
  const L: string[] = [];
  L.push(`# fedcxr experiment: ${c.name}${synthetic ? ' — SYNTHETIC phantoms, not real patients' : ''}`, '', `${DISCLAIMER}`, '');
  L.push(`Command: \`${r.command}\`  `, `Engine: ${r.engine}. Cells finished: ${r.cells.length} of ${r.plan.length}${r.cells.length < r.plan.length ? ' (PARTIAL: rerun the command to resume)' : ''}.`, '');
  L.push('## Settings', '', '```json', JSON.stringify(c, null, 2), '```', '');
  L.push('Carves (images; every carve is patient-disjoint from every other):', '');
  for (const [k, v] of Object.entries(r.sites.carveCounts)) L.push(`- ${k}: ${v}`);
  for (const [size, sites] of r.sites.bySize) {
    L.push('', `Sites at ${size} size (train / val / test images, normal + disease):`, '');
    for (const s of sites) {
      const n = (x: readonly { y: number }[]) => `${x.filter((v) => v.y === 0).length}+${x.filter((v) => v.y === 1).length}`;
      L.push(`- ${s.id} (${s.role}, institution ${s.institution}): ${n(s.data.train)} / ${n(s.data.val)} / ${n(s.data.test)}`);
    }
  }
  L.push('', 'Every number: mean over seeds or folds, with a percentile bootstrap 95% CI (test items resampled within each seed/fold, stratified by class). Paired AUC differences (the goal check) resample the seeds as well, then the items within each drawn seed, so their CI covers how the difference moves from one training run to the next, not only the test images drawn. Thresholds: Youden\'s J on the scored site\'s own validation fold when it holds both classes, else on the validation folds of the sites a model trained on (0.5 when those hold one class only, noted as such) — never on test.', '');
  sectionPretrain(L, rows);
  sectionTune(L, rows, r.cells, c);
  sectionSweep(L, rows, c);
  sectionCross(L, rows);
  sectionFederated(L, rows, r);
  sectionProbe(L, probes, r);
  if (r.externalSource) L.push(`External set: ${r.externalSource}; never used for training, selection or thresholds. The goal check is repeated on it; every model's numbers there are the \`external\` rows of results.csv and the external columns of section 3.`, '');
  L.push(...goalMarkdown(goals), '');
  const notes = r.cells.flatMap((x) => (x.result.notes ?? []).map((n) => `- ${x.key}: ${n}`));
  if (notes.length) L.push('## Notes from cells', '', ...notes, '');
  L.push(
    synthetic
      ? 'All images are SYNTHETIC phantoms; these numbers say nothing about clinical performance.'
      : 'Data: Kermany et al., Cell 172(5):1122–1131 (2018), doi:10.17632/rscbjbr9sj.2, CC BY 4.0; NIH ChestX-ray14 (Wang et al., CVPR 2017), courtesy of the NIH Clinical Center.',
    '',
  );
  await mkdir(r.dir, { recursive: true });
  const reportPath = join(r.dir, 'report.md');
  await writeFileAtomic(reportPath, L.join('\n'));
  await writeFileAtomic(join(r.dir, 'results.csv'), rowsCsv(rows));
  await writeFileAtomic(join(r.dir, 'probes.csv'), probesCsv(probes));
  await writeFileAtomic(join(r.dir, 'results.json'), JSON.stringify({ config: c, synthetic, cellsFinished: r.cells.length, cellsPlanned: r.plan.length, rows, probes, goals }, null, 2));
  await writePlots(r, rows);
  return reportPath;
}

function sectionPretrain(L: string[], rows: readonly Row[]): void {
  const pre = rows.filter((x) => x.section === 'pretrain');
  if (pre.length === 0) return;
  L.push('## Pretrained inits (the runner\'s own, patient-disjoint from every site)', '', '| init | evaluated on | n | AUC (95% CI) |', '|---|---|---|---|');
  for (const x of pre) L.push(`| ${x.model} | ${x.evalOn} | ${x.n} | ${ci(x.auc)} |`);
  L.push('', 'The validation carve chose the best epoch, so these AUCs are optimistic.', '');
}

function sectionTune(L: string[], rows: readonly Row[], cells: readonly StoredCell[], c: ExperimentConfig): void {
  const tu = rows.filter((x) => x.section === 'tune');
  if (tu.length === 0) return;
  L.push(
    '## Training budget (chosen on validation)',
    '',
    `Each (level, learning rate) trained once centralised (all sites pooled, ${c.federated.rounds * c.federated.localEpochs} epochs) and once federated (FedAvg, ${c.federated.rounds} rounds × ${c.federated.localEpochs} local epoch(s)) on the first seed's folds at study size, scored on the tuning carve (${c.tune.perClass} + ${c.tune.perClass} images of the mixed institution in no site, fold or pretraining set); "aligned λ" rows train FedAvg with class-prototype alignment of weight λ at the federated budget, "fedadam η" rows FedAdam with server rate η at the federated budget's level (sites: plain SGD at ${c.federated.clientLearningRate}), "scaffold lr" rows SCAFFOLD with local SGD rate lr at that level. Each arm and init then uses its best (**bold**); ties go to the earlier entry, and a model whose scores collapsed to practically one value (logit sd < ${COLLAPSED_LOGIT_SD}: its AUC is ties or residue; flagged ⚠) never wins.`,
    '',
    '| init | model (budget) | n | tuning AUC (95% CI) |',
    '|---|---|---|---|',
  );
  // Bold = what the runner used: the same choice (`chooseBudget`) over the stored tuning cells.
  const scored = new Map(cells.filter((x) => x.meta.section === 'tune').map((x) => [x.key, x.result.evals]));
  const chosenName = (init: string, arm: Arm): string => {
    const b = chooseBudget(c, scored, arm, init as InitName);
    return `${arm === 'central' ? POOLED_ALL : 'fedavg'} ${b.level} lr ${b.learningRate}`;
  };
  const chosen = (x: Row): boolean => {
    const init = x.init as InitName;
    if (x.model.startsWith('aligned')) return x.model === `aligned λ ${chooseAlignWeight(c, scored, init)}`;
    if (x.model.startsWith('fedadam')) return x.model === `fedadam ${chooseBudget(c, scored, 'federated', init).level} η ${chooseServerRate(c, scored, init)}`;
    if (x.model.startsWith('scaffold')) return x.model === `scaffold ${chooseBudget(c, scored, 'federated', init).level} lr ${chooseScaffoldRate(c, scored, init)}`;
    return x.model === chosenName(x.init, x.model.startsWith('fedavg') ? 'federated' : 'central');
  };
  for (const x of tu) {
    const bold = chosen(x);
    L.push(`| ${x.init} | ${bold ? `**${x.model}**` : x.model} | ${x.n} | ${aucOf(x)} |`);
  }
  L.push('');
}

function sectionSweep(L: string[], rows: readonly Row[], c: ExperimentConfig): void {
  const sw = rows.filter((x) => x.section === 'sweep' && x.evalOn === 'fold');
  if (sw.length === 0) return;
  L.push(`## 1. Unfreeze sweep (${c.sweep.folds}-fold × ${c.sweep.repeats} repeat stratified by patient, mixed site at study size, ${c.sweep.epochs} epochs)`, '');
  L.push('| init | level | sensitivity mean ± sd | specificity mean ± sd | AUC mean ± sd | sensitivity (95% CI) | specificity (95% CI) | AUC (95% CI) |', '|---|---|---|---|---|---|---|---|');
  for (const x of sw) {
    const [init, level] = x.model.split(' ');
    L.push(`| ${init} | ${level} | ${pm(x.spread.sensitivity)} | ${pm(x.spread.specificity)} | ${pm(x.spread.auc)} | ${ci(x.sensitivity)} | ${ci(x.specificity)} | ${aucOf(x)} |`);
  }
  L.push('', '### The study\'s own values (another dataset)', '');
  L.push('The study\'s Table 1 (pneumoconiosis, its own institution) is not stored in this repository, so it is not reproduced here; compare shapes, not values: this sweep is on a different disease, dataset and image size.', '');
}

function sectionCross(L: string[], rows: readonly Row[]): void {
  const cr = rows.filter((x) => x.section === 'cross' && x.evalOn !== EXTERNAL);
  if (cr.length === 0) return;
  L.push('## 2. Cross-institution (study size; tested on every image of the unseen institution(s))', '', '| init | trained on | tested on | n | AUC (95% CI) | sensitivity (95% CI) | specificity (95% CI) |', '|---|---|---|---|---|---|---|');
  for (const x of cr) L.push(`| ${x.init} | ${x.model.replace(/^train /, '')} | ${x.evalOn} | ${x.n} | ${aucOf(x)} | ${ci(x.sensitivity)} | ${ci(x.specificity)} |`);
  L.push('');
}

function sectionFederated(L: string[], rows: readonly Row[], r: ReportInput): void {
  const fed = rows.filter((x) => x.section === 'federated' || x.section === 'central');
  if (fed.length === 0) return;
  const f = r.config.federated;
  const budget = r.config.tune.enabled ? 'each arm at its tuned level and learning rate (see Training budget)' : `level ${f.level}`;
  const k = r.config.split.folds;
  const repeats = Math.ceil(f.seeds.length / k);
  const rotation = repeats > 1 ? `the seeds in order test folds 1–${k} of a patient ${k}-fold of every site, every ${k} seeds on a fresh partition (${repeats} partitions)` : `seed i tests fold i of a patient ${k}-fold of every site`;
  const folds = r.config.split.rotate ? `; ${rotation}` : '';
  L.push(`## 3. Federated vs pooled vs each site alone vs personalised (${budget}, ${f.rounds} rounds × ${f.localEpochs} local epoch(s); centralised cells train ${f.rounds * f.localEpochs} epochs; seeds ${f.seeds.join(', ')}${folds})`, '');
  for (const [size, sites] of r.sites.bySize) {
    for (const init of f.inits) {
      const sub = fed.filter((x) => x.size === size && x.init === init);
      if (sub.length === 0) continue;
      const models = [...new Set(sub.map((x) => x.model))];
      const ids = [...sites.map((s) => s.id), ...(sub.some((x) => x.evalOn === EXTERNAL) ? [EXTERNAL] : [])];
      L.push(`### init ${init}, ${size} size`, '');
      L.push(`| model | ${ids.map((id) => `${id} AUC`).join(' | ')} | ${ids.map((id) => `${id} sens`).join(' | ')} | ${ids.map((id) => `${id} spec`).join(' | ')} |`);
      L.push(`|---|${ids.map(() => '---|---|---').join('|')}|`);
      for (const m of models) {
        const at = (id: string) => sub.find((x) => x.model === m && x.evalOn === id);
        const cell = (id: string, k: 'auc' | 'sensitivity' | 'specificity') => {
          const x = at(id);
          return x ? (k === 'auc' ? aucOf(x) : ci(x[k])) : '—';
        };
        L.push(`| ${m} | ${ids.map((id) => cell(id, 'auc')).join(' | ')} | ${ids.map((id) => cell(id, 'sensitivity')).join(' | ')} | ${ids.map((id) => cell(id, 'specificity')).join(' | ')} |`);
      }
      L.push('', `"+finetune" rows are personalised models (each two-class site fine-tunes the federated model locally at the federated budget's level; one-class sites deploy the federated model), scored on their own site only (the mixed site's also on the external set, which stands for its institution and takes its operating point); "+ensemble" rows are the same sites' mean of that model's probability and their own locally trained model's ("<site> alone", same seed), equal weights, threshold on their own validation fold; fedper rows are each site's own head (the mixed site's on the external set); "clustered" rows are, at each site, the model of the federation it was grouped into by intensity histograms (the cell's notes name the federations; the mixed site's model on the external set). One-class sites have no AUC. "⚠ collapsed k/n": in k of n seeds the model gave every image practically the same score (logit sd < ${COLLAPSED_LOGIT_SD}), so its AUC there is numerical residue, not ranking; such a method is never the goal check's choice. Plots: \`roc-${init}-${size}.svg\`, \`pr-${init}-${size}.svg\` (and .png).`, '');
    }
  }
}

function sectionProbe(L: string[], probes: readonly ProbeRow[], r: ReportInput): void {
  if (probes.length === 0) return;
  L.push('## 4. Shortcut probe', '');
  for (const [size, sites] of r.sites.bySize) {
    const lab = sites.flatMap((s) => s.data.train.map((x) => ({ inst: s.role === 'normal-only' ? 1 : 0, y: x.y })));
    const skew = sites.filter((s) => s.role !== 'mixed').flatMap((s) => s.data.train.map((x) => ({ inst: s.role === 'normal-only' ? 1 : 0, y: x.y })));
    L.push(`Confounding at ${size} size (phi between "normal-only institution" and label in the training images): all sites pooled ${f3(phiOf(lab))}; the two single-class sites pooled ${f3(phiOf(skew))} (−1 = the institution is the label).`, '');
  }
  L.push('| init | size | model | institution-probe AUC (mean ± sd over seeds) | shortcut reliance (mean ± sd) |', '|---|---|---|---|---|');
  for (const p of probes) L.push(`| ${p.init} | ${p.size} | ${p.model} | ${pm(p.institutionAuc)} (n=${p.institutionAuc.n}) | ${pm(p.shortcutReliance)} |`);
  L.push('', 'Institution-probe AUC: 5-fold (by patient) logistic regression telling the normal-only institution from the others, on the features feeding the output layer, held-out images of all sites. Shortcut reliance: among held-out normals, the AUC of the disease score for "mixed site" against "normal-only site" — 0.5 means the score ignores the institution; near 1 means normals of the mixed institution look diseased to the model. These are spreads over seeds, not bootstrap CIs.', '');
}

function phiOf(v: readonly { inst: number; y: number }[]): number | null {
  let a = 0, b = 0, c = 0, d = 0;
  for (const x of v) {
    if (x.inst === 1 && x.y === 1) a++;
    else if (x.inst === 1) b++;
    else if (x.y === 1) c++;
    else d++;
  }
  const den = Math.sqrt((a + b) * (c + d) * (a + c) * (b + d));
  return den === 0 ? null : (a * d - b * c) / den;
}

const CSV_HEADER = 'section,init,size,model,eval_on,n,groups,collapsed_groups,auc,auc_lo,auc_hi,sensitivity,sensitivity_lo,sensitivity_hi,specificity,specificity_lo,specificity_hi,auc_mean,auc_sd,sensitivity_mean,sensitivity_sd,specificity_mean,specificity_sd';
const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const num = (v: number | null) => (v === null ? '' : String(v));

/** results.csv: one row per model and evaluation set. */
export function rowsCsv(rows: readonly Row[]): string {
  const e = (x: Estimate) => [num(x.value), num(x.lo), num(x.hi)].join(',');
  const s = (x: { mean: number | null; sd: number | null }) => `${num(x.mean)},${num(x.sd)}`;
  return [CSV_HEADER, ...rows.map((r) => [r.section, r.init, r.size, q(r.model), q(r.evalOn), r.n, r.groups, r.collapsed, e(r.auc), e(r.sensitivity), e(r.specificity), s(r.spread.auc), s(r.spread.sensitivity), s(r.spread.specificity)].join(','))].join('\n') + '\n';
}

/** probes.csv: one row per model's probe. */
export function probesCsv(rows: readonly ProbeRow[]): string {
  return ['init,size,model,institution_auc_mean,institution_auc_sd,shortcut_reliance_mean,shortcut_reliance_sd,seeds', ...rows.map((p) => [p.init, p.size, q(p.model), num(p.institutionAuc.mean), num(p.institutionAuc.sd), num(p.shortcutReliance.mean), num(p.shortcutReliance.sd), p.institutionAuc.n].join(','))].join('\n') + '\n';
}

/** ROC and PR plots on the mixed site's test fold, first seed, per init and size. */
async function writePlots(r: ReportInput, rows: readonly Row[]): Promise<void> {
  const mixedId = [...r.sites.bySize.values()][0]?.find((s) => s.role === 'mixed')?.id;
  if (!mixedId) return;
  const keys = new Set(rows.filter((x) => x.section === 'federated' || x.section === 'central').map((x) => `${x.init}|${x.size}`));
  for (const k of keys) {
    const [init, size] = k.split('|') as [string, string];
    const seed = r.config.federated.seeds[0];
    const recs = r.cells.filter((c) => c.meta.init === init && c.meta.size === size && c.meta.seed === seed).flatMap((c) => c.result.evals.filter((e) => e.evalOn === mixedId));
    if (recs.length === 0) continue;
    const roc = recs.map((e) => ({ name: e.model, points: rocCurve(e.scores, e.labels).map((p) => [p.fpr, p.tpr] as const) }));
    const pr = recs.map((e) => ({ name: e.model, points: prCurve(e.scores, e.labels) }));
    const title = `${mixedId} test fold, init ${init}, ${size} size, seed ${seed}${r.sites.synthetic ? ' (SYNTHETIC)' : ''}`;
    const rocDoc = roc.length === 1 && roc[0] ? rocSvg(rocCurve(recs[0]?.scores ?? [], recs[0]?.labels ?? []), { title }) : linePlotSvg(roc, { title: `ROC — ${title}`, xLabel: 'false-positive rate', yLabel: 'true-positive rate', xRange: [0, 1], yRange: [0, 1], diagonal: true });
    const prDoc = linePlotSvg(pr, { title: `PR — ${title}`, xLabel: 'recall (sensitivity)', yLabel: 'precision', xRange: [0, 1], yRange: [0, 1] });
    for (const [name, svg] of [[`roc-${init}-${size}`, rocDoc], [`pr-${init}-${size}`, prDoc]] as const) {
      await writeFileAtomic(join(r.dir, `${name}.svg`), svg);
      await writeFileAtomic(join(r.dir, `${name}.png`), await sharp(Buffer.from(svg)).png().toBuffer());
    }
  }
}

/** Precision–recall points (recall, precision), one per distinct threshold, descending. */
export function prCurve(scores: readonly number[], labels: readonly number[]): (readonly [number, number])[] {
  const pos = labels.filter((y) => y === 1).length;
  if (pos === 0) return [];
  const order = scores.map((_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  const pts: (readonly [number, number])[] = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; ) {
    const s = scores[order[i] as number];
    while (i < order.length && scores[order[i] as number] === s) {
      if (labels[order[i] as number] === 1) tp++;
      else fp++;
      i++;
    }
    pts.push([tp / pos, tp / (tp + fp)]);
  }
  return pts;
}
