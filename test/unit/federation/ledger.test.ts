import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ledger, SCHEMA_VERSION } from '../../../coordinator/ledger.js';
import type { RoundOutcome } from '../../../coordinator/rounds.js';
import { IntegrityError } from '../../../shared/domain/errors.js';
import { set6 } from './helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedcxr-ledger-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const outcome = (round: number, state: 'committed' | 'failed'): RoundOutcome => ({
  round,
  attempt: 1,
  state,
  ...(state === 'failed' ? { reason: 'too few' } : {}),
  global: set6([1, 2, 3, 4, 5, 6]),
  fit: [{ siteId: 'a', status: 'ok', numExamples: 5, trainLoss: 0.2, durationMs: 3 }],
  siteEvaluations: [],
  evaluateFailures: [],
  timings: { totalMs: 1, fitMs: 1, aggregateMs: 0, evaluateMs: 0, commitMs: 0 },
  history: [],
});

describe('Ledger', () => {
  it('migrates a fresh file to the current schema version and re-opens idempotently', () => {
    const p = join(dir, 'l.sqlite');
    Ledger.open(p).close();
    const l = Ledger.open(p);
    expect(l.schemaVersion()).toBe(SCHEMA_VERSION);
    const n = l.db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number };
    expect(n.n).toBe(SCHEMA_VERSION);
    l.close();
  });

  it('refuses a ledger written by a newer fedcxr', () => {
    const p = join(dir, 'l.sqlite');
    Ledger.open(p).close();
    const db = new Database(p);
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(SCHEMA_VERSION + 1, 'x');
    db.close();
    expect(() => Ledger.open(p)).toThrow(IntegrityError);
  });

  it('reports the last committed round with its checkpoint, ignoring failed attempts', () => {
    const l = Ledger.open(join(dir, 'l.sqlite'));
    l.createRun({ runId: 'r', level: '+B5', strategy: 'fedavg', trunkHash: 't', configJson: '{}', baseCheckpoint: '/b', baseHash: 'h' });
    expect(l.lastCommitted('r')).toBeUndefined();
    l.commitRound('r', outcome(1, 'committed'), { dir: '/c1', sha256: 'h1' });
    l.recordFailedRound('r', outcome(2, 'failed'));
    expect(l.lastCommitted('r')).toEqual({ round: 1, globalHash: 'h1', checkpointDir: '/c1' });
    expect(l.rounds('r').map((r) => r.state)).toEqual(['committed', 'failed']);
    expect(l.metrics('r')).toContainEqual({ round: 1, scope: 'site', siteId: 'a', name: 'train_loss', value: 0.2 });
    l.close();
  });

  it('rolls back a commit as a whole (no round row without its checkpoint row)', () => {
    const l = Ledger.open(join(dir, 'l.sqlite'));
    l.createRun({ runId: 'r', level: '+B5', strategy: 'fedavg', trunkHash: 't', configJson: '{}', baseCheckpoint: '/b', baseHash: 'h' });
    l.commitRound('r', outcome(1, 'committed'), { dir: '/c1', sha256: 'h1' });
    // committing round 1 again violates the checkpoints primary key inside the same transaction
    const again = { ...outcome(1, 'committed'), attempt: 2 };
    expect(() => l.commitRound('r', again, { dir: '/c1b', sha256: 'h2' })).toThrow();
    expect(l.rounds('r')).toHaveLength(1);
    l.close();
  });

  it('records an evaluation against its committed round, keeping a site named "global" apart from the federation', () => {
    const l = Ledger.open(join(dir, 'l.sqlite'));
    l.createRun({ runId: 'r', level: '+B5', strategy: 'fedavg', trunkHash: 't', configJson: '{}', baseCheckpoint: '/b', baseHash: 'h' });
    l.commitRound('r', outcome(1, 'committed'), { dir: '/c1', sha256: 'h1' });
    const site = { runId: 'r', round: 1, siteId: 'global', numExamples: 4, loss: 0.1, confusion: { tp: 1, fp: 0, tn: 3, fn: 0 }, positiveHistogram: [], negativeHistogram: [], withheld: false };
    const evaluation = { round: 1, numExamples: 9, loss: 0.2, confusion: { tp: 2, fp: 1, tn: 5, fn: 1 }, positiveHistogram: [], negativeHistogram: [], sensitivity: 0.5, specificity: 0.8, accuracy: 0.7, auc: 0.9, withheldSites: [] };

    l.recordEvaluation('r', 1, 1, { siteEvaluations: [site], evaluateFailures: [{ siteId: 'b', reason: 'b timed out' }], evaluation }, [{ state: 'evaluated', at: 0 }]);

    const tp = l.metrics('r').filter((m) => m.name === 'tp');
    expect(tp).toEqual([
      { round: 1, scope: 'global', name: 'tp', value: 2 },
      { round: 1, scope: 'site', siteId: 'global', name: 'tp', value: 1 },
    ]);
    expect(l.participation('r').filter((p) => p.role === 'evaluate').map((p) => [p.siteId, p.status, p.reason])).toEqual([
      ['b', 'failed', 'b timed out'],
      ['global', 'ok', null],
    ]);
    expect(l.evaluationFailures('r')).toEqual([]);
    l.close();
  });

  it('records a failed evaluation as a typed row of the committed round, and refuses one for an uncommitted round', () => {
    const l = Ledger.open(join(dir, 'l.sqlite'));
    l.createRun({ runId: 'r', level: '+B5', strategy: 'fedavg', trunkHash: 't', configJson: '{}', baseCheckpoint: '/b', baseHash: 'h' });
    l.commitRound('r', outcome(1, 'committed'), { dir: '/c1', sha256: 'h1' });
    l.recordFailedRound('r', outcome(2, 'failed'));

    l.recordEvaluation('r', 1, 1, { siteEvaluations: [], evaluateFailures: [], evaluationFailure: 'evaluation aggregation failed: no results' }, []);

    expect(l.evaluationFailures('r')).toEqual([{ round: 1, attempt: 1, reason: 'evaluation aggregation failed: no results' }]);
    expect(l.metrics('r').filter((m) => m.scope === 'global')).toEqual([]);
    expect(() => l.recordEvaluation('r', 2, 1, { siteEvaluations: [], evaluateFailures: [] }, [])).toThrow(/round 2 \(attempt 1\) of r: it is not committed/);
    l.close();
  });

  it('migrates a v1 ledger: its mixed-scope metrics move into the global and site tables', () => {
    const p = join(dir, 'l.sqlite');
    const db = new Database(p);
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    db.exec(`CREATE TABLE metrics (run_id TEXT NOT NULL, round INTEGER NOT NULL, scope TEXT NOT NULL, name TEXT NOT NULL, value REAL, PRIMARY KEY (run_id, round, scope, name));
             CREATE TABLE runs (run_id TEXT PRIMARY KEY, created_at TEXT NOT NULL, status TEXT NOT NULL, reason TEXT, level TEXT NOT NULL, strategy TEXT NOT NULL, trunk_hash TEXT NOT NULL, config_json TEXT NOT NULL, base_checkpoint TEXT, base_hash TEXT NOT NULL, finished_at TEXT);
             CREATE TABLE participation (run_id TEXT NOT NULL, round INTEGER NOT NULL, attempt INTEGER NOT NULL, site_id TEXT NOT NULL,
               role TEXT NOT NULL CHECK (role IN ('fit','evaluate')), status TEXT NOT NULL, reason TEXT, num_examples INTEGER, train_loss REAL, duration_ms REAL,
               PRIMARY KEY (run_id, round, attempt, site_id, role));`);
    db.prepare('INSERT INTO schema_migrations VALUES (1, ?)').run('x');
    db.prepare("INSERT INTO metrics VALUES ('r', 1, 'global', 'auc', 0.7), ('r', 1, 'a', 'train_loss', 0.3)").run();
    db.close();

    const l = Ledger.open(p);

    expect(l.schemaVersion()).toBe(SCHEMA_VERSION);
    expect(l.metrics('r')).toEqual([
      { round: 1, scope: 'global', name: 'auc', value: 0.7 },
      { round: 1, scope: 'site', siteId: 'a', name: 'train_loss', value: 0.3 },
    ]);
    l.close();
  });
});
