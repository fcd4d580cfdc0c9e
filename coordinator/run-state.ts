/**
 * A run's state dir as resume and create see it: the ledger opened for one operation (closed again when that
 * operation throws), the verification of every checkpoint the ledger still lists, and the checkpoint dirs it
 * keeps (pruning old rounds, removing ones a crash left uncommitted).
 */
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { logger } from '../shared/log.js';
import { loadCheckpoint } from '../shared/model/checkpoint.js';
import { hashTensorSet } from '../shared/model/hash.js';
import { Ledger } from './ledger.js';
import { fromStored } from './state-paths.js';

const log = logger('coordinator.run');

/** Prefix of the strategy's server-side state tensors inside a round checkpoint. */
export const STATE_PREFIX = 'strategy/';

/** Opens the state dir's ledger for `fn`; closes it again when `fn` throws (the caller owns it otherwise). */
export async function withLedger<T>(stateDir: string, fn: (ledger: Ledger) => Promise<T>): Promise<T> {
  const ledger = Ledger.open(join(resolve(stateDir), 'ledger.sqlite'));
  try {
    return await fn(ledger);
  } catch (err) {
    ledger.close();
    throw err;
  }
}

/**
 * Every checkpoint of the run still on disk is verified against its ledger hash (the last one by `resume`
 * itself). A corrupt older checkpoint does not block resuming — only the last one is needed — but it is logged
 * by round so the operator can restore it; pruned (deleted) ones are expected and skipped.
 */
export async function verifyOlderCheckpoints(stateDir: string, ledger: Ledger, runId: string, lastRound: number | undefined): Promise<string[]> {
  const bad: string[] = [];
  for (const c of ledger.checkpoints(runId)) {
    if (c.round === lastRound) continue;
    const dir = fromStored(stateDir, c.dir);
    if (!existsSync(dir)) continue;
    try {
      const ck = await loadCheckpoint(dir, { verifyArchitecture: false });
      const got = hashTensorSet(ck.tensors.filter((t) => !t.name.startsWith(STATE_PREFIX)));
      if (got !== c.sha256) bad.push(`round ${c.round}: ${dir} hash ${got} ≠ ledger ${c.sha256}`);
    } catch (err) {
      bad.push(`round ${c.round}: ${dir}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  for (const b of bad) log.error({ runId, problem: b }, 'checkpoint failed verification on resume');
  return bad;
}

/** Deletes all but the newest `keep` committed checkpoints of a run (keep ≤ 0 keeps them all). */
export async function pruneCheckpoints(stateDir: string, ledger: Ledger, runId: string, keep: number): Promise<void> {
  if (keep <= 0) return;
  const all = ledger.checkpoints(runId);
  for (const c of all.slice(0, Math.max(0, all.length - keep))) await rm(fromStored(stateDir, c.dir), { recursive: true, force: true });
}

/** Removes checkpoint dirs under `dir` that a crash left without a ledger row (written, never committed). */
export async function removeOrphanCheckpoints(stateDir: string, ledger: Ledger, runId: string, dir: string): Promise<void> {
  const known = new Set(ledger.checkpoints(runId).map((c) => resolve(fromStored(stateDir, c.dir))));
  let names: string[] = [];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const n of names) {
    if (!n.startsWith('round-') && !n.startsWith('.tmp-')) continue;
    const p = resolve(join(dir, n));
    if (!known.has(p)) {
      log.warn({ dir: p }, 'removing uncommitted checkpoint left by a crash');
      await rm(p, { recursive: true, force: true });
    }
  }
}
