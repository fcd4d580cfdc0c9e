/**
 * A full disk fails the round, not the process. The state dir lives on a 4 MiB tmpfs (needs root; skipped,
 * saying why, otherwise); after round 1 commits the disk is filled, so round 2's durable commit fails with
 * ENOSPC. The round fails with that reason and the coordinator keeps running: freed in time, the retry
 * commits; still full after every attempt, the run stops cleanly (a result, not an exception) naming the disk
 * and --resume, and resumes to the end once space is freed. No temp or orphan checkpoint is left behind.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FederatedRun } from '../../coordinator/run.js';
import { SiteRegistry } from '../../coordinator/registry.js';
import { InMemoryProxy } from '../../sim/in-memory-proxy.js';
import { FakeSite, fakeConfig, fakeModel } from '../integration/fake-site.js';
import { testRunOptions } from '../integration/run-options.js';

const mnt = mkdtempSync(join(tmpdir(), 'fedcxr-diskfull-'));
function mountTmpfs(): string | null {
  if (process.getuid?.() !== 0) return 'not root (mounting a size-limited tmpfs needs root)';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return `mount failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
  }
}
const why = mountTmpfs();
if (why) process.stderr.write(`test/faults/disk-full.test.ts skipped: ${why}\n`);
afterAll(() => {
  if (!why) execFileSync('umount', [mnt]);
  rmSync(mnt, { recursive: true, force: true });
});

const registry = (): SiteRegistry => {
  const r = new SiteRegistry();
  for (const s of [new FakeSite('a', 7, 0.3), new FakeSite('b', 13, 0.2)]) r.add(new InMemoryProxy(s), s.registration());
  return r;
};

/** Writes until ENOSPC. */
function fill(path: string): number {
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(16 * 1024, 7);
  let n = 0;
  try {
    for (;;) n += writeSync(fd, block);
  } catch {
    return n;
  } finally {
    closeSync(fd);
  }
}

const DISK_FULL = /round 2 not committed: writing its checkpoint failed: disk full \(ENOSPC/;

/** Checkpoint dirs of run `runId` that are temp or not in the ledger's committed rounds. */
function strays(state: string, runId: string, committed: number): string[] {
  const names = readdirSync(join(state, 'runs', runId, 'checkpoints')).filter((n) => n !== 'LATEST');
  return names.length === committed ? [] : names;
}

describe.skipIf(why !== null)('disk full mid-commit', () => {
  it('fails the round with the disk-full reason, keeps running, and commits on the retry once space is freed', async () => {
    // Prepare
    const state = join(mnt, 'state-retry');
    const filler = join(mnt, 'filler');
    const opts = testRunOptions(state, { rounds: 4, runId: 'r', maxRoundAttempts: 3, strategy: { name: 'fedadam' } });
    const run = await FederatedRun.create(opts, { config: fakeConfig, tensors: fakeModel(), source: 'test' }, registry());
    let filled = 0;
    // Execute: the disk fills after round 1; the operator frees it after round 2's first attempt failed.
    const res = await run.execute((o) => {
      if (o.round === 1 && o.state === 'committed') filled = fill(filler);
      if (o.round === 2 && o.state === 'failed') rmSync(filler);
    });
    // Assert
    expect(filled).toBeGreaterThan(0);
    const round2 = res.outcomes.filter((o) => o.round === 2);
    expect(round2.map((o) => o.state)).toEqual(['failed', 'committed']);
    expect(round2[0]?.reason).toMatch(DISK_FULL);
    expect(res.status).toBe('finished');
    const rows = run.ledger.rounds('r');
    expect(rows.filter((r) => r.state === 'committed').map((r) => r.round)).toEqual([1, 2, 3, 4]);
    expect(rows.filter((r) => r.state === 'failed').map((r) => [r.round, r.attempt])).toEqual([[2, 1]]);
    expect(strays(state, 'r', 4)).toEqual([]);
    run.close();
    process.stdout.write(`disk-full (retry): filled ${filled} bytes; round 2 attempt 1 failed: ${round2[0]?.reason?.slice(0, 110)}; attempt 2 committed; run finished\n`);
  });

  it('stops the run cleanly when the disk stays full, naming it and --resume; resumes to the end once freed', async () => {
    const state = join(mnt, 'state-stop');
    const filler = join(mnt, 'filler');
    const opts = testRunOptions(state, { rounds: 4, runId: 'd', maxRoundAttempts: 2, strategy: { name: 'fedadam' } });
    const run = await FederatedRun.create(opts, { config: fakeConfig, tensors: fakeModel(), source: 'test' }, registry());
    let filled = 0;
    // No try/catch: a full disk must come back as a failed result, not as an exception.
    const res = await run.execute((o) => {
      if (o.round === 1 && o.state === 'committed') filled = fill(filler);
    });
    expect(filled).toBeGreaterThan(0);
    expect(res.status).toBe('failed');
    expect(res.lastRound).toBe(1);
    expect(res.reason).toMatch(DISK_FULL);
    expect(res.reason).toMatch(/storage failed \(disk full\): fix it \(free space\) and continue with --resume d/);
    expect(res.outcomes.filter((o) => o.round === 2).map((o) => o.state)).toEqual(['failed', 'failed']);
    expect(strays(state, 'd', 1)).toEqual([]);
    try {
      run.close();
    } catch {
      // closing may need to write the WAL too
    }
    rmSync(filler);
    const resumed = await FederatedRun.resume(opts, registry(), 'd');
    const done = await resumed.execute();
    expect(done.status).toBe('finished');
    expect(resumed.ledger.rounds('d').filter((r) => r.state === 'committed').map((r) => r.round)).toEqual([1, 2, 3, 4]);
    resumed.close();
    process.stdout.write(`disk-full (stop): filled ${filled} bytes; run stopped: ${res.reason?.slice(0, 160)}; resumed to round 4\n`);
  });
});
