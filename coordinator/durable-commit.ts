/**
 * A round's durable commit and what a failing disk does to it. Checkpoint (atomic: temp dir + fsync + rename)
 * first, then the ledger transaction; if either fails — ENOSPC, EIO, SQLITE_FULL … — the round is not
 * committed, its checkpoint directory is removed again (space for the retry, no orphan) and the error says
 * which write failed and why, so the round fails with that reason and the run goes on (retry or a clean stop).
 * After the ledger holds the round, LATEST and pruning are best effort: the ledger is the truth a resume reads.
 */
import { rm } from 'node:fs/promises';
import { errorMessage, FedcxrError } from '../shared/domain/errors.js';
import { logger } from '../shared/log.js';

const log = logger('coordinator.run');

/** The durable commit failed: nothing of the round was committed. `storage` names a full or failing disk. */
export class CommitError extends FedcxrError {
  override readonly name: string = 'CommitError';
  constructor(
    message: string,
    readonly storage: StorageProblem | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A storage failure, by kind. */
export type StorageProblem = 'disk full' | 'I/O error' | 'read-only' | 'quota exceeded';

const ERRNO: Readonly<Record<string, StorageProblem>> = { ENOSPC: 'disk full', EDQUOT: 'quota exceeded', EIO: 'I/O error', EROFS: 'read-only' };
const SQLITE: Readonly<Record<string, StorageProblem>> = { SQLITE_FULL: 'disk full', SQLITE_IOERR: 'I/O error', SQLITE_READONLY: 'read-only' };

/** Whether `err` (a Node errno or a better-sqlite3 error, or their cause) is a storage failure, and which. */
export function storageProblem(err: unknown): StorageProblem | null {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    const hit = ERRNO[code] ?? SQLITE[code] ?? SQLITE[code.split('_').slice(0, 2).join('_')];
    if (hit) return hit;
  }
  return null;
}

/** The writes of one commit, injected so the order and the failure handling can be tested without a disk. */
export interface CommitSteps {
  /** Writes the checkpoint atomically; returns its final directory. */
  readonly saveCheckpoint: () => Promise<string>;
  /** Records the round in the ledger (one transaction) pointing at `dir`. */
  readonly recordInLedger: (dir: string) => void;
  /** Moves LATEST to the new checkpoint. */
  readonly moveLatest: () => Promise<void>;
  /** Removes checkpoints beyond the keep count. */
  readonly prune: () => Promise<void>;
}

/**
 * Runs the commit steps in order. Throws CommitError (the round is not committed; a half-done checkpoint dir
 * is removed) when the checkpoint or the ledger write fails; logs and carries on when only LATEST or pruning
 * fails (the round is committed).
 */
export async function durableCommit(round: number, steps: CommitSteps): Promise<void> {
  let dir: string;
  try {
    dir = await steps.saveCheckpoint();
  } catch (err) {
    throw commitError(round, 'writing its checkpoint', err);
  }
  try {
    steps.recordInLedger(dir);
  } catch (err) {
    // Without its ledger row the directory is an orphan: remove it now (it also frees the space a retry needs).
    await rm(dir, { recursive: true, force: true }).catch((e: unknown) => log.warn({ dir, err: errorMessage(e) }, 'could not remove the uncommitted checkpoint'));
    throw commitError(round, 'recording it in the ledger', err);
  }
  for (const [what, step] of [['moving LATEST', steps.moveLatest], ['pruning old checkpoints', steps.prune]] as const) {
    try {
      await step();
    } catch (err) {
      log.error({ round, err: errorMessage(err), storage: storageProblem(err) }, `round committed, but ${what} failed`);
    }
  }
}

function commitError(round: number, step: string, err: unknown): CommitError {
  const storage = storageProblem(err);
  const what = storage ? `${storage} (${errorMessage(err)})` : errorMessage(err);
  return new CommitError(`round ${round} not committed: ${step} failed: ${what}`, storage, { cause: err });
}
