import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FederatedRun } from '../../coordinator/run.js';
import { SiteRegistry } from '../../coordinator/registry.js';
import { roundLines } from '../../coordinator/report.js';
import { InMemoryProxy } from '../../sim/in-memory-proxy.js';
import { gaussianEpsilon } from '../../shared/federation/rdp-accountant.js';
import { FakeSite, fakeConfig, fakeModel } from './fake-site.js';
import { testRunOptions } from './run-options.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedcxr-dp-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('dp-fedavg in a run', () => {
  it('records ε for δ after every committed round in the ledger and the round report', async () => {
    const r = new SiteRegistry();
    for (const s of [new FakeSite('a', 7, 0.3), new FakeSite('b', 13, 0.2)]) r.add(new InMemoryProxy(s), s.registration());
    const dp = { clip: 1, noiseMultiplier: 1.1, delta: 1e-5 };
    const run = await FederatedRun.create(testRunOptions(dir, { rounds: 3, runId: 'dp', strategy: { name: 'dp-fedavg', dp } }), { config: fakeConfig, tensors: fakeModel(), source: 'test' }, r);
    const lines: string[] = [];
    const res = await run.execute((o) => lines.push(...roundLines(o)));
    expect(res.status).toBe('finished');
    const eps = run.ledger.metrics('dp').filter((m) => m.scope === 'global' && m.name === 'dp_epsilon');
    expect(eps.map((m) => m.round)).toEqual([1, 2, 3]);
    eps.forEach((m) => expect(m.value).toBeCloseTo(gaussianEpsilon(1, 1.1, m.round, 1e-5).epsilon, 12));
    expect(lines.filter((l) => /privacy: \(ε \d+\.\d{3}, δ 0\.00001\)-DP after \d rounds/.test(l))).toHaveLength(3);
    run.close();
  });
});
