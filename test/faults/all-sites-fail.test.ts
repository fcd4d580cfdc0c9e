/** All sites failing: every attempt of a round fails, the run stops as failed with the reason, and resumes once sites recover. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FederatedRun } from '../../coordinator/run.js';
import { SiteRegistry } from '../../coordinator/registry.js';
import { InMemoryProxy } from '../../sim/in-memory-proxy.js';
import { FakeSite, fakeConfig, fakeModel } from '../integration/fake-site.js';
import { testRunOptions } from '../integration/run-options.js';

const dir = mkdtempSync(join(tmpdir(), 'fedcxr-allfail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function registry(fault: FakeSite['fault'], rounds: number[] = []): SiteRegistry {
  const r = new SiteRegistry();
  for (const s of [new FakeSite('a', 7, 0.3), new FakeSite('b', 13, 0.2), new FakeSite('c', 5, 0.1)]) {
    s.fault = fault;
    s.faultRounds = rounds;
    r.add(new InMemoryProxy(s), s.registration());
  }
  return r;
}

describe('all sites failing', () => {
  it('fails the run with every site named, then resumes when the sites recover', async () => {
    const opts = testRunOptions(dir, { rounds: 3, runId: 'f', maxRoundAttempts: 3, retryBackoffMs: 5 });
    const run = await FederatedRun.create(opts, { config: fakeConfig, tensors: fakeModel(), source: 'test' }, registry('throw', [2]));
    const res = await run.execute();
    expect(res.status).toBe('failed');
    expect(res.lastRound).toBe(1);
    expect(res.reason).toMatch(/round 2 failed 3 times; last: 0 valid results.*a: a crashed; b: b crashed; c: c crashed/);
    run.close();
    const again = await FederatedRun.resume(opts, registry('none'), 'f');
    expect((await again.execute()).status).toBe('finished');
    expect(again.ledger.rounds('f').map((r) => `${r.round}.${r.attempt}:${r.state}`)).toEqual(['1.1:committed', '2.1:failed', '2.2:failed', '2.3:failed', '2.4:committed', '3.1:committed']);
    again.close();
  });
});
