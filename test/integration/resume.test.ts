import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ledger } from '../../coordinator/ledger.js';
import { FederatedRun } from '../../coordinator/run.js';
import { SiteRegistry } from '../../coordinator/registry.js';
import { InMemoryProxy } from '../../sim/in-memory-proxy.js';
import { hashTensorSet } from '../../shared/model/hash.js';
import { FakeSite, fakeConfig, fakeModel } from './fake-site.js';
import { testRunOptions } from './run-options.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedcxr-resume-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const mkSites = (): FakeSite[] => [new FakeSite('a', 7, 0.3, 60), new FakeSite('b', 13, -0.2, 60), new FakeSite('c', 3, 0.9, 60)];
function registryOf(sites: FakeSite[]): SiteRegistry {
  const r = new SiteRegistry();
  for (const s of sites) r.add(new InMemoryProxy(s), s.registration());
  return r;
}
const initial = { config: fakeConfig, tensors: fakeModel(), source: 'test' };

describe('resume after a crash', () => {
  it('continues at the next round with the committed model, bit-identical to an uninterrupted run', async () => {
    // Prepare: the reference — 4 uninterrupted FedAdam rounds (stateful strategy: moments must survive too)
    const refDir = join(dir, 'ref');
    const ref = await FederatedRun.create(testRunOptions(refDir, { rounds: 4, runId: 'r', strategy: { name: 'fedadam' } }), initial, registryOf(mkSites()));
    const want = await ref.execute();
    ref.close();
    // Execute: stop after round 2, leave an orphan checkpoint as if killed between checkpoint and ledger row
    const opts = testRunOptions(join(dir, 'crash'), { rounds: 4, runId: 'r', strategy: { name: 'fedadam' } });
    const first = await FederatedRun.create(opts, initial, registryOf(mkSites()));
    await first.execute((o) => {
      if (o.round === 2) first.stop();
    });
    const committed = first.ledger.lastCommitted('r')!;
    first.close();
    const orphan = join(dir, 'crash', 'runs', 'r', 'checkpoints', 'round-0003-dead00');
    mkdirSync(orphan, { recursive: true });
    writeFileSync(join(orphan, 'manifest.json'), '{}');
    const sites = mkSites();
    const resumed = await FederatedRun.resume(opts, registryOf(sites));
    // Assert: the resumed global is the committed one; numbering continues; the end result is identical
    expect(committed.round).toBe(2);
    expect(resumed.startRound).toBe(3);
    expect(hashTensorSet(resumed.currentGlobal())).toBe(committed.globalHash);
    const got = await resumed.execute();
    expect(sites[0]!.fits).toEqual([3, 4]);
    expect(got.globalHash).toBe(want.globalHash);
    expect(resumed.ledger.rounds('r').map((r) => r.round)).toEqual([1, 2, 3, 4]);
    expect(resumed.ledger.checkpoints('r').some((c) => c.dir.includes('dead00'))).toBe(false);
    resumed.close();
  });

  it('resumes after the coordinator process is killed with SIGKILL mid-run', async () => {
    // Prepare: a child process runs a slow 50-round federation into `dir`
    const child = spawn(process.execPath, ['bin/run-ts.js', 'test/integration/resume-child.ts', dir], { stdio: 'ignore' });
    const ledgerPath = join(dir, 'ledger.sqlite');
    // Execute: wait until at least 2 rounds are committed, then kill -9
    const deadline = Date.now() + 45_000;
    let committed = 0;
    while (Date.now() < deadline && committed < 2) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        const l = Ledger.open(ledgerPath, { readonly: true });
        committed = l.lastCommitted('crashy')?.round ?? 0;
        l.close();
      } catch {
        // not created yet
      }
    }
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    expect(committed).toBeGreaterThanOrEqual(2);
    // Assert: resume sees the last committed round (read after the kill) and continues right after it
    const l = Ledger.open(ledgerPath);
    const last = l.lastCommitted('crashy')!;
    l.close();
    const sites = mkSites();
    const resumed = await FederatedRun.resume(testRunOptions(dir, { rounds: last.round + 1 }), registryOf(sites));
    expect(resumed.startRound).toBe(last.round + 1);
    expect(hashTensorSet(resumed.currentGlobal())).toBe(last.globalHash);
    const res = await resumed.execute();
    expect(res.status).toBe('finished');
    expect(sites[0]!.fits).toEqual([last.round + 1]);
    expect(resumed.ledger.getRun('crashy')?.status).toBe('finished');
    resumed.close();
  });
});
