/**
 * A federated run: splits the model at the unfreeze level, drives rounds through `runRound` with
 * bounded retries, and makes each committed round durable — checkpoint written atomically first,
 * then the ledger row in one transaction — so `resume` continues at the next round bit-identically.
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { ConfigError, IntegrityError, errorMessage } from '../shared/domain/errors.js';
import { CommitError, durableCommit, storageProblem, type StorageProblem } from './durable-commit.js';
import { logger } from '../shared/log.js';
import { loadCheckpoint } from '../shared/model/checkpoint.js';
import { saveCheckpointAtomic, setLatest } from '../shared/model/checkpoint-atomic.js';
import { nextAttempt, retryDelayMs, sleepUnless } from './attempts.js';
import { fromStored, toStored } from './state-paths.js';
import type { ModelConfig } from '../shared/model/config.js';
import { hashTensorSet } from '../shared/model/hash.js';
import type { TensorSet } from '../shared/domain/tensor-set.js';
import { isTrainable } from '../shared/model/unfreeze.js';
import type { FitConfig, RunSpec, Strategy } from '../shared/federation/types.js';
import type { Ledger } from './ledger.js';
import type { SiteRegistry } from './registry.js';
import { readRunIdentity, storedReferenceHistogram } from './run-record.js';
import { pruneCheckpoints, removeOrphanCheckpoints, STATE_PREFIX, verifyOlderCheckpoints, withLedger } from './run-state.js';
import type { CommitInput } from './round-types.js';
import { runRound, type RoundOutcome } from './rounds.js';
import { notify, type RunObserver } from './observer.js';
import { createStrategy, type StrategyConfig } from './strategies.js';
import { harmonisationReference } from './harmonisation.js';
import { prepareConnected, SitePreparation } from './site-preparation.js';
import type { UnfreezeLevel } from '../shared/domain/levels.js';
import type { RobustPolicy } from '../shared/federation/screen-updates.js';
import type { Enrolment } from '../shared/federation/robust-weights.js';

const log = logger('coordinator.run');

/** Everything a run needs, already validated and defaulted (see `shared/config/coordinator.ts`). */
export interface RunOptions {
  /** @default generated `run-<time>-<hex>` */
  readonly runId?: string | undefined;
  /** Holds `ledger.sqlite` and `runs/<runId>/` checkpoints. */
  readonly stateDir: string;
  readonly level: UnfreezeLevel;
  readonly rounds: number;
  readonly strategy: StrategyConfig;
  readonly fit: Omit<FitConfig, 'proximalMu'>;
  readonly seed: number;
  readonly fraction: number;
  readonly minFitSites: number;
  readonly minAvailableSites: number;
  readonly threshold: number;
  /** Score-histogram bins every site's EvaluateRes must use (sent in EvaluateIns). */
  readonly histogramBins: number;
  readonly fitDeadlineMs: number;
  readonly evaluateDeadlineMs: number;
  readonly prepareDeadlineMs: number;
  /** How long each attempt waits for minAvailableSites to connect. */
  readonly waitForSitesMs: number;
  /** Evaluate every k rounds (and always after the last). 0 = never. */
  readonly evaluateEvery: number;
  /** Attempts per round (per coordinator process) before the run fails. */
  readonly maxRoundAttempts: number;
  /** Delay before a round's first retry, doubling after each failure (capped, jittered). @default 0 */
  readonly retryBackoffMs?: number | undefined;
  /** Largest delay between attempts. @default 60000 */
  readonly retryBackoffMaxMs?: number | undefined;
  readonly maxUpdateNorm: number;
  /** Byzantine defences. @default DEFAULT_ROBUST_POLICY */
  readonly robust?: RobustPolicy | undefined;
  /** Per-site enrolment (coordinator.yaml `sites[].enrolled`), keyed by site id. */
  readonly enrolled?: Readonly<Record<string, Enrolment>> | undefined;
  /** Round checkpoints kept on disk (older dirs are removed; their hashes stay in the ledger). 0 = all. */
  readonly keepCheckpoints: number;
  /**
   * Federated harmonisation: wait for minAvailableSites, build a reference from the intensity histograms
   * they registered, and send it in the RunSpec (sites map their images to it). @default false
   */
  readonly harmonise?: boolean;
}

/** The starting model (fresh runs only). */
export interface InitialModel {
  readonly config: ModelConfig;
  readonly tensors: TensorSet;
  /** Where it came from (provenance of the base checkpoint), e.g. the pretrained dir or 'random-init'. */
  readonly source: string;
}

/** What a finished (or failed) run returns. */
export interface RunResult {
  readonly runId: string;
  readonly status: 'finished' | 'failed';
  readonly reason?: string;
  readonly lastRound: number;
  /** Global trainable tensors after the last committed round, and their hash. */
  readonly global: TensorSet;
  readonly globalHash: string;
  readonly outcomes: readonly RoundOutcome[];
}

/** Splits a full model's tensors into frozen and trainable at `level` (by layer name, the one rule). */
export function splitTensors(tensors: TensorSet, level: UnfreezeLevel): { frozen: TensorSet; trainable: TensorSet } {
  const layer = (name: string): string => name.split('/')[0] ?? name;
  return {
    frozen: tensors.filter((t) => !isTrainable(layer(t.name), level)),
    trainable: tensors.filter((t) => isTrainable(layer(t.name), level)),
  };
}

/** A federated run bound to a registry of sites and a ledger. */
export class FederatedRun {
  readonly runId: string;
  readonly ledger: Ledger;
  private readonly runDir: string;
  private stopped = false;
  /** A round attempt is under way (a site prepared now would be left a global that the round is about to replace). */
  private roundRunning = false;
  /** The last commit that failed on storage (disk full, I/O error): named in the run's failure reason. */
  private storageFailure: { round: number; problem: StorageProblem } | undefined;
  private observer: RunObserver | undefined;
  /** The last global hashed (see hashOf). */
  private lastHash: { set: TensorSet; hash: string } | undefined;
  /** Older checkpoints that failed verification on resume (by round); empty when all verified. */
  checkpointProblems: readonly string[] = [];

  private constructor(
    private readonly opts: RunOptions,
    runId: string,
    private readonly registry: SiteRegistry,
    private readonly spec: RunSpec,
    private readonly config: ModelConfig,
    private readonly frozen: TensorSet,
    private global: TensorSet,
    private readonly strategy: Strategy,
    private nextRound: number,
    ledger: Ledger,
  ) {
    this.runId = runId;
    this.ledger = ledger;
    this.runDir = join(resolve(opts.stateDir), 'runs', runId);
  }

  /** Starts a new run from `initial` (writes the base checkpoint and the run row). Closes the ledger if it throws. */
  static async create(opts: RunOptions, initial: InitialModel, registry: SiteRegistry): Promise<FederatedRun> {
    const runId = opts.runId ?? `run-${new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;
    return withLedger(opts.stateDir, async (ledger) => {
      if (ledger.getRun(runId)) throw new ConfigError(`run ${runId} already exists in ${opts.stateDir}; use --resume to continue it`);
      const { frozen, trainable } = splitTensors(initial.tensors, opts.level);
      if (trainable.length === 0) throw new ConfigError(`nothing is trainable at level ${opts.level} in the initial model`);
      const runDir = join(resolve(opts.stateDir), 'runs', runId);
      const baseDir = await saveCheckpointAtomic(
        runDir,
        'base',
        { config: initial.config, tensors: initial.tensors, level: opts.level, provenance: { createdAt: new Date().toISOString(), source: initial.source } },
        { updateLatest: false },
      );
      const trunkHash = hashTensorSet(frozen);
      let referenceHistogram: number[] | undefined;
      if (opts.harmonise) {
        await registry.waitFor(opts.minAvailableSites, opts.waitForSitesMs);
        referenceHistogram = harmonisationReference(registry.available().map((s) => s.registration));
      }
      const strategy = createStrategy(opts.strategy, contextOf(opts, runId, trunkHash));
      ledger.createRun({
        runId,
        level: opts.level,
        strategy: strategy.name,
        trunkHash,
        configJson: JSON.stringify({ options: { ...opts, runId }, modelConfig: initial.config, source: initial.source, ...(referenceHistogram ? { referenceHistogram } : {}) }),
        baseCheckpoint: toStored(opts.stateDir, baseDir),
        baseHash: hashTensorSet(initial.tensors),
      });
      const spec: RunSpec = { runId, level: opts.level, modelConfigJson: JSON.stringify(initial.config), trunkHash, ...(referenceHistogram ? { referenceHistogram } : {}) };
      log.info({ runId, level: opts.level, strategy: strategy.name, trainableTensors: trainable.length }, 'run created');
      return new FederatedRun(opts, runId, registry, spec, initial.config, frozen, trainable, strategy, 1, ledger);
    });
  }

  /**
   * Re-opens run `runId` (or the newest unfinished run) after a crash: validates the stored identity with
   * its zod schema, verifies the base checkpoint and the last committed round's checkpoint against the
   * ledger's hashes, and continues at the next round. Closes the ledger if it throws.
   */
  static async resume(opts: RunOptions, registry: SiteRegistry, runId?: string): Promise<FederatedRun> {
    return withLedger(opts.stateDir, async (ledger) => {
      const row = runId ? ledger.getRun(runId) : ledger.listRuns().find((r) => r.status === 'running');
      if (!row) throw new ConfigError(runId ? `no run ${runId} in ${opts.stateDir}` : `no unfinished run to resume in ${opts.stateDir}`);
      if (!row.baseCheckpoint) throw new IntegrityError(`run ${row.runId} has no base checkpoint recorded`);
      const identity = readRunIdentity(row.runId, row.level, row.configJson);
      const base = await loadCheckpoint(fromStored(opts.stateDir, row.baseCheckpoint), { verifyArchitecture: false });
      if (hashTensorSet(base.tensors) !== row.baseHash) throw new IntegrityError(`base checkpoint of ${row.runId} does not match the ledger hash`);
      const { frozen, trainable } = splitTensors(base.tensors, identity.level);
      // The run's identity (level, strategy, seed) comes from the ledger; the caller may extend rounds/deadlines.
      const merged: RunOptions = { ...opts, ...identity, runId: row.runId };
      const strategy = createStrategy(merged.strategy, contextOf(merged, row.runId, row.trunkHash));
      let global = trainable;
      let next = 1;
      const last = ledger.lastCommitted(row.runId);
      const problems = await verifyOlderCheckpoints(opts.stateDir, ledger, row.runId, last?.round);
      if (last) {
        const dir = fromStored(opts.stateDir, last.checkpointDir);
        const ck = await loadCheckpoint(dir, { verifyArchitecture: false });
        global = ck.tensors.filter((t) => !t.name.startsWith(STATE_PREFIX));
        const got = hashTensorSet(global);
        if (got !== last.globalHash) {
          throw new IntegrityError(`checkpoint ${dir} hash ${got} ≠ ledger ${last.globalHash} for round ${last.round}`);
        }
        strategy.setState(ck.tensors.filter((t) => t.name.startsWith(STATE_PREFIX)).map((t) => ({ ...t, name: t.name.slice(STATE_PREFIX.length) })));
        next = last.round + 1;
      }
      if (hashTensorSet(frozen) !== row.trunkHash) throw new IntegrityError(`frozen trunk of ${row.runId} does not match its trunk hash`);
      ledger.finishRun(row.runId, 'running');
      const ref = storedReferenceHistogram(row.configJson);
      const spec: RunSpec = { runId: row.runId, level: identity.level, modelConfigJson: JSON.stringify(base.config), trunkHash: row.trunkHash, ...(ref ? { referenceHistogram: ref } : {}) };
      const run = new FederatedRun(merged, row.runId, registry, spec, base.config, frozen, global, strategy, next, ledger);
      run.checkpointProblems = problems;
      await removeOrphanCheckpoints(merged.stateDir, ledger, row.runId, join(run.runDir, 'checkpoints'));
      log.info({ runId: row.runId, nextRound: next, globalHash: hashTensorSet(global) }, 'run resumed');
      return run;
    });
  }

  /** The current global trainable tensors. */
  currentGlobal(): TensorSet {
    return this.global;
  }

  /** The frozen trunk tensors and the run spec sites receive. */
  runSpec(): RunSpec {
    return this.spec;
  }

  /** Round the next `execute` starts at. */
  get startRound(): number {
    return this.nextRound;
  }

  /** Attaches the observer the round loop reports to (dashboard, metrics, progress). */
  observe(observer: RunObserver): void {
    this.observer = observer;
  }

  /** Asks the loop to stop after the current round. */
  stop(): void {
    this.stopped = true;
  }

  /** Runs the remaining rounds. `onRound` sees every attempt's outcome (progress, dashboards). */
  async execute(onRound?: (o: RoundOutcome) => void): Promise<RunResult> {
    const o = this.opts;
    const frozen = this.frozen.length > 0 ? this.frozen : null;
    // A site is left the global only when the next round sends it that very set: all sampled, no round under way.
    const global = (): TensorSet | undefined => (o.fraction >= 1 && !this.roundRunning ? this.global : undefined);
    const preparation = new SitePreparation({ spec: this.spec, frozen, deadlineMs: o.prepareDeadlineMs, round: () => this.nextRound, global, observer: () => this.observer });
    const outcomes: RoundOutcome[] = [];
    const onChange = (): void => {
      this.record('the connected sites', () => {
        for (const s of this.registry.available()) this.ledger.upsertSite(s.registration);
      });
      // Each site gets the RunSpec and trunk as it connects, while nothing waits on it.
      preparation.start(this.registry.available().map((s) => s.proxy));
    };
    this.registry.on('change', onChange);
    onChange();
    notify(this.observer, 'onRunStart', {
      runId: this.runId,
      level: o.level,
      strategy: this.strategy.name,
      rounds: o.rounds,
      startRound: this.nextRound,
      config: { localEpochs: o.fit.localEpochs, batchSize: o.fit.batchSize, learningRate: o.fit.learningRate, fraction: o.fraction, minFitSites: o.minFitSites, minAvailableSites: o.minAvailableSites, evaluateEvery: o.evaluateEvery, seed: o.seed },
    });
    try {
      // Setup: round 1's clock starts once the sites connected by then are prepared (site-preparation.ts).
      if (this.nextRound <= o.rounds && !this.stopped) await prepareConnected(preparation, this.registry, o.minAvailableSites, o.waitForSitesMs);
      for (let round = this.nextRound; round <= o.rounds && !this.stopped; round++) {
        let committed: RoundOutcome | undefined;
        let lastReason = '';
        // Numbering continues from the ledger (a resumed run must not reuse an attempt); the budget is per process.
        const first = nextAttempt(this.ledger.attempts(this.runId, round));
        for (let attempt = first; attempt < first + o.maxRoundAttempts && !committed && !this.stopped; attempt++) {
          if (attempt > first) await sleepUnless(retryDelayMs(attempt - first, { baseMs: o.retryBackoffMs ?? 0, maxMs: o.retryBackoffMaxMs ?? 60_000 }), () => this.stopped);
          await this.registry.waitFor(o.minAvailableSites, o.waitForSitesMs).catch(() => undefined);
          const evaluate = o.evaluateEvery > 0 && (round % o.evaluateEvery === 0 || round === o.rounds);
          this.roundRunning = true;
          const outcome = await runRound({
            round,
            attempt,
            strategy: this.strategy,
            global: this.global,
            sites: this.registry.available(),
            spec: this.spec,
            frozen,
            preparation,
            options: { ...o, evaluate },
            commit: (out) => this.commit(out),
            recordEvaluation: (r, a, evaluation, history) => this.ledger.recordEvaluation(this.runId, r, a, evaluation, history),
            ...(this.observer ? { observer: this.observer } : {}),
          }).finally(() => (this.roundRunning = false));
          outcomes.push(outcome);
          onRound?.(outcome);
          if (outcome.state === 'committed') committed = outcome;
          else {
            lastReason = outcome.reason ?? 'unknown';
            this.record(`round ${round} attempt ${attempt} as failed`, () => this.ledger.recordFailedRound(this.runId, outcome));
          }
        }
        if (!committed && this.stopped) break;
        if (!committed) {
          const disk = this.storageFailure?.round === round ? this.storageFailure.problem : null;
          const hint = disk ? `; the state dir's storage failed (${disk}): fix it (free space) and continue with --resume ${this.runId}` : '';
          const reason = `round ${round} failed ${o.maxRoundAttempts} times; last: ${lastReason}${hint}`;
          this.record('the run as failed', () => this.ledger.finishRun(this.runId, 'failed', reason));
          log.error({ runId: this.runId, round, reason }, 'run failed');
          notify(this.observer, 'onRunEnd', 'failed', reason);
          return this.result('failed', round - 1, outcomes, reason);
        }
        this.global = committed.global;
        this.nextRound = round + 1;
      }
      const done = this.nextRound > o.rounds;
      if (done) this.record('the run as finished', () => this.ledger.finishRun(this.runId, 'finished'));
      notify(this.observer, 'onRunEnd', 'finished');
      return this.result('finished', this.nextRound - 1, outcomes);
    } finally {
      this.registry.off('change', onChange);
    }
  }

  /**
   * hashTensorSet of a global, computed once: a round's new global is hashed for the ledger at its commit and
   * is the next round's parent (globals are values: aggregation makes a new set, nothing writes into one).
   */
  private hashOf(set: TensorSet): string {
    if (this.lastHash?.set !== set) this.lastHash = { set, hash: hashTensorSet(set) };
    return this.lastHash.hash;
  }

  /** Durable commit: checkpoint atomically, then the ledger transaction (`durable-commit.ts`). */
  private async commit(out: CommitInput): Promise<void> {
    const state = this.strategy.getState().map((t) => ({ ...t, name: `${STATE_PREFIX}${t.name}` }));
    const name = `round-${String(out.round).padStart(4, '0')}-${randomBytes(3).toString('hex')}`;
    const parent = join(this.runDir, 'checkpoints');
    const checkpoint = {
      config: this.config,
      tensors: [...out.global, ...state],
      level: this.spec.level,
      provenance: { createdAt: new Date().toISOString(), source: `run:${this.runId}/round:${out.round}`, parentHash: this.hashOf(this.global) },
    };
    this.storageFailure = undefined;
    await durableCommit(out.round, {
      // Without strategy state the checkpoint's tensors are the global: its set hash is the ledger's (hashed once).
      saveCheckpoint: () => saveCheckpointAtomic(parent, name, checkpoint, { updateLatest: false, ...(state.length === 0 ? { tensorSetHash: this.hashOf(out.global) } : {}) }),
      recordInLedger: (dir) => this.ledger.commitRound(this.runId, out, { dir: toStored(this.opts.stateDir, dir), sha256: this.hashOf(out.global) }),
      // LATEST moves only once the ledger holds the round: it never points at an uncommitted checkpoint.
      moveLatest: () => setLatest(parent, name),
      prune: () => pruneCheckpoints(this.opts.stateDir, this.ledger, this.runId, this.opts.keepCheckpoints),
    }).catch((err: unknown) => {
      const problem = err instanceof CommitError ? err.storage : null;
      if (problem) this.storageFailure = { round: out.round, problem };
      throw err;
    });
  }

  /**
   * A ledger write outside the commit (a failed attempt, the run's status, site rows). On a full or failing disk
   * it is logged and skipped: the run goes on, and what was not written is not needed to resume.
   */
  private record(what: string, write: () => void): boolean {
    try {
      write();
      return true;
    } catch (err) {
      log.error({ runId: this.runId, err: errorMessage(err), storage: storageProblem(err) }, `could not record ${what} in the ledger`);
      return false;
    }
  }

  private result(status: 'finished' | 'failed', lastRound: number, outcomes: RoundOutcome[], reason?: string): RunResult {
    return { runId: this.runId, status, ...(reason ? { reason } : {}), lastRound, global: this.global, globalHash: this.hashOf(this.global), outcomes };
  }

  /** Closes the ledger (a failure — e.g. a WAL checkpoint on a full disk — is logged: the ledger stays resumable). */
  close(): void {
    this.record('the final WAL checkpoint (closing)', () => this.ledger.close());
  }
}

function contextOf(o: RunOptions, runId: string, trunkHash: string) {
  return {
    runId,
    level: o.level,
    trunkHash,
    fit: { ...o.fit, proximalMu: 0 },
    seed: o.seed,
    fraction: o.fraction,
    minFitSites: o.minFitSites,
    threshold: o.threshold,
    histogramBins: o.histogramBins,
  };
}
