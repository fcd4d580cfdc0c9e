/**
 * The README's main job: the paper's three institutions as synthetic phantom sites with the paper's
 * counts and label skew, a federated run at +B5 from the pneumonia-pretrained checkpoint (or, if it is
 * absent, a clearly announced random init), against local-only training of each site.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Difficulty } from '../shared/data/phantom.js';
import type { Sample } from '../shared/data/sample.js';
import { DEFAULT_HISTOGRAM_BINS } from '../shared/federation/federated-metrics.js';
import type { EvaluateRes } from '../shared/federation/types.js';
import { hashTensorSet } from '../shared/model/hash.js';
import { phantomSiteData } from '../site-client/data.js';
import { SiteExecutor, type SiteData } from '../site-client/executor.js';
import { loadInitialModel } from '../coordinator/initial-model.js';
import { fromCounts, siteMetrics, type MetricSet } from '../coordinator/report.js';
import type { RoundOutcome } from '../coordinator/rounds.js';
import { splitTensors, type InitialModel, type RunOptions } from '../coordinator/run.js';
import { runSimulation, type SimSite } from './simulation.js';
import type { UnfreezeLevel } from '../shared/domain/levels.js';
import type { RunObserver } from '../coordinator/observer.js';

/** The paper's institutions: KM (pneumoconiosis only), NIHCC (normal only), NIOSH (mixed, held-out test fold). */
export const PAPER_SITES = [
  { id: 'km', nNormal: 0, nDisease: 91 },
  { id: 'nihcc', nNormal: 94, nDisease: 0 },
  { id: 'niosh', nNormal: 23, nDisease: 28 },
] as const;

/** Demo settings. */
export interface DemoOptions {
  /** @default 64 (fits a few minutes on 2 CPU cores) */
  readonly inputSize: number;
  /** @default 3 */
  readonly rounds: number;
  /** @default 2 (CLI) */
  readonly localEpochs: number;
  /** @default '+B5' */
  readonly level: UnfreezeLevel;
  /** @default 'memory' */
  readonly transport: 'memory' | 'socket';
  /** Fraction of each site held out as its test fold. @default 0.2 */
  readonly testFraction: number;
  /** @default 3e-4 (CLI; chosen on validation phantoms, seed 1007) */
  readonly learningRate: number;
  /** @default 16 */
  readonly batchSize: number;
  readonly seed: number;
  /** Ledger + checkpoints (default: a new temp dir). */
  readonly stateDir?: string;
  /** Also train each site alone for the same number of epochs. @default true */
  readonly localBaseline: boolean;
  /** Phantom difficulty. @default 'moderate' */
  readonly difficulty?: Difficulty;
  /** Multiplies the paper's counts (tests use a fraction). @default 1 */
  readonly scale?: number;
  /** Evaluations over fewer examples are withheld. @default 10 */
  readonly minReportExamples?: number;
  readonly log: (line: string) => void;
  /** Watches the federated run (e.g. terminal progress bars). */
  readonly observer?: RunObserver;
}

/** What the demo measured. */
export interface DemoResult {
  readonly synthetic: true;
  readonly start: { source: string; pretrained: boolean; note?: string };
  readonly inputSize: number;
  readonly level: UnfreezeLevel;
  readonly rounds: { round: number; seconds: number; sites: MetricSet[]; global: MetricSet | null }[];
  /** Every model on the pooled test folds of all sites. */
  readonly pooled: { model: string; metrics: MetricSet }[];
  /** Local-only models on their own site's test fold. */
  readonly localOwn: MetricSet[];
  /** Every model on the held-out NIOSH test fold (the only site with both classes): the headline comparison. */
  readonly nioshFold: { model: string; metrics: MetricSet }[];
  readonly runId: string;
  readonly ledgerPath: string;
  readonly globalHash: string;
  readonly seconds: number;
}

/** Builds the three phantom sites at `inputSize`. */
export function paperSites(inputSize: number, testFraction: number, seed: number, scale = 1, difficulty: Difficulty = 'moderate'): SimSite[] {
  const n = (c: number): number => (c === 0 ? 0 : Math.max(1, Math.round(c * scale)));
  return PAPER_SITES.map((s, i) => ({
    id: s.id,
    data: phantomSiteData({ site: s.id, nNormal: n(s.nNormal), nDisease: n(s.nDisease), inputSize, seed: seed + i, testFraction, valFraction: 0, difficulty }),
  }));
}

/** Scores a set of trainable tensors on `test` with a throwaway evaluator (demo-only: pooled synthetic data). */
async function evaluateOn(id: string, initial: InitialModel, level: UnfreezeLevel, trainable: ReturnType<typeof splitTensors>['trainable'], test: readonly Sample[], inputSize: number): Promise<EvaluateRes> {
  const data: SiteData = { train: test, val: [], test, inputSize };
  const ex = new SiteExecutor({ siteId: id, data, minReportExamples: 1 });
  try {
    const { frozen } = splitTensors(initial.tensors, level);
    const spec = { runId: `eval-${id}`, level, modelConfigJson: JSON.stringify(initial.config), trunkHash: hashTensorSet(frozen) };
    await ex.prepareRun(spec, frozen);
    return await ex.evaluate({ runId: spec.runId, round: 0, level, trunkHash: spec.trunkHash, tensors: trainable, split: 'test', threshold: 0.5, histogramBins: DEFAULT_HISTOGRAM_BINS });
  } finally {
    ex.dispose();
  }
}

/** Runs the demo end to end. */
export async function runDemo(o: DemoOptions): Promise<DemoResult> {
  const t0 = performance.now();
  const log = o.log;
  const { model: initial, fellBack, reason } = await loadInitialModel(
    { checkpoint: 'pretrained', inputSize: o.inputSize, headUnits: [256], seed: o.seed },
    { fallbackToRandom: true, inputSize: o.inputSize },
  );
  const start = fellBack
    ? { source: initial.source, pretrained: false, note: `pneumonia-pretrained checkpoint not available (${reason ?? ''}): starting from RANDOM INIT instead` }
    : { source: initial.source, pretrained: true };
  log('fedcxr demo — SYNTHETIC phantom data, not real patients; research tool, not for clinical use');
  log(`settings: input ${o.inputSize}×${o.inputSize} px, level ${o.level}, ${o.rounds} rounds × ${o.localEpochs} local epoch(s), FedAvg, Adam lr ${o.learningRate}, batch ${o.batchSize}, phantom difficulty '${o.difficulty ?? 'moderate'}', seed ${o.seed}, ${o.transport} transport`);
  log(start.pretrained ? `start: pneumonia-pretrained VGG16 (${initial.source})` : `start: ${start.note}`);
  const sites = paperSites(o.inputSize, o.testFraction, o.seed, o.scale ?? 1, o.difficulty ?? 'moderate');
  for (const s of sites) {
    const c = (x: readonly Sample[]) => `${x.filter((v) => v.y === 0).length} normal + ${x.filter((v) => v.y === 1).length} pneumoconiosis`;
    log(`  site ${s.id.padEnd(6)} train ${c(s.data.train)}; test fold ${c(s.data.test)} (synthetic)`);
  }
  const pooledTest = sites.flatMap((s) => s.data.test);
  const nioshTest = sites.find((s) => s.id === 'niosh')?.data.test ?? [];
  const nioshFold: DemoResult['nioshFold'] = [];
  const { trainable: startTrainable } = splitTensors(initial.tensors, o.level);
  const pooled: DemoResult['pooled'] = [];
  const startEval = await evaluateOn('start', initial, o.level, startTrainable, pooledTest, o.inputSize);
  pooled.push({ model: 'start (round 0)', metrics: { ...siteMetrics(startEval), scope: 'start' } });
  log(`round 0 (starting model) on the pooled test folds: ${fmtLine(pooled[0]?.metrics)}`);

  const stateDir = o.stateDir ?? mkdtempSync(join(tmpdir(), 'fedcxr-demo-'));
  const run: RunOptions = {
    stateDir,
    level: o.level,
    rounds: o.rounds,
    strategy: { name: 'fedavg' },
    fit: { localEpochs: o.localEpochs, batchSize: o.batchSize, learningRate: o.learningRate, seed: o.seed, optimizer: 'adam' },
    seed: o.seed,
    fraction: 1,
    minFitSites: 2,
    minAvailableSites: 3,
    threshold: 0.5,
    histogramBins: DEFAULT_HISTOGRAM_BINS,
    fitDeadlineMs: 30 * 60_000,
    evaluateDeadlineMs: 10 * 60_000,
    prepareDeadlineMs: 10 * 60_000,
    waitForSitesMs: 60_000,
    evaluateEvery: 1,
    maxRoundAttempts: 2,
    maxUpdateNorm: 1e6,
    keepCheckpoints: 2,
  };
  const rounds: DemoResult['rounds'] = [];
  const onRound = (r: RoundOutcome): void => {
    const siteM = r.siteEvaluations.map(siteMetrics);
    const g = r.evaluation ? { ...fromCounts('global', r.evaluation.confusion, r.evaluation.positiveHistogram, r.evaluation.negativeHistogram) } : null;
    rounds.push({ round: r.round, seconds: r.timings.totalMs / 1000, sites: siteM, global: g });
    log(`round ${r.round}/${o.rounds}: ${r.state}${r.reason ? ` — ${r.reason}` : ''} in ${(r.timings.totalMs / 1000).toFixed(1)} s (synthetic)`);
    for (const m of siteM) log(`  ${m.scope.padEnd(7)} ${fmtLine(m)}`);
    if (g) log(`  ${'global'.padEnd(7)} ${fmtLine(g)}`);
  };
  const sim = await runSimulation({ run, initial, sites, transport: o.transport, minReportExamples: o.minReportExamples ?? 10, onRound, ...(o.observer ? { observer: o.observer } : {}) });
  const fedNiosh = rounds.at(-1)?.sites.find((m) => m.scope === 'niosh');
  if (fedNiosh) nioshFold.push({ model: 'federated', metrics: { ...fedNiosh, scope: 'federated' } });
  pooled.push({ model: 'federated', metrics: { ...(rounds.at(-1)?.global ?? fromCounts('federated', { tp: 0, fp: 0, tn: 0, fn: 0 }, [], [])), scope: 'federated' } });

  const localOwn: MetricSet[] = [];
  if (o.localBaseline) {
    log(`local-only baseline: each site trains alone for ${o.rounds * o.localEpochs} epochs from the same start (synthetic)`);
    for (const s of sites) {
      const ex = new SiteExecutor({ siteId: s.id, data: s.data, minReportExamples: o.minReportExamples ?? 10, caps: { maxLocalEpochs: o.rounds * o.localEpochs } });
      try {
        const { frozen } = splitTensors(initial.tensors, o.level);
        const spec = { runId: `local-${s.id}`, level: o.level, modelConfigJson: JSON.stringify(initial.config), trunkHash: hashTensorSet(frozen) };
        await ex.prepareRun(spec, frozen);
        const fit = await ex.fit({
          runId: spec.runId, round: 1, level: o.level, trunkHash: spec.trunkHash, tensors: startTrainable,
          config: { localEpochs: o.rounds * o.localEpochs, batchSize: o.batchSize, learningRate: o.learningRate, proximalMu: 0, seed: o.seed, optimizer: 'adam' },
        });
        const own = siteMetrics(await ex.evaluate({ runId: spec.runId, round: 1, level: o.level, trunkHash: spec.trunkHash, tensors: fit.tensors, split: 'test', threshold: 0.5, histogramBins: DEFAULT_HISTOGRAM_BINS }));
        localOwn.push(own);
        ex.dispose();
        const onPooled = await evaluateOn(`local-${s.id}`, initial, o.level, fit.tensors, pooledTest, o.inputSize);
        pooled.push({ model: `local-only ${s.id}`, metrics: { ...siteMetrics(onPooled), scope: `local ${s.id}` } });
        const onNiosh = s.id === 'niosh' ? own : siteMetrics(await evaluateOn(`local-${s.id}-niosh`, initial, o.level, fit.tensors, nioshTest, o.inputSize));
        nioshFold.push({ model: `local-only ${s.id}`, metrics: { ...onNiosh, scope: `local ${s.id}` } });
        log(`  local ${s.id.padEnd(6)} own test fold: ${fmtLine(own)}`);
      } finally {
        ex.dispose();
      }
    }
  }
  log(`held-out NIOSH test fold (${nioshTest.length} synthetic images, both classes):`);
  for (const p of nioshFold) log(`  ${p.model.padEnd(18)} ${fmtLine(p.metrics)}`);
  log(`pooled test folds of all sites (${pooledTest.length} synthetic images):`);
  for (const p of pooled) log(`  ${p.model.padEnd(18)} ${fmtLine(p.metrics)}`);
  const seconds = (performance.now() - t0) / 1000;
  log(`done in ${seconds.toFixed(0)} s; run ${sim.runId} (status: ${sim.result.status}); ledger ${sim.ledgerPath} — inspect with: fedcxr status --ledger ${sim.ledgerPath}`);
  log('all numbers above are from SYNTHETIC phantoms and say nothing about clinical performance');
  return {
    synthetic: true,
    start,
    inputSize: o.inputSize,
    level: o.level,
    rounds,
    pooled,
    localOwn,
    nioshFold,
    runId: sim.runId,
    ledgerPath: sim.ledgerPath,
    globalHash: sim.result.globalHash,
    seconds,
  };
}

function fmtLine(m: MetricSet | undefined): string {
  if (!m) return 'n/a';
  const f = (v: number | null) => (v === null ? '  n/a' : v.toFixed(3));
  return `n=${String(m.n).padStart(3)}  sens ${f(m.sensitivity)}  spec ${f(m.specificity)}  acc ${f(m.accuracy)}  auc ${f(m.auc)}${m.note ? `  — n/a: ${m.note}` : ''}`;
}
