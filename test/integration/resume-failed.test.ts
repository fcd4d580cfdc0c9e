import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ledger } from '../../coordinator/ledger.js';
import { FederatedRun } from '../../coordinator/run.js';
import { SiteRegistry } from '../../coordinator/registry.js';
import { InMemoryProxy } from '../../sim/in-memory-proxy.js';
import { FakeSite, fakeConfig, fakeModel } from './fake-site.js';
import { testRunOptions } from './run-options.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedcxr-resume-failed-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function registryOf(sites: FakeSite[]): SiteRegistry {
  const r = new SiteRegistry();
  for (const s of sites) r.add(new InMemoryProxy(s), s.registration());
  return r;
}

describe('resume after failed attempts (issue 11, finding 2)', () => {
  it('resumes a run SIGKILLed while retrying a failed round, continuing the attempt numbering', async () => {
    // Prepare: minAvailableSites 2, one site up: round 1 fails over and over in a child process
    const child = spawn(process.execPath, ['bin/run-ts.js', 'test/integration/resume-failed-child.ts', dir], { stdio: 'ignore' });
    const ledgerPath = join(dir, 'ledger.sqlite');
    let failed = 0;
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline && failed < 2) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        const l = Ledger.open(ledgerPath, { readonly: true });
        failed = l.attempts('stuck', 1).length;
        l.close();
      } catch {
        // not created yet
      }
    }
    // Execute: kill -9 mid-retry, then start the second site and resume
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    expect(failed).toBeGreaterThanOrEqual(2);
    const sites = [new FakeSite('a', 7, 0.3), new FakeSite('b', 13, 0.2)];
    const resumed = await FederatedRun.resume(testRunOptions(dir, { rounds: 2 }), registryOf(sites), 'stuck');
    const res = await resumed.execute();
    // Assert: finished; round 1's committed attempt is numbered after every failed one
    expect(res.status).toBe('finished');
    const rows = resumed.ledger.rounds('stuck').filter((r) => r.round === 1);
    const committed = rows.find((r) => r.state === 'committed')!;
    expect(committed.attempt).toBe(Math.max(...rows.filter((r) => r.state === 'failed').map((r) => r.attempt)) + 1);
    expect(rows.filter((r) => r.state === 'failed').length).toBeGreaterThanOrEqual(2);
    resumed.close();
  });

  it('resumes twice in a row after failures (each process has its own attempt budget)', async () => {
    const opts = testRunOptions(dir, { rounds: 2, runId: 'r', minAvailableSites: 2, maxRoundAttempts: 2 });
    const one = [new FakeSite('a', 7, 0.3)];
    const first = await FederatedRun.create(opts, { config: fakeConfig, tensors: fakeModel(), source: 'test' }, registryOf(one));
    expect((await first.execute()).status).toBe('failed');
    first.close();
    const second = await FederatedRun.resume(opts, registryOf([new FakeSite('a', 7, 0.3)]), 'r');
    expect((await second.execute()).status).toBe('failed');
    second.close();
    const third = await FederatedRun.resume(opts, registryOf([new FakeSite('a', 7, 0.3), new FakeSite('b', 5, 0.1)]), 'r');
    expect((await third.execute()).status).toBe('finished');
    expect(third.ledger.rounds('r').map((r) => `${r.round}.${r.attempt}:${r.state}`)).toEqual([
      '1.1:failed', '1.2:failed', '1.3:failed', '1.4:failed', '1.5:committed', '2.1:committed',
    ]);
    third.close();
  });

  it('moves LATEST only after the ledger commit', async () => {
    const opts = testRunOptions(dir, { rounds: 3, runId: 'l', maxRoundAttempts: 1 });
    const run = await FederatedRun.create(opts, { config: fakeConfig, tensors: fakeModel(), source: 'test' }, registryOf([new FakeSite('a', 7, 0.3), new FakeSite('b', 5, 0.1)]));
    const commit = run.ledger.commitRound.bind(run.ledger);
    run.ledger.commitRound = (runId, o, ck) => {
      if (o.round === 2) throw new Error('disk full (simulated) during the ledger commit');
      commit(runId, o, ck);
    };
    const res = await run.execute();
    expect(res.status).toBe('failed');
    const latest = readFileSync(join(dir, 'runs', 'l', 'checkpoints', 'LATEST'), 'utf8').trim();
    expect(latest).toBe(basename(run.ledger.lastCommitted('l')!.checkpointDir));
    expect(run.ledger.lastCommitted('l')!.round).toBe(1);
    run.close();
  });
});
