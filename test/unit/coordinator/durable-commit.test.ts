/** The durable commit's order and its failure handling: what a full or failing disk does to a round. */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CommitError, durableCommit, storageProblem, type CommitSteps } from '../../../coordinator/durable-commit.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** An error shaped like better-sqlite3's SqliteError. */
function sqliteError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

function steps(over: Partial<CommitSteps>, log: string[]): CommitSteps {
  const parent = mkdtempSync(join(tmpdir(), 'fedcxr-commit-'));
  dirs.push(parent);
  const dir = join(parent, 'round-0002-abcdef');
  return {
    saveCheckpoint: async () => {
      mkdirSync(dir);
      writeFileSync(join(dir, 'weights.bin'), 'x');
      log.push('checkpoint');
      return dir;
    },
    recordInLedger: () => void log.push('ledger'),
    moveLatest: async () => void log.push('latest'),
    prune: async () => void log.push('prune'),
    ...over,
  };
}

describe('storageProblem', () => {
  it('names full, failing and read-only storage from errno and SQLite codes, also as a cause', () => {
    expect(storageProblem(Object.assign(new Error('no space'), { code: 'ENOSPC' }))).toBe('disk full');
    expect(storageProblem(sqliteError('SQLITE_FULL', 'database or disk is full'))).toBe('disk full');
    expect(storageProblem(sqliteError('SQLITE_IOERR_WRITE', 'disk I/O error'))).toBe('I/O error');
    expect(storageProblem(new Error('wrapped', { cause: Object.assign(new Error('eio'), { code: 'EIO' }) }))).toBe('I/O error');
    expect(storageProblem(sqliteError('SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed'))).toBeNull();
    expect(storageProblem(new Error('plain'))).toBeNull();
  });
});

describe('durableCommit', () => {
  it('writes the checkpoint, then the ledger, then LATEST, then prunes', async () => {
    const log: string[] = [];
    await durableCommit(2, steps({}, log));
    expect(log).toEqual(['checkpoint', 'ledger', 'latest', 'prune']);
  });

  it('fails the round naming the disk when the ledger is full, and removes the checkpoint it orphaned', async () => {
    const log: string[] = [];
    let dir = '';
    const s = steps({ recordInLedger: () => { throw sqliteError('SQLITE_FULL', 'database or disk is full'); } }, log);
    const save = s.saveCheckpoint;
    const err = await durableCommit(2, { ...s, saveCheckpoint: async () => (dir = await save()) }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(CommitError);
    expect((err as CommitError).storage).toBe('disk full');
    expect((err as Error).message).toBe('round 2 not committed: recording it in the ledger failed: disk full (database or disk is full)');
    expect(existsSync(dir)).toBe(false);
    expect(log).toEqual(['checkpoint']); // neither LATEST nor pruning ran
  });

  it('fails the round when the checkpoint write fails, with no storage kind for a non-storage error', async () => {
    const err = await durableCommit(3, steps({ saveCheckpoint: async () => { throw new Error('checkpoint round-0003 already exists'); } }, [])).then(() => null, (e: unknown) => e);
    expect((err as CommitError).storage).toBeNull();
    expect((err as Error).message).toBe('round 3 not committed: writing its checkpoint failed: checkpoint round-0003 already exists');
  });

  it('keeps the round committed when only LATEST or pruning fails (the ledger is what a resume reads)', async () => {
    const log: string[] = [];
    const eio = Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
    await durableCommit(4, steps({ moveLatest: async () => { throw eio; }, prune: async () => { throw eio; } }, log));
    expect(log).toEqual(['checkpoint', 'ledger']);
  });
});
