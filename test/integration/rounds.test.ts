import { NO_SCREEN_POLICY } from '../../shared/federation/screen-updates.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FederatedRun, type RunResult } from '../../coordinator/run.js';
import { SiteRegistry } from '../../coordinator/registry.js';
import { InMemoryProxy } from '../../sim/in-memory-proxy.js';
import { hashTensorSet } from '../../shared/model/hash.js';
import { FakeSite, fakeConfig, fakeModel } from './fake-site.js';
import { testRunOptions } from './run-options.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedcxr-rounds-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function setup(sites: FakeSite[]): SiteRegistry {
  const registry = new SiteRegistry();
  for (const s of sites) registry.add(new InMemoryProxy(s), s.registration());
  return registry;
}

async function runWith(sites: FakeSite[], over: Parameters<typeof testRunOptions>[1] = {}): Promise<{ run: FederatedRun; result: RunResult }> {
  const run = await FederatedRun.create(testRunOptions(dir, over), { config: fakeConfig, tensors: fakeModel(), source: 'test' }, setup(sites));
  const result = await run.execute();
  return { run, result };
}

describe('federated rounds over the in-memory proxy', () => {
  it('runs 3 rounds with 3 sites; the global equals the hand-computed weighted mean', async () => {
    // Prepare: site i adds dᵢ each round with nᵢ examples → each round adds Σnᵢdᵢ/Σnᵢ = (10·1 + 30·2 + 60·−1)/100 = 0.1
    const sites = [new FakeSite('a', 10, 1), new FakeSite('b', 30, 2), new FakeSite('c', 60, -1)];
    // Execute (plain FedAvg arithmetic: the robust screen would cap c's 0.6 weight share at 0.5)
    const { run, result } = await runWith(sites, { robust: NO_SCREEN_POLICY });
    // Assert
    expect(result.status).toBe('finished');
    expect(result.lastRound).toBe(3);
    const start = fakeModel().slice(2);
    const got = result.global.flatMap((t) => Array.from(t.data));
    const want = start.flatMap((t) => Array.from(t.data).map((v) => v + 0.3));
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
    expect(result.global.map((t) => t.name)).toEqual(['head_dense_1/kernel', 'head_output/bias']);
    // the trunk travelled once per site, every site fitted every round
    expect(sites.map((s) => s.trunkInstalls)).toEqual([1, 1, 1]);
    expect(sites.map((s) => s.fits)).toEqual([[1, 2, 3], [1, 2, 3], [1, 2, 3]]);
    // ledger: 3 committed rounds, hash of the last equals the returned global
    expect(run.ledger.rounds(run.runId).map((r) => r.state)).toEqual(['committed', 'committed', 'committed']);
    expect(run.ledger.lastCommitted(run.runId)?.globalHash).toBe(hashTensorSet(result.global));
    const auc = run.ledger.metrics(run.runId).filter((m) => m.scope === 'global' && m.name === 'auc');
    expect(auc).toHaveLength(3);
    run.close();
  });

  it('completes a round without a site that crashes mid-round, recording its failure', async () => {
    const sites = [new FakeSite('a', 10, 1), new FakeSite('b', 10, 3), new FakeSite('c', 10, 5)];
    sites[1]!.fault = 'throw';
    sites[1]!.faultRounds = [2];
    // Plain FedAvg arithmetic: with two sites left the screen would clip c's 5× larger step to 3× a's.
    const { run, result } = await runWith(sites, { robust: NO_SCREEN_POLICY });
    expect(result.status).toBe('finished');
    const r2 = result.outcomes.find((o) => o.round === 2)!;
    expect(r2.state).toBe('committed');
    expect(r2.fit.find((f) => f.siteId === 'b')).toMatchObject({ status: 'failed', reason: 'b crashed' });
    // round 2 averaged a and c only: +3 instead of +3 (all equal n) — check via round 1 → 2 difference
    const g1 = result.outcomes.find((o) => o.round === 1)!.global[1]!.data[0]!;
    const g2 = r2.global[1]!.data[0]!;
    expect(g2 - g1).toBeCloseTo((1 + 5) / 2, 5);
    expect(run.ledger.participation(run.runId).filter((p) => p.status === 'failed').map((p) => [p.round, p.siteId])).toEqual([[2, 'b']]);
    run.close();
  });

  it('treats a site slower than the deadline as failed and goes on', async () => {
    const sites = [new FakeSite('a', 10, 1), new FakeSite('b', 10, 1), new FakeSite('slow', 10, 100, 400)];
    sites[2]!.fault = 'slow';
    const { run, result } = await runWith(sites, { fitDeadlineMs: 150, rounds: 1 });
    expect(result.status).toBe('finished');
    const f = result.outcomes[0]!.fit.find((x) => x.siteId === 'slow')!;
    expect(f.status).toBe('failed');
    expect(f.reason).toMatch(/deadline/);
    // the slow site's +100 never reached the global
    expect(result.global[1]!.data[0]).toBeCloseTo(1.5, 5);
    run.close();
  });

  it.each([
    ['nan', /not finite/],
    ['wrong-shape', /shape \[6\], expected \[2,3\]/],
    ['replay', /round 0 arrived in round 1|round 1 arrived in round 2/],
  ] as const)('rejects a %s update while the run goes on', async (fault, reason) => {
    const sites = [new FakeSite('a', 10, 1), new FakeSite('b', 10, 1), new FakeSite('bad', 10, 1)];
    sites[2]!.fault = fault;
    const { run, result } = await runWith(sites, { rounds: 2 });
    expect(result.status).toBe('finished');
    for (const o of result.outcomes) {
      const bad = o.fit.find((f) => f.siteId === 'bad')!;
      expect(bad.status).toBe('rejected');
      expect(bad.reason).toMatch(reason);
    }
    expect(result.global[1]!.data[0]).toBeCloseTo(2.5, 5);
    run.close();
  });

  it('retries a round without enough valid results, then fails the run with the reason', async () => {
    const sites = [new FakeSite('a', 10, 1), new FakeSite('b', 10, 1)];
    sites[1]!.fault = 'throw';
    sites[1]!.faultRounds = [2];
    const { run, result } = await runWith(sites, { rounds: 3, maxRoundAttempts: 2 });
    expect(result.status).toBe('failed');
    expect(result.lastRound).toBe(1);
    expect(result.reason).toMatch(/round 2 failed 2 times; last: 1 valid results, minFitSites is 2; b: b crashed/);
    expect(run.ledger.rounds(run.runId).map((r) => `${r.round}.${r.attempt}:${r.state}`)).toEqual(['1.1:committed', '2.1:failed', '2.2:failed']);
    expect(run.ledger.getRun(run.runId)?.status).toBe('failed');
    run.close();
  });

  it('fails a round in sampling when fewer than minAvailableSites are connected', async () => {
    const { run, result } = await runWith([new FakeSite('a', 10, 1)], { rounds: 1, maxRoundAttempts: 1, minAvailableSites: 2 });
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/only 1 sites available, minAvailableSites is 2/);
    run.close();
  });

  it('is reproducible: the same run twice gives bit-identical globals (FedAdam too)', async () => {
    const mk = () => [new FakeSite('a', 7, 0.3), new FakeSite('b', 13, -0.2), new FakeSite('c', 3, 0.9)];
    const a = await runWith(mk(), { strategy: { name: 'fedadam' }, runId: 'x' });
    const b = await runWith(mk(), { strategy: { name: 'fedadam' }, runId: 'y' });
    expect(b.result.globalHash).toBe(a.result.globalHash);
    a.run.close();
    b.run.close();
  });
});
