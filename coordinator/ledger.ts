/**
 * The coordinator's durable record (better-sqlite3, WAL, synchronous=FULL): runs, rounds, sites,
 * participation, metrics and checkpoint hashes, under a schema version with forward-only migrations.
 * A round counts as committed only when its row is here; its checkpoint is written first (run.ts).
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { IntegrityError } from '../shared/domain/errors.js';
import type { SiteRegistration } from '../shared/federation/types.js';
import type { RoundTransition } from './round-machine.js';
import type { CommitInput, EvaluationRecord, RoundOutcome } from './round-types.js';
import type { Anomaly } from '../shared/federation/anomaly.js';

/** Forward-only migrations; index + 1 is the schema version. Never edit a shipped entry: append. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE runs (
     run_id TEXT PRIMARY KEY, created_at TEXT NOT NULL, status TEXT NOT NULL, reason TEXT,
     level TEXT NOT NULL, strategy TEXT NOT NULL, trunk_hash TEXT NOT NULL, config_json TEXT NOT NULL,
     base_checkpoint TEXT, base_hash TEXT NOT NULL, finished_at TEXT);
   CREATE TABLE sites (site_id TEXT PRIMARY KEY, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, registration_json TEXT NOT NULL);
   CREATE TABLE rounds (
     run_id TEXT NOT NULL REFERENCES runs(run_id), round INTEGER NOT NULL, attempt INTEGER NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('committed','failed')), reason TEXT, finished_at TEXT NOT NULL,
     global_hash TEXT, timings_json TEXT NOT NULL, history_json TEXT NOT NULL,
     PRIMARY KEY (run_id, round, attempt));
   CREATE TABLE participation (
     run_id TEXT NOT NULL, round INTEGER NOT NULL, attempt INTEGER NOT NULL, site_id TEXT NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('fit','evaluate')), status TEXT NOT NULL, reason TEXT,
     num_examples INTEGER, train_loss REAL, duration_ms REAL,
     PRIMARY KEY (run_id, round, attempt, site_id, role));
   CREATE TABLE metrics (
     run_id TEXT NOT NULL, round INTEGER NOT NULL, scope TEXT NOT NULL, name TEXT NOT NULL, value REAL,
     PRIMARY KEY (run_id, round, scope, name));
   CREATE TABLE checkpoints (
     run_id TEXT NOT NULL, round INTEGER NOT NULL, dir TEXT NOT NULL, sha256 TEXT NOT NULL, created_at TEXT NOT NULL,
     PRIMARY KEY (run_id, round));`,
  // v2: metrics split by typed scope (a site named 'global' no longer collides with the federation's
  // metrics); a failed evaluation of a committed round is a typed row, not a sentinel site.
  `CREATE TABLE global_metrics (
     run_id TEXT NOT NULL, round INTEGER NOT NULL, name TEXT NOT NULL, value REAL,
     PRIMARY KEY (run_id, round, name));
   CREATE TABLE site_metrics (
     run_id TEXT NOT NULL, round INTEGER NOT NULL, site_id TEXT NOT NULL, name TEXT NOT NULL, value REAL,
     PRIMARY KEY (run_id, round, site_id, name));
   INSERT INTO global_metrics (run_id, round, name, value) SELECT run_id, round, name, value FROM metrics WHERE scope = 'global';
   INSERT INTO site_metrics (run_id, round, site_id, name, value) SELECT run_id, round, scope, name, value FROM metrics WHERE scope <> 'global';
   DROP TABLE metrics;
   CREATE TABLE evaluation_failures (
     run_id TEXT NOT NULL, round INTEGER NOT NULL, attempt INTEGER NOT NULL, reason TEXT NOT NULL, failed_at TEXT NOT NULL,
     PRIMARY KEY (run_id, round));`,
  // v3: what the robust screen noticed (naming sites), and each site's aggregation weight share.
  `CREATE TABLE anomalies (
     run_id TEXT NOT NULL, round INTEGER NOT NULL, attempt INTEGER NOT NULL, site_id TEXT NOT NULL,
     kind TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL);
   CREATE INDEX anomalies_by_run ON anomalies (run_id, round, attempt);
   ALTER TABLE participation ADD COLUMN weight_share REAL;`,
];

/** Current schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** A run row. */
export interface RunRow {
  readonly runId: string;
  readonly createdAt: string;
  readonly status: 'running' | 'finished' | 'failed';
  readonly reason: string | null;
  readonly level: string;
  readonly strategy: string;
  readonly trunkHash: string;
  readonly configJson: string;
  readonly baseCheckpoint: string | null;
  readonly baseHash: string;
}

/** The last durable round of a run. */
export interface CommittedRound {
  readonly round: number;
  readonly globalHash: string;
  readonly checkpointDir: string;
}

/** One metric row: of the federation (`scope: 'global'`) or of one site (`scope: 'site'` and its id). */
export type MetricRow =
  | { readonly round: number; readonly scope: 'global'; readonly name: string; readonly value: number | null }
  | { readonly round: number; readonly scope: 'site'; readonly siteId: string; readonly name: string; readonly value: number | null };

/** A committed round whose federated evaluation failed as a whole. */
export interface EvaluationFailureRow {
  readonly round: number;
  readonly attempt: number;
  readonly reason: string;
}

/** The SQLite ledger. @example const l = Ledger.open('state/ledger.sqlite') */
export class Ledger {
  private constructor(readonly db: Database.Database) {}

  /** Opens (creating if needed) and migrates the ledger at `path`. */
  static open(path: string, opts: { readonly?: boolean } = {}): Ledger {
    if (!opts.readonly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path, opts.readonly ? { readonly: true, fileMustExist: true } : {});
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
    }
    const ledger = new Ledger(db);
    if (!opts.readonly) ledger.migrate();
    else if (ledger.schemaVersion() > SCHEMA_VERSION) {
      throw new IntegrityError(`ledger ${path} has schema v${ledger.schemaVersion()}, newer than this fedcxr (v${SCHEMA_VERSION})`);
    }
    return ledger;
  }

  /** Schema version recorded in the database (0 = empty). */
  schemaVersion(): number {
    const has = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'").get();
    if (!has) return 0;
    const row = this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    return row.v ?? 0;
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const current = this.schemaVersion();
    if (current > SCHEMA_VERSION) {
      throw new IntegrityError(`ledger has schema v${current}, newer than this fedcxr (v${SCHEMA_VERSION}); refusing to touch it`);
    }
    for (let v = current + 1; v <= SCHEMA_VERSION; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v - 1] as string);
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(v, new Date().toISOString());
      })();
    }
  }

  close(): void {
    this.db.close();
  }

  /** Records a new run. */
  createRun(r: Omit<RunRow, 'createdAt' | 'status' | 'reason'>): void {
    this.db
      .prepare(
        `INSERT INTO runs (run_id, created_at, status, level, strategy, trunk_hash, config_json, base_checkpoint, base_hash)
         VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?)`,
      )
      .run(r.runId, new Date().toISOString(), r.level, r.strategy, r.trunkHash, r.configJson, r.baseCheckpoint, r.baseHash);
  }

  /** Marks a run finished or failed. */
  finishRun(runId: string, status: 'finished' | 'failed' | 'running', reason: string | null = null): void {
    this.db.prepare('UPDATE runs SET status = ?, reason = ?, finished_at = ? WHERE run_id = ?').run(status, reason, new Date().toISOString(), runId);
  }

  getRun(runId: string): RunRow | undefined {
    const r = this.db.prepare('SELECT * FROM runs WHERE run_id = ?').get(runId) as Record<string, unknown> | undefined;
    return r ? toRunRow(r) : undefined;
  }

  /** All runs, newest first. */
  listRuns(): RunRow[] {
    return (this.db.prepare('SELECT * FROM runs ORDER BY created_at DESC, rowid DESC').all() as Record<string, unknown>[]).map(toRunRow);
  }

  /** Upserts what a site registered (counts only). */
  upsertSite(reg: SiteRegistration): void {
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO sites (site_id, first_seen, last_seen, registration_json) VALUES (?, ?, ?, ?)
         ON CONFLICT(site_id) DO UPDATE SET last_seen = excluded.last_seen, registration_json = excluded.registration_json`,
      )
      .run(reg.siteId, now, now, JSON.stringify(reg));
  }

  /** A committed round whose checkpoint was pruned, re-entered by `ledger rebuild` with the hash its child names. */
  recordRebuiltRound(runId: string, o: CommitInput, globalHash: string | null): void {
    this.insertRound(runId, o, 'committed', globalHash);
  }

  /** Attempt numbers already recorded for `round` of `runId` (so a resumed run continues the numbering). */
  attempts(runId: string, round: number): number[] {
    return (this.db.prepare('SELECT attempt FROM rounds WHERE run_id = ? AND round = ? ORDER BY attempt').all(runId, round) as { attempt: number }[]).map((r) => r.attempt);
  }

  /** Records a failed round attempt (no checkpoint). */
  recordFailedRound(runId: string, o: RoundOutcome): void {
    this.db.transaction(() => {
      this.insertRound(runId, o, 'failed', null);
      this.insertFitParticipation(runId, o);
    })();
  }

  /**
   * Commits a round in one transaction: round row, fit participation, training metrics and the checkpoint's
   * hash. Call only after the checkpoint directory is durably in place; the evaluation follows later
   * (`recordEvaluation`).
   */
  commitRound(runId: string, o: CommitInput, ckpt: { dir: string; sha256: string }): void {
    this.db.transaction(() => {
      this.insertRound(runId, o, 'committed', ckpt.sha256);
      this.insertFitParticipation(runId, o);
      const put = this.db.prepare('INSERT OR REPLACE INTO site_metrics (run_id, round, site_id, name, value) VALUES (?, ?, ?, ?, ?)');
      for (const f of o.fit) if (f.trainLoss !== undefined) put.run(runId, o.round, f.siteId, 'train_loss', f.trainLoss);
      const p = o.privacy;
      if (p) {
        const putGlobal = this.db.prepare('INSERT OR REPLACE INTO global_metrics (run_id, round, name, value) VALUES (?, ?, ?, ?)');
        const dp = { dp_epsilon: p.epsilon, dp_delta: p.delta, dp_order: p.order, dp_noise_multiplier: p.noiseMultiplier, dp_clip: p.clip };
        for (const [k, v] of Object.entries(dp)) putGlobal.run(runId, o.round, k, Number.isFinite(v) ? v : null);
      }
      this.insertAnomalies(runId, o.round, o.attempt, o.fitAnomalies);
      this.db
        .prepare('INSERT INTO checkpoints (run_id, round, dir, sha256, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(runId, o.round, ckpt.dir, ckpt.sha256, new Date().toISOString());
    })();
  }

  /**
   * Records the federated evaluation of committed round `round` (attempt `attempt`) in one transaction:
   * global and per-site metrics, evaluate participation, a typed failure row when the evaluation failed as a
   * whole, and the round's full state history.
   */
  recordEvaluation(runId: string, round: number, attempt: number, r: EvaluationRecord, history: readonly RoundTransition[]): void {
    this.db.transaction(() => {
      const committed = this.db.prepare("SELECT 1 FROM rounds WHERE run_id = ? AND round = ? AND attempt = ? AND state = 'committed'").get(runId, round, attempt);
      if (!committed) throw new IntegrityError(`cannot record the evaluation of round ${round} (attempt ${attempt}) of ${runId}: it is not committed`);
      const putGlobal = this.db.prepare('INSERT OR REPLACE INTO global_metrics (run_id, round, name, value) VALUES (?, ?, ?, ?)');
      const putSite = this.db.prepare('INSERT OR REPLACE INTO site_metrics (run_id, round, site_id, name, value) VALUES (?, ?, ?, ?, ?)');
      const e = r.evaluation;
      if (e) {
        const vals: Record<string, number | null> = {
          sensitivity: e.sensitivity, specificity: e.specificity, accuracy: e.accuracy, auc: e.auc,
          loss: Number.isFinite(e.loss) ? e.loss : null, num_examples: e.numExamples,
          tp: e.confusion.tp, fp: e.confusion.fp, tn: e.confusion.tn, fn: e.confusion.fn,
        };
        for (const [k, v] of Object.entries(vals)) putGlobal.run(runId, round, k, v);
      }
      for (const s of r.siteEvaluations) {
        for (const [k, v] of Object.entries({ ...s.confusion, num_examples: s.numExamples, withheld: s.withheld ? 1 : 0 })) putSite.run(runId, round, s.siteId, k, v);
      }
      const part = this.participationStatement();
      for (const s of r.siteEvaluations) part.run(runId, round, attempt, s.siteId, 'evaluate', s.withheld ? 'withheld' : 'ok', null, s.numExamples, null, null, null);
      const seen = new Set<string>();
      for (const f of r.evaluateFailures) {
        // One row per (site, role): a site whose evaluation failed twice (e.g. refused, then rejected) keeps the first reason.
        if (seen.has(f.siteId)) continue;
        seen.add(f.siteId);
        part.run(runId, round, attempt, f.siteId, 'evaluate', 'failed', f.reason, null, null, null, null);
      }
      this.insertAnomalies(runId, round, attempt, r.anomalies);
      if (r.evaluationFailure !== undefined) {
        this.db
          .prepare('INSERT OR REPLACE INTO evaluation_failures (run_id, round, attempt, reason, failed_at) VALUES (?, ?, ?, ?, ?)')
          .run(runId, round, attempt, r.evaluationFailure, new Date().toISOString());
      }
      this.db.prepare('UPDATE rounds SET history_json = ? WHERE run_id = ? AND round = ? AND attempt = ?').run(JSON.stringify(history), runId, round, attempt);
    })();
  }

  private insertRound(runId: string, o: CommitInput & { reason?: string }, state: 'committed' | 'failed', hash: string | null): void {
    this.db
      .prepare(
        `INSERT INTO rounds (run_id, round, attempt, state, reason, finished_at, global_hash, timings_json, history_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(runId, o.round, o.attempt, state, o.reason ?? null, new Date().toISOString(), hash, JSON.stringify(o.timings), JSON.stringify(o.history));
  }

  private participationStatement(): Database.Statement {
    return this.db.prepare(
      `INSERT INTO participation (run_id, round, attempt, site_id, role, status, reason, num_examples, train_loss, duration_ms, weight_share)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  private insertAnomalies(runId: string, round: number, attempt: number, anomalies: readonly Anomaly[] | undefined): void {
    const put = this.db.prepare('INSERT INTO anomalies (run_id, round, attempt, site_id, kind, action, detail) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const a of anomalies ?? []) put.run(runId, round, attempt, a.siteId, a.kind, a.action, a.detail);
  }

  /** Anomaly rows of a run (what the robust screen noticed, naming sites), in order. */
  anomalies(runId: string): { round: number; attempt: number; siteId: string; kind: string; action: string; detail: string }[] {
    return this.db
      .prepare('SELECT round, attempt, site_id AS siteId, kind, action, detail FROM anomalies WHERE run_id = ? ORDER BY round, attempt, rowid')
      .all(runId) as { round: number; attempt: number; siteId: string; kind: string; action: string; detail: string }[];
  }

  private insertFitParticipation(runId: string, o: CommitInput): void {
    const put = this.participationStatement();
    for (const f of o.fit) {
      put.run(runId, o.round, o.attempt, f.siteId, 'fit', f.status, f.reason ?? null, f.numExamples ?? null, f.trainLoss ?? null, f.durationMs, f.weightShare ?? null);
    }
  }

  /** The last committed round of `runId`, or undefined when none committed yet. */
  lastCommitted(runId: string): CommittedRound | undefined {
    const r = this.db
      .prepare(
        `SELECT r.round AS round, c.sha256 AS hash, c.dir AS dir FROM rounds r
         JOIN checkpoints c ON c.run_id = r.run_id AND c.round = r.round
         WHERE r.run_id = ? AND r.state = 'committed' ORDER BY r.round DESC LIMIT 1`,
      )
      .get(runId) as { round: number; hash: string; dir: string } | undefined;
    return r ? { round: r.round, globalHash: r.hash, checkpointDir: r.dir } : undefined;
  }

  /** Round rows of a run (every attempt), in order. */
  rounds(runId: string): { round: number; attempt: number; state: string; reason: string | null; globalHash: string | null; timings: RoundOutcome['timings'] }[] {
    const rows = this.db
      .prepare('SELECT round, attempt, state, reason, global_hash, timings_json FROM rounds WHERE run_id = ? ORDER BY round, attempt')
      .all(runId) as { round: number; attempt: number; state: string; reason: string | null; global_hash: string | null; timings_json: string }[];
    return rows.map((r) => ({ round: r.round, attempt: r.attempt, state: r.state, reason: r.reason, globalHash: r.global_hash, timings: JSON.parse(r.timings_json) as RoundOutcome['timings'] }));
  }

  /** Metric rows of a run: the federation's first, then each site's, by round and name. */
  metrics(runId: string): MetricRow[] {
    const global = this.db.prepare('SELECT round, name, value FROM global_metrics WHERE run_id = ? ORDER BY round, name').all(runId) as {
      round: number;
      name: string;
      value: number | null;
    }[];
    const sites = this.db.prepare('SELECT round, site_id AS siteId, name, value FROM site_metrics WHERE run_id = ? ORDER BY round, site_id, name').all(runId) as {
      round: number;
      siteId: string;
      name: string;
      value: number | null;
    }[];
    return [...global.map((r) => ({ scope: 'global' as const, ...r })), ...sites.map((r) => ({ scope: 'site' as const, ...r }))];
  }

  /** Committed rounds of a run whose evaluation failed as a whole, in order. */
  evaluationFailures(runId: string): EvaluationFailureRow[] {
    return this.db.prepare('SELECT round, attempt, reason FROM evaluation_failures WHERE run_id = ? ORDER BY round').all(runId) as EvaluationFailureRow[];
  }

  /** Participation rows of a run. */
  participation(runId: string): { round: number; attempt: number; siteId: string; role: string; status: string; reason: string | null; numExamples: number | null }[] {
    return this.db
      .prepare(
        'SELECT round, attempt, site_id AS siteId, role, status, reason, num_examples AS numExamples FROM participation WHERE run_id = ? ORDER BY round, attempt, site_id, role',
      )
      .all(runId) as { round: number; attempt: number; siteId: string; role: string; status: string; reason: string | null; numExamples: number | null }[];
  }

  /** Checkpoint dirs of a run, oldest first. */
  checkpoints(runId: string): { round: number; dir: string; sha256: string }[] {
    return this.db.prepare('SELECT round, dir, sha256 FROM checkpoints WHERE run_id = ? ORDER BY round').all(runId) as {
      round: number;
      dir: string;
      sha256: string;
    }[];
  }
}

function toRunRow(r: Record<string, unknown>): RunRow {
  return {
    runId: r.run_id as string,
    createdAt: r.created_at as string,
    status: r.status as RunRow['status'],
    reason: (r.reason as string | null) ?? null,
    level: r.level as string,
    strategy: r.strategy as string,
    trunkHash: r.trunk_hash as string,
    configJson: r.config_json as string,
    baseCheckpoint: (r.base_checkpoint as string | null) ?? null,
    baseHash: r.base_hash as string,
  };
}
