/**
 * Child process for the issue-11 resume scenario: minAvailableSites 2 with only one site connected, so every
 * round-1 attempt fails; the parent SIGKILLs it once a failed attempt is in the ledger.
 * Usage: node bin/run-ts.js test/integration/resume-failed-child.ts STATE_DIR
 */
import { FederatedRun } from '../../coordinator/run.js';
import { SiteRegistry } from '../../coordinator/registry.js';
import { InMemoryProxy } from '../../sim/in-memory-proxy.js';
import { FakeSite, fakeConfig, fakeModel } from './fake-site.js';
import { testRunOptions } from './run-options.js';

const stateDir = process.argv[2];
if (!stateDir) throw new Error('usage: resume-failed-child.ts STATE_DIR');
const registry = new SiteRegistry();
const only = new FakeSite('a', 7, 0.3);
registry.add(new InMemoryProxy(only), only.registration());
const run = await FederatedRun.create(
  testRunOptions(stateDir, { rounds: 3, runId: 'stuck', minAvailableSites: 2, maxRoundAttempts: 1000, waitForSitesMs: 20, retryBackoffMs: 20, retryBackoffMaxMs: 40 }),
  { config: fakeConfig, tensors: fakeModel(), source: 'test' },
  registry,
);
await run.execute();
