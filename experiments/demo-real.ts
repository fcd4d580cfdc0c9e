/**
 * `fedcxr demo` on real X-rays: the embedded sample (`data/demo/`, 64 px; gz = Guangzhou pneumonia only, nihcc =
 * NIH Clinical Center normals only, mixed = Guangzhou both classes) from the committed related-task init (NIH
 * normal vs abnormal, `models/related-vgg16/`: it does not already solve the pneumonia task, so training shows)
 * or the pneumonia checkpoint; one federated method (personalised at the two-class site: fine-tuned, and
 * ensembled with its own model) against each site alone and pooled, per site, with bootstrap 95% CIs and
 * thresholds chosen on validation folds — the same cells as `fedcxr experiment`. Every model, and the init itself,
 * is also scored on the sample's held-out carve (`heldout/`, 120 unseen patients of the mixed site's institution, at
 * its operating point) and compared there with `mixed alone` and pooled gz+nihcc as a paired AUC difference.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadDataset } from '../shared/data/load.js';
import { readManifest } from '../shared/data/manifest.js';
import { loadInitialModel } from '../coordinator/initial-model.js';
import type { UnfreezeLevel } from '../shared/domain/levels.js';
import { RELATED_CHECKPOINT_DIR } from '../shared/model/pretrained.js';
import { splitSamples } from '../site-client/data.js';
import { centralCell, loadInit, type CellContext, type CellResult } from './cells.js';
import { parseExperiment, type MethodName } from './config.js';
import { federatedCell } from './federated.js';
import { centralKey } from './plan.js';
import { ci } from './report.js';
import { REAL_LABEL_MAP, type ExpSite, type SiteRole } from './sites.js';
import { summarize } from './stats.js';
import { collapsed } from './collapse.js';
import { pairedComparisons, type DemoComparison } from './demo-compare.js';
import { evaluateFull, EXTERNAL, ownValidation, testSets } from './evaluate-model.js';
import type { Sample } from '../shared/data/sample.js';
import { CellStore } from './store.js';

/** Starting models of the real demo. */
export const DEMO_INITS = ['related', 'pneumonia'] as const;
export type DemoInit = (typeof DEMO_INITS)[number];

/** Options of the real demo. */
export interface RealDemoOptions {
  /** @default 'data/demo' */
  readonly sampleDir: string;
  /**
   * `related`: the committed NIH normal-vs-abnormal init (`models/related-vgg16/`); `pneumonia`: the committed
   * pneumonia checkpoint, which already solves the demo's task (every model then ranks `mixed` alike).
   * @default 'related'
   */
  readonly init: DemoInit;
  /** Unfreeze level of every arm. @default '+B5' */
  readonly level: UnfreezeLevel;
  /** Learning rate of the centralised arms and the fine-tuning (Adam). @default 3e-4 */
  readonly learningRate: number;
  /** FedAdam's server learning rate η (its sites take plain SGD steps at 0.01). @default 1e-3 */
  readonly serverRate: number;
  readonly method: MethodName;
  readonly rounds: number;
  readonly localEpochs: number;
  readonly seed: number;
  readonly log: (line: string) => void;
}

/** One line of the demo's table: a model on one site's held-out patients. */
export interface DemoRow {
  readonly model: string;
  readonly site: string;
  readonly n: number;
  readonly auc: string;
  readonly sensitivity: string;
  readonly specificity: string;
  /**
   * The model gave this site's images practically one score (logit sd < 0.001, `collapse.ts`): its AUC is ties or
   * numerical residue, not a ranking (a single-class site's own model calls everything its class).
   */
  readonly collapsed: boolean;
}

/** The name the demo prints for its held-out carve. */
const HELDOUT = 'heldout';
/** What every model is compared with on the held-out carve. */
const REFERENCES = ['mixed alone', 'pooled gz+nihcc'] as const;

const ROLES: Record<string, { role: SiteRole; institution: string }> = {
  gz: { role: 'disease-only', institution: 'guangzhou' },
  nihcc: { role: 'normal-only', institution: 'nihcc' },
  mixed: { role: 'mixed', institution: 'guangzhou' },
};

/** The demo's three sites from the embedded sample, split as the demo splits them (by patient; 35 % test, 20 % val). */
export async function loadDemoSites(sampleDir: string, seed: number): Promise<ExpSite[]> {
  const entries = await readManifest(join(sampleDir, 'manifest.csv'));
  const sites: ExpSite[] = [];
  for (const id of ['gz', 'nihcc', 'mixed']) {
    const ds = await loadDataset(entries.filter((e) => e.path.includes(`/${id}/`)), { inputSize: 64, labelMap: REAL_LABEL_MAP, cacheDir: false });
    const r = ROLES[id] as { role: SiteRole; institution: string };
    sites.push({ id, ...r, data: { ...splitSamples(ds.samples, { testFraction: 0.35, valFraction: 0.2, seed }), inputSize: 64 } });
  }
  return sites;
}

/**
 * The sample's held-out carve (`heldout/`: unseen patients of the mixed site's institution, used by no site for
 * training, selection or thresholds), or null when the sample has none (an older or hand-made sample).
 */
export async function loadDemoHeldout(sampleDir: string): Promise<Sample[] | null> {
  const entries = (await readManifest(join(sampleDir, 'manifest.csv'))).filter((e) => e.path.includes('/heldout/'));
  if (entries.length === 0) return null;
  return (await loadDataset(entries, { inputSize: 64, labelMap: REAL_LABEL_MAP, cacheDir: false })).samples;
}

/** Runs the real-X-ray demo; returns the table it printed. */
export async function runRealDemo(o: RealDemoOptions): Promise<{ rows: DemoRow[]; comparisons: DemoComparison[]; seconds: number }> {
  const t0 = performance.now();
  const log = o.log;
  const sites = await loadDemoSites(o.sampleDir, o.seed);
  const heldout = await loadDemoHeldout(o.sampleDir);
  const cfg = parseExperiment({
    name: 'demo',
    kind: 'real',
    federated: { inits: [o.init], level: o.level, rounds: o.rounds, localEpochs: o.localEpochs, seeds: [o.seed], sizes: ['study'], methods: [o.method], finetuneEpochs: 5, serverLearningRate: o.serverRate },
    train: { learningRate: o.learningRate },
    split: { rotate: false },
    tune: { enabled: false },
    sweep: { enabled: false },
    cross: { enabled: false },
  });
  const dir = await mkdtemp(join(tmpdir(), 'fedcxr-demo-'));
  try {
    const store = new CellStore(dir);
    // No fallback: a demo that silently started elsewhere would show another experiment.
    const { model } = await loadInitialModel({ checkpoint: o.init === 'related' ? RELATED_CHECKPOINT_DIR : 'pretrained', inputSize: 64, headUnits: [256], seed: o.seed }, { inputSize: 64 });
    log(`start: ${o.init === 'related' ? 'related-task init (VGG16 pretrained on NIH normal vs abnormal adults)' : 'pneumonia-pretrained VGG16 (it already solves this task)'}, ${relative(process.cwd(), model.source.replace(/^checkpoint:/, ''))}; level ${o.level}, lr ${o.learningRate}${o.method === 'fedadam' ? `, FedAdam η ${o.serverRate}` : ''}`);
    await store.putTensors(o.init, model.tensors);
    const ctx: CellContext = { cfg, store, sites: { synthetic: false, bySize: new Map([['study', sites]]), pretrain: new Map(), tune: [], holdout: [], carveCounts: {} }, external: heldout };
    for (const s of sites) log(`  site ${s.id.padEnd(6)} train/val/test ${s.data.train.length}/${s.data.val.length}/${s.data.test.length} images (${s.role}, real X-rays)`);
    if (heldout) log(`  ${HELDOUT} ${heldout.filter((x) => x.y === 0).length} normal + ${heldout.filter((x) => x.y === 1).length} pneumonia images: unseen patients of mixed's institution, never used for training, selection or thresholds (mixed's operating point)`);
    // The init itself, scored as every trained model is: what the sites' training adds is measured against it.
    const before = await evaluateFull(await loadInit(ctx, o.init), 'before training (init)', { sets: testSets(sites, heldout ?? undefined), val: sites.flatMap((s) => s.data.val), valFor: ownValidation(sites), level: o.level });
    const results: CellResult[] = [{ evals: before.evals, probes: [], seconds: 0 }];
    for (const kind of ['alone:0', 'alone:1', 'alone:2', 'pooled-skewed', 'pooled'] as const) {
      const r = await centralCell(ctx, o.init, 'study', o.seed, kind);
      // Stored as the experiment stores it: the federated cell ensembles the mixed site with its "alone" model.
      await store.put(centralKey(o.init, 'study', o.seed, kind), r);
      results.push(r);
      log(`  trained: ${r.evals[0]?.model ?? kind}`);
    }
    const fed = await federatedCell(ctx, o.init, 'study', o.seed, o.method);
    results.push(fed);
    log(`  trained: federated ${o.method} (${o.rounds} rounds × ${o.localEpochs} local epochs) and its personalisation at mixed (fine-tuned; ensembled with mixed alone)`);
    for (const n of fed.notes ?? []) log(`  note: ${n}`);
    const rows: DemoRow[] = [];
    for (const r of results) {
      for (const e of r.evals) {
        const s = summarize([e], 1000, 7);
        rows.push({ model: e.model, site: e.evalOn === EXTERNAL ? HELDOUT : e.evalOn, n: e.labels.length, auc: ci(s.auc), sensitivity: ci(s.sensitivity), specificity: ci(s.specificity), collapsed: collapsed(e.scores) });
      }
    }
    log('held-out patients per site (95% bootstrap CI; threshold from validation folds):');
    for (const site of ['mixed', HELDOUT, 'gz', 'nihcc']) {
      if (!rows.some((r) => r.site === site)) continue;
      log(`  ${site === HELDOUT ? `${HELDOUT} (mixed's institution, unseen patients)` : site}:`);
      for (const r of rows.filter((x) => x.site === site)) log(`    ${r.model.padEnd(24)} n=${String(r.n).padStart(3)}  AUC ${r.auc.padEnd(22)} sens ${r.sensitivity.padEnd(22)} spec ${r.specificity.padEnd(22)}${r.collapsed ? ' ⚠ collapsed' : ''}`.trimEnd());
    }
    if (rows.some((r) => r.collapsed)) log('⚠ collapsed: the model gave these images practically one score (logit sd < 0.001), so its AUC is ties or residue, not a ranking.');
    const comparisons = heldout ? pairedComparisons(results.flatMap((r) => r.evals), EXTERNAL, REFERENCES, 1000, 7) : [];
    if (comparisons.length > 0) {
      log(`paired AUC difference on the ${HELDOUT} images (same images, 95% bootstrap CI; above 0 = better than the reference):`);
      log(`    ${'model'.padEnd(24)} ${REFERENCES.map((r) => `− ${r}`.padEnd(26)).join(' ')}`.trimEnd());
      for (const c of comparisons) log(`    ${c.model.padEnd(24)} ${REFERENCES.map((r) => (c.against[r] ? ci(c.against[r]) : '–').padEnd(26)).join(' ')}`.trimEnd());
    }
    const seconds = (performance.now() - t0) / 1000;
    log(`done in ${seconds.toFixed(0)} s. Data: Kermany et al. 2018 (CC BY 4.0); NIH ChestX-ray14 courtesy of the NIH Clinical Center. Research tool, not for clinical use.`);
    return { rows, comparisons, seconds };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
