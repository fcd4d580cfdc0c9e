import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FederatedRun } from '../../coordinator/run.js';
import { SiteRegistry } from '../../coordinator/registry.js';
import { InMemoryProxy } from '../../sim/in-memory-proxy.js';
import { l2Distance } from '../../shared/federation/aggregate.js';
import type { EvaluateIns, EvaluateRes, FitIns, FitRes, SiteRegistration } from '../../shared/federation/types.js';
import { FakeSite, fakeConfig, fakeModel } from './fake-site.js';
import { testRunOptions } from './run-options.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedcxr-poison-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The attacker: registers 2×(2³²−1) images, answers with the global plus a change of norm 9,999, fakes a perfect evaluation. */
class HostileSite extends FakeSite {
  override registration(): SiteRegistration {
    const r = super.registration();
    const big = 2 ** 32 - 1;
    return { ...r, counts: { ...r.counts, train: { normal: big, disease: big }, test: { normal: big, disease: big } } };
  }
  override async fit(ins: FitIns): Promise<FitRes> {
    const res = await super.fit(ins);
    const n = ins.tensors.reduce((s, t) => s + t.data.length, 0);
    const step = 9999 / Math.sqrt(n);
    return { ...res, numExamples: 2 ** 32 - 1, tensors: ins.tensors.map((t) => ({ ...t, data: t.data.map((v) => v + step) })) };
  }
  override async evaluate(ins: EvaluateIns): Promise<EvaluateRes> {
    const big = 2 ** 31;
    return { ...(await super.evaluate(ins)), numExamples: 2 * big, confusion: { tp: big, fn: 0, tn: big, fp: 0 }, positiveHistogram: [0, 0, 0, big], negativeHistogram: [big, 0, 0, 0] };
  }
}

const initial = { config: fakeConfig, tensors: fakeModel(), source: 'test' };
function registryOf(sites: FakeSite[]): SiteRegistry {
  const r = new SiteRegistry();
  for (const s of sites) r.add(new InMemoryProxy(s), s.registration());
  return r;
}

describe('a keyed hostile site (issue 11, finding 1)', () => {
  it('neither replaces the global model nor fakes the metrics, and the ledger names it', async () => {
    // Prepare: the honest-only reference (two honest sites) and the attacked run (the same two plus the attacker)
    const honest = () => [new FakeSite('a', 7, 0.3), new FakeSite('b', 13, 0.25)];
    const enrolled = { a: { train: 7, test: 10 }, b: { train: 13, test: 10 }, evil: { train: 10, test: 10 } };
    const ref = await FederatedRun.create(testRunOptions(join(dir, 'ref'), { rounds: 2, runId: 'r', maxUpdateNorm: 1e6 }), initial, registryOf(honest()));
    const want = await ref.execute();
    ref.close();
    const run = await FederatedRun.create(testRunOptions(join(dir, 'atk'), { rounds: 2, runId: 'r', enrolled, maxUpdateNorm: 1e6 }), initial, registryOf([...honest(), new HostileSite('evil', 10, 0.3)]));
    // Execute
    const got = await run.execute();
    // Assert: both rounds committed; the global moved by at most one honest step per round from the honest-only one
    expect(got.status).toBe('finished');
    const honestStep = l2Distance(want.outcomes[0]!.global, initial.tensors.filter((t) => !t.name.startsWith('block1')));
    expect(l2Distance(got.global, want.global)).toBeLessThan(2 * honestStep);
    const named = run.ledger.anomalies('r').map((a) => `${a.round}:${a.siteId}:${a.kind}`);
    expect(named).toContain('1:evil:count-capped');
    expect(named).toContain('1:evil:norm-clipped');
    expect(named).toContain('1:evil:evaluation-rejected');
    expect(run.ledger.anomalies('r').every((a) => a.siteId === 'evil')).toBe(true);
    // The faked evaluation is not in the pooled counts: only the two honest sites' 10 examples each
    const n = run.ledger.metrics('r').find((m) => m.round === 2 && m.scope === 'global' && m.name === 'num_examples');
    expect(n?.value).toBe(20);
    const share = run.ledger.db.prepare("SELECT weight_share AS s FROM participation WHERE run_id='r' AND site_id='evil' AND role='fit' AND round=1").get() as { s: number };
    expect(share.s).toBeCloseTo(10 / 30, 9);
    run.close();
  });
});
