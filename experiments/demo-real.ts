/**
 * `fedcxr demo` on real X-rays: the embedded sample (`data/demo/`, 64 px; gz = Guangzhou pneumonia only, nihcc =
 * NIH Clinical Center normals only, mixed = Guangzhou both classes) from the pneumonia-pretrained checkpoint at
 * level FC; one federated method (personalised at the two-class site: fine-tuned, and ensembled with its own model)
 * against each site alone and pooled, per site, with bootstrap 95% CIs and thresholds chosen on validation folds —
 * the same cells as `fedcxr experiment`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../shared/data/load.js';
import { readManifest } from '../shared/data/manifest.js';
import { loadInitialModel } from '../coordinator/initial-model.js';
import { splitSamples } from '../site-client/data.js';
import { centralCell, type CellContext, type CellResult } from './cells.js';
import { parseExperiment, type MethodName } from './config.js';
import { federatedCell } from './federated.js';
import { centralKey } from './plan.js';
import { ci } from './report.js';
import { REAL_LABEL_MAP, type ExpSite, type SiteRole } from './sites.js';
import { summarize } from './stats.js';
import { CellStore } from './store.js';

/** Options of the real demo. */
export interface RealDemoOptions {
  /** @default 'data/demo' */
  readonly sampleDir: string;
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
}

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

/** Runs the real-X-ray demo; returns the table it printed. */
export async function runRealDemo(o: RealDemoOptions): Promise<{ rows: DemoRow[]; seconds: number }> {
  const t0 = performance.now();
  const log = o.log;
  const sites = await loadDemoSites(o.sampleDir, o.seed);
  const cfg = parseExperiment({
    name: 'demo',
    kind: 'real',
    federated: { inits: ['pneumonia'], level: 'FC', rounds: o.rounds, localEpochs: o.localEpochs, seeds: [o.seed], sizes: ['study'], methods: [o.method], finetuneEpochs: 5 },
    split: { rotate: false },
    tune: { enabled: false },
    sweep: { enabled: false },
    cross: { enabled: false },
  });
  const dir = await mkdtemp(join(tmpdir(), 'fedcxr-demo-'));
  try {
    const store = new CellStore(dir);
    const { model, fellBack, reason } = await loadInitialModel({ checkpoint: 'pretrained', inputSize: 64, headUnits: [256], seed: o.seed }, { fallbackToRandom: true, inputSize: 64 });
    log(fellBack ? `start: RANDOM INIT (pneumonia checkpoint unavailable: ${reason ?? ''})` : `start: pneumonia-pretrained VGG16 (${model.source}), level FC`);
    await store.putTensors('pneumonia', model.tensors);
    const ctx: CellContext = { cfg, store, sites: { synthetic: false, bySize: new Map([['study', sites]]), pretrain: new Map(), tune: [], holdout: [], carveCounts: {} }, external: null };
    for (const s of sites) log(`  site ${s.id.padEnd(6)} train/val/test ${s.data.train.length}/${s.data.val.length}/${s.data.test.length} images (${s.role}, real X-rays)`);
    const results: CellResult[] = [];
    for (const kind of ['alone:0', 'alone:1', 'alone:2', 'pooled-skewed', 'pooled'] as const) {
      const r = await centralCell(ctx, 'pneumonia', 'study', o.seed, kind);
      // Stored as the experiment stores it: the federated cell ensembles the mixed site with its "alone" model.
      await store.put(centralKey('pneumonia', 'study', o.seed, kind), r);
      results.push(r);
      log(`  trained: ${r.evals[0]?.model ?? kind}`);
    }
    const fed = await federatedCell(ctx, 'pneumonia', 'study', o.seed, o.method);
    results.push(fed);
    log(`  trained: federated ${o.method} (${o.rounds} rounds × ${o.localEpochs} local epochs) and its personalisation at mixed (fine-tuned; ensembled with mixed alone)`);
    for (const n of fed.notes ?? []) log(`  note: ${n}`);
    const rows: DemoRow[] = [];
    for (const r of results) {
      for (const e of r.evals) {
        if (e.evalOn === 'external') continue;
        const s = summarize([e], 1000, 7);
        rows.push({ model: e.model, site: e.evalOn, n: e.labels.length, auc: ci(s.auc), sensitivity: ci(s.sensitivity), specificity: ci(s.specificity) });
      }
    }
    log('held-out patients per site (95% bootstrap CI; threshold from validation folds):');
    for (const site of ['mixed', 'gz', 'nihcc']) {
      log(`  ${site}:`);
      for (const r of rows.filter((x) => x.site === site)) log(`    ${r.model.padEnd(24)} n=${String(r.n).padStart(3)}  AUC ${r.auc.padEnd(22)} sens ${r.sensitivity.padEnd(22)} spec ${r.specificity}`);
    }
    const seconds = (performance.now() - t0) / 1000;
    log(`done in ${seconds.toFixed(0)} s. Data: Kermany et al. 2018 (CC BY 4.0); NIH ChestX-ray14 courtesy of the NIH Clinical Center. Research tool, not for clinical use.`);
    return { rows, seconds };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
