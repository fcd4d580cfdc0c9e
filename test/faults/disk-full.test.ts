/**
 * Disk full mid-commit, then resumed: the state dir lives on a 4 MiB tmpfs (needs root; skipped, saying why,
 * otherwise); after round 1 commits, the disk is filled, so round 2's checkpoint or ledger write fails with
 * ENOSPC. Space is then freed and the run resumed: it finishes with every round committed exactly once.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
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

describe.skipIf(why !== null)('disk full mid-commit', () => {
  it('fails the round (or the process) without corrupting state, and resumes once space is freed', async () => {
    const state = join(mnt, 'state');
    const filler = join(mnt, 'filler');
    const opts = testRunOptions(state, { rounds: 4, runId: 'd', maxRoundAttempts: 2, strategy: { name: 'fedadam' } });
    const run = await FederatedRun.create(opts, { config: fakeConfig, tensors: fakeModel(), source: 'test' }, registry());
    let filled = 0;
    let outcome: string;
    try {
      const res = await run.execute((o) => {
        if (o.round === 1 && o.state === 'committed') filled = fill(filler);
      });
      outcome = `${res.status}: ${res.reason ?? ''}`;
    } catch (err) {
      outcome = `threw: ${err instanceof Error ? err.message : String(err)}`;
    }
    try {
      run.close();
    } catch {
      // closing may need to write the WAL too
    }
    expect(filled).toBeGreaterThan(0);
    expect(outcome).toMatch(/ENOSPC|no space|full|SQLITE_FULL|commit failed/i);
    rmSync(filler);
    const resumed = await FederatedRun.resume(opts, registry(), 'd');
    const res = await resumed.execute();
    expect(res.status).toBe('finished');
    expect(resumed.ledger.rounds('d').filter((r) => r.state === 'committed').map((r) => r.round)).toEqual([1, 2, 3, 4]);
    resumed.close();
    process.stdout.write(`disk-full: filled ${filled} bytes; first run ${outcome.slice(0, 120)}; resumed to round 4\n`);
  });
});
