/**
 * What a federated round costs, per phase, in absolute seconds: a simulated run over socket.io on loopback
 * at +B5 with three sites (the paper's phantom counts, or the real demo sample's; 64 px, pretrained start when
 * present), measured two ways in the same run — from the round outcomes and site executors (the bench's own
 * clocks), and from the coordinator's metrics (the text `/metrics` serves, parsed) — so the exported numbers are
 * checked against independent timings.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { CoordinatorOps } from '../../coordinator/ops.js';
import { loadInitialModel } from '../../coordinator/initial-model.js';
import { PHASES, type PhaseName } from '../../coordinator/observer.js';
import type { RoundOutcome } from '../../coordinator/rounds.js';
import { splitTensors } from '../../coordinator/run.js';
import { paperSites } from '../../sim/demo.js';
import type { SimSite } from '../../sim/sim-site.js';
import { loadDemoSites } from '../../experiments/demo-real.js';
import { runSimulation } from '../../sim/simulation.js';
import type { WireDType } from '../../shared/domain/tensor-set.js';
import { parsePrometheus } from '../../test/helpers/prometheus-text.js';

/** Per-round means, seconds. */
export interface PhaseReport {
  readonly rounds: number;
  /** Sites in their own worker threads (deployment-like) or in the coordinator's thread. */
  readonly siteThreads: boolean;
  readonly inputSize: number;
  readonly start: string;
  readonly sites: { id: string; train: number }[];
  readonly trainableParams: number;
  /** The bench's own clocks (per round, mean over rounds). */
  readonly bench: { round: number; fitting: number; trainingSlowest: number; aggregation: number; evaluation: number; commit: number; commitBeyondEvaluation: number };
  /**
   * From /metrics: phase sum ÷ rounds; per-site phases (preparation, transferDown, training, transferUp) also
   * ÷ sites; preparation (RunSpec, trunk, model build; once per connection, before round 1) is not ÷ rounds.
   */
  readonly metrics: Record<PhaseName, number>;
  readonly metricsRound: number;
  /** (round − slowest site's training − evaluation) ÷ round: the machinery's share. */
  readonly overheadFraction: number;
  /**
   * The same per round (seconds and share). Sites are prepared before round 1 and, where they can hold it, left
   * the first global then (a site without the "hold" capability gets it in round 1's FitIns); later rounds refer
   * to the global their evaluation sent.
   */
  readonly perRound: { round: number; machinery: number; share: number }[];
  /** Wire bytes per site per round (trunk excluded) ÷ (trainable × 4), each way. */
  readonly downRatio: number;
  readonly upRatio: number;
}

/**
 * Which sites the round runs: `paper` — phantoms at the paper's counts (KM 91, NIHCC 94, NIOSH 51; 20 % test), as
 * `fedcxr demo --synthetic`; `demo` — the real X-rays `fedcxr demo` embeds (`data/demo`), split as the demo splits
 * them (64 px only).
 */
export type RoundSites = 'paper' | 'demo';

/** Runs `rounds` demo-sized rounds and reports per-phase seconds (`siteThreads`: each site in its own worker thread). */
export async function measureRoundPhases(rounds = 3, inputSize = 64, localEpochs = 1, siteThreads = false, which: RoundSites = 'paper', wireDType: WireDType = 'float32'): Promise<PhaseReport> {
  const { model: initial } = await loadInitialModel({ checkpoint: 'pretrained', inputSize, headUnits: [256], seed: 7 }, { fallbackToRandom: true, inputSize });
  const sites: SimSite[] = which === 'paper' ? paperSites(inputSize, 0.2, 7) : (await loadDemoSites('data/demo', 7)).map((s) => ({ id: s.id, data: s.data }));
  const { trainable, frozen } = splitTensors(initial.tensors, '+B5');
  const trainableParams = trainable.reduce((n, t) => n + t.data.length, 0);
  const dir = mkdtempSync(join(tmpdir(), 'fedcxr-bench-phases-'));
  const ops = new CoordinatorOps({ processMetrics: false });
  const outcomes: RoundOutcome[] = [];
  try {
    const sim = await runSimulation({
      transport: 'socket',
      siteThreads,
      wireDType,
      initial,
      sites,
      ops,
      onRound: (o) => outcomes.push(o),
      run: {
        stateDir: dir, level: '+B5', rounds, strategy: { name: 'fedavg' }, fit: { localEpochs, batchSize: 16, learningRate: 3e-4, seed: 7, optimizer: 'adam' }, seed: 7,
        fraction: 1, minFitSites: 3, minAvailableSites: 3, threshold: 0.5, histogramBins: 20, fitDeadlineMs: 1_800_000, evaluateDeadlineMs: 600_000, prepareDeadlineMs: 600_000,
        waitForSitesMs: 60_000, evaluateEvery: 1, maxRoundAttempts: 1, maxUpdateNorm: 1e9, keepCheckpoints: 1,
      },
    });
    if (sim.result.status !== 'finished') throw new Error(`simulation failed: ${sim.result.reason ?? ''}`);
    // The exposition text `GET /metrics` serves (the same call; the server has closed with the run).
    const samples = parsePrometheus(await ops.metrics.text());
    const sum = (phase: PhaseName): number => samples.find((s) => s.name === 'fedcxr_phase_duration_seconds_sum' && s.labels.phase === phase)?.value ?? 0;
    const perSite = new Set<PhaseName>(['preparation', 'transferDown', 'training', 'transferUp']);
    // Preparation happens once per connection (before round 1 here), not once per round.
    const perRun = new Set<PhaseName>(['preparation']);
    const metrics = Object.fromEntries(PHASES.map((p) => [p, sum(p) / (perRun.has(p) ? 1 : rounds) / (perSite.has(p) ? sites.length : 1)])) as Record<PhaseName, number>;
    const metricsRound = (samples.find((s) => s.name === 'fedcxr_round_duration_seconds_sum')?.value ?? 0) / rounds;
    const mean = (f: (o: RoundOutcome) => number): number => outcomes.reduce((a, o) => a + f(o), 0) / outcomes.length;
    const slowest = (o: RoundOutcome): number => Math.max(...[...sim.fitLogs.values()].map((log) => log.find((f) => f.round === o.round)?.trainSeconds ?? 0));
    const bench = {
      round: mean((o) => o.timings.totalMs / 1000),
      fitting: mean((o) => o.timings.fitMs / 1000),
      trainingSlowest: mean(slowest),
      aggregation: mean((o) => o.timings.aggregateMs / 1000),
      evaluation: mean((o) => o.timings.evaluateMs / 1000),
      commit: mean((o) => o.timings.commitMs / 1000),
      // Evaluation starts as the commit does (rounds.ts): only the commit's part beyond it lengthens the round.
      commitBeyondEvaluation: mean((o) => Math.max(0, o.timings.commitMs - o.timings.evaluateMs) / 1000),
    };
    const perRound = outcomes.map((o) => {
      const machinery = (o.timings.totalMs - o.timings.evaluateMs) / 1000 - slowest(o);
      return { round: o.round, machinery, share: machinery / (o.timings.totalMs / 1000) };
    });
    const traffic = [...sim.traffic.values()].reduce((a, t) => ({ sent: a.sent + t.sentBytes, recv: a.recv + t.receivedBytes }), { sent: 0, recv: 0 });
    const trunkBytes = frozen.reduce((n, t) => n + t.data.length * 4, 0);
    const per = trainableParams * 4 * sites.length * rounds;
    return {
      rounds,
      siteThreads,
      inputSize,
      // Relative to the working directory: a bench's output is pasted into docs, which name no absolute path.
      start: initial.source.replace(process.cwd() + sep, ''),
      sites: sites.map((s) => ({ id: s.id, train: s.data.train.length })),
      trainableParams,
      bench,
      metrics,
      metricsRound,
      overheadFraction: (bench.round - bench.trainingSlowest - bench.evaluation) / bench.round,
      perRound,
      downRatio: (traffic.sent - trunkBytes * sites.length) / per,
      upRatio: traffic.recv / per,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The report as a table (seconds per round). */
export function phaseTable(r: PhaseReport): string[] {
  const f = (v: number | undefined): string => (v === undefined ? '     –' : v.toFixed(3).padStart(8));
  const rows: [string, number | undefined, number | undefined][] = [
    ['before round 1: preparation (per site)', undefined, r.metrics.preparation],
    ['round (wall)', r.bench.round, r.metricsRound],
    ['  fitting (wall, all sites)', r.bench.fitting, undefined],
    ['    transfer down (per site)', undefined, r.metrics.transferDown],
    ['    training (slowest | mean)', r.bench.trainingSlowest, r.metrics.training],
    ['    transfer up (per site)', undefined, r.metrics.transferUp],
    ['  validation', undefined, r.metrics.validation],
    ['  aggregation', r.bench.aggregation, r.metrics.aggregation],
    ['  evaluation (federated)', r.bench.evaluation, r.metrics.evaluation],
    ['  commit (checkpoint + ledger)', r.bench.commit, r.metrics.commit],
    ['    of which beyond evaluation', r.bench.commitBeyondEvaluation, undefined],
  ];
  return [
    `phase seconds per round (+B5, ${r.inputSize} px, sites ${r.sites.map((s) => `${s.id} ${s.train}`).join(', ')} train images, ${r.rounds} rounds, start ${r.start}):`,
    `  sites ${r.siteThreads ? 'each in its own worker thread (deployment-like: a site is its own process)' : "in the coordinator's thread (one-process simulation)"}; the commit overlaps the evaluation`,
    `  ${'phase'.padEnd(40)}    bench  /metrics`,
    ...rows.map(([name, b, m]) => `  ${name.padEnd(40)}${f(b)}  ${f(m)}`),
    `  machinery (round − slowest training − evaluation): ${(r.overheadFraction * r.bench.round).toFixed(3)} s per round = ${(r.overheadFraction * 100).toFixed(1)} % of the round (goal ≤ 5 %)`,
    `  machinery by round: ${r.perRound.map((p) => `${p.round}: ${p.machinery.toFixed(3)} s (${(p.share * 100).toFixed(1)} %)`).join(', ')} (preparation, before round 1, also left each site the first global)`,
  ];
}
