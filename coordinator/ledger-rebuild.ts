/**
 * `fedcxr ledger rebuild`: a corrupt, empty or lost ledger is rebuilt from the checkpoints on disk. Each round
 * checkpoint names its run and round (`provenance.source = run:<id>/round:<n>`) and the hash of the global it
 * started from (`parentHash`), so the chain base → round 1 → … is re-derived and verified link by link, from the
 * newest round backwards (pruned rounds are bridged by their child's parentHash). The old ledger is kept aside.
 */
import { existsSync } from 'node:fs';
import { readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../shared/domain/errors.js';
import { logger } from '../shared/log.js';
import { loadCheckpoint } from '../shared/model/checkpoint.js';
import { hashTensorSet } from '../shared/model/hash.js';
import { isTrainable } from '../shared/model/unfreeze.js';
import type { UnfreezeLevel } from '../shared/domain/levels.js';
import { Ledger } from './ledger.js';
import type { RoundOutcome } from './rounds.js';
import type { RunOptions } from './run.js';
import { toStored } from './state-paths.js';

const log = logger('coordinator.ledger-rebuild');
const STATE_PREFIX = 'strategy/';

/** What the rebuild found for one run. */
export interface RebuiltRun {
  readonly runId: string;
  readonly lastRound: number;
  /** Round checkpoints used (verified into the chain). */
  readonly checkpoints: number;
  /** Checkpoint dirs left out: not on the chain (uncommitted duplicates) or unreadable. */
  readonly skipped: readonly string[];
}

interface RoundCkpt {
  readonly dir: string;
  readonly round: number;
  readonly hash: string;
  readonly parentHash: string | undefined;
}

const layer = (name: string): string => name.split('/')[0] ?? name;

/** Rebuilds `stateDir/ledger.sqlite` from `stateDir/runs/*`; run identity (strategy, seed) comes from `opts`. */
export async function rebuildLedger(stateDir: string, opts: RunOptions): Promise<{ ledgerPath: string; keptAside: string | null; runs: RebuiltRun[] }> {
  const runsDir = join(stateDir, 'runs');
  if (!existsSync(runsDir)) throw new ConfigError(`no runs/ directory in ${stateDir}: nothing to rebuild from`);
  const ledgerPath = join(stateDir, 'ledger.sqlite');
  let keptAside: string | null = null;
  if (existsSync(ledgerPath)) {
    keptAside = `${ledgerPath}.broken-${new Date().toISOString().replace(/[:.]/g, '')}`;
    await rename(ledgerPath, keptAside);
    for (const ext of ['-wal', '-shm']) if (existsSync(ledgerPath + ext)) await rename(ledgerPath + ext, keptAside + ext);
  }
  const ledger = Ledger.open(ledgerPath);
  const runs: RebuiltRun[] = [];
  try {
    for (const runId of (await readdir(runsDir)).sort()) {
      const r = await rebuildRun(stateDir, runId, ledger, opts);
      if (r) runs.push(r);
    }
  } finally {
    ledger.close();
  }
  return { ledgerPath, keptAside, runs };
}

async function rebuildRun(stateDir: string, runId: string, ledger: Ledger, opts: RunOptions): Promise<RebuiltRun | null> {
  const runDir = join(stateDir, 'runs', runId);
  const baseDir = join(runDir, 'base');
  if (!existsSync(baseDir)) {
    log.warn({ runId }, 'no base checkpoint: run skipped');
    return null;
  }
  const base = await loadCheckpoint(baseDir, { verifyArchitecture: false });
  const level = (base.level ?? opts.level) as UnfreezeLevel;
  const frozen = base.tensors.filter((t) => !isTrainable(layer(t.name), level));
  const trainable = base.tensors.filter((t) => isTrainable(layer(t.name), level));
  const skipped: string[] = [];
  const found: RoundCkpt[] = [];
  const ckDir = join(runDir, 'checkpoints');
  for (const name of existsSync(ckDir) ? await readdir(ckDir) : []) {
    if (!name.startsWith('round-')) continue;
    const dir = join(ckDir, name);
    try {
      const ck = await loadCheckpoint(dir, { verifyArchitecture: false });
      const m = /^run:(.+)\/round:(\d+)$/.exec(ck.provenance.source);
      if (!m || m[1] !== runId) throw new Error(`provenance ${ck.provenance.source} does not name run ${runId}`);
      found.push({ dir, round: Number(m[2]), hash: hashTensorSet(ck.tensors.filter((t) => !t.name.startsWith(STATE_PREFIX))), parentHash: ck.provenance.parentHash });
    } catch (err) {
      skipped.push(`${dir}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  // Walk back from the newest round: each link's parentHash must be the hash of the round before it.
  const chain = new Map<number, { hash: string | null; ck?: RoundCkpt }>();
  const byRound = (r: number): RoundCkpt[] => found.filter((c) => c.round === r);
  const top = Math.max(0, ...found.map((c) => c.round));
  let want: string | null = null; // hash the next (lower) round must have, from its child's parentHash
  for (let r = top; r >= 1; r--) {
    const cands = byRound(r).filter((c) => want === null || c.hash === want);
    const ck = cands[0];
    if (ck) {
      chain.set(r, { hash: ck.hash, ck });
      want = ck.parentHash ?? null;
    } else {
      chain.set(r, { hash: want });
      want = null; // a gap of two: this round's parent is unknown
    }
  }
  const baseTrainableHash = hashTensorSet(trainable);
  if (want !== null && top > 0 && want !== baseTrainableHash) throw new ConfigError(`run ${runId}: round 1's parent ${want} is not the base checkpoint's trainable hash ${baseTrainableHash}`);
  ledger.createRun({
    runId,
    level,
    strategy: opts.strategy.name,
    trunkHash: hashTensorSet(frozen),
    configJson: JSON.stringify({ options: { ...opts, runId }, modelConfig: base.config, source: base.provenance.source, rebuilt: new Date().toISOString() }),
    baseCheckpoint: toStored(stateDir, baseDir),
    baseHash: hashTensorSet(base.tensors),
  });
  let used = 0;
  for (let r = 1; r <= top; r++) {
    const link = chain.get(r);
    const outcome: RoundOutcome = {
      round: r, attempt: 1, state: 'committed', reason: 'rebuilt from checkpoints', global: [], fit: [], siteEvaluations: [], evaluateFailures: [],
      timings: { totalMs: 0, fitMs: 0, aggregateMs: 0, evaluateMs: 0, commitMs: 0 }, history: [],
    };
    if (link?.ck) {
      ledger.commitRound(runId, outcome, { dir: toStored(stateDir, link.ck.dir), sha256: link.ck.hash });
      used++;
    } else ledger.recordRebuiltRound(runId, outcome, link?.hash ?? null);
  }
  for (const c of found) if (chain.get(c.round)?.ck !== c) skipped.push(`${c.dir}: not on the verified chain (an uncommitted duplicate)`);
  log.info({ runId, lastRound: top, checkpoints: used, skipped: skipped.length }, 'run rebuilt');
  return { runId, lastRound: top, checkpoints: used, skipped };
}
