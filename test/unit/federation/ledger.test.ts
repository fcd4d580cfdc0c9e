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
    expect(l.metrics('r')).toContainEqual({ round: 1, scope: 'a', name: 'train_loss', value: 0.2 });
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
});
