/** The federation the coordinator-kill trials run: three slow fake sites, FedAdam (stateful), ten rounds. */
import type { RunOptions } from '../../coordinator/run.js';
import { SiteRegistry } from '../../coordinator/registry.js';
import { InMemoryProxy } from '../../sim/in-memory-proxy.js';
import type { FitIns, FitRes } from '../../shared/federation/types.js';
import { FakeSite, fakeConfig, fakeModel } from '../integration/fake-site.js';
import { testRunOptions } from '../integration/run-options.js';

/** A site that throws on a fraction of its fits (any attempt, at random). */
class FlakySite extends FakeSite {
  constructor(id: string, n: number, d: number, private readonly p: number) {
    super(id, n, d, 80);
    this.fault = 'slow';
  }
  override async fit(ins: FitIns): Promise<FitRes> {
    if (Math.random() < this.p) throw new Error(`${this.siteId} failed (injected)`);
    return super.fit(ins);
  }
}

/** Registry of the three sites; `p` is the injected failure rate of site c. */
export function faultRegistry(p: number): SiteRegistry {
  const r = new SiteRegistry();
  for (const s of [new FlakySite('a', 7, 0.3, 0), new FlakySite('b', 13, -0.2, 0), new FlakySite('c', 3, 0.25, p)]) r.add(new InMemoryProxy(s), s.registration());
  return r;
}

/** Run options of the trials. */
export function faultRunOptions(stateDir: string): RunOptions {
  return testRunOptions(stateDir, {
    rounds: 10, runId: 'k', strategy: { name: 'fedadam' }, minFitSites: 3, minAvailableSites: 3, maxRoundAttempts: 50,
    retryBackoffMs: 10, retryBackoffMaxMs: 50, keepCheckpoints: 2,
  });
}

/** The starting model. */
export function initialModel() {
  return { config: fakeConfig, tensors: fakeModel(), source: 'test' };
}
