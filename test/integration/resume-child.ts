/**
 * Child process for the kill -9 resume test: runs a 50-round fake federation slowly (sites sleep), so the
 * parent can SIGKILL it mid-run. Usage: node bin/run-ts.js test/integration/resume-child.ts STATE_DIR
 */
import { FederatedRun } from '../../coordinator/run.js';
import { SiteRegistry } from '../../coordinator/registry.js';
import { InMemoryProxy } from '../../sim/in-memory-proxy.js';
import { FakeSite, fakeConfig, fakeModel } from './fake-site.js';
import { testRunOptions } from './run-options.js';

const stateDir = process.argv[2];
if (!stateDir) throw new Error('usage: resume-child.ts STATE_DIR');
const registry = new SiteRegistry();
for (const s of resumeSites()) {
  s.fault = 'slow';
  registry.add(new InMemoryProxy(s), s.registration());
}
const run = await FederatedRun.create(testRunOptions(stateDir, { rounds: 50, runId: 'crashy', strategy: { name: 'fedadam' } }), { config: fakeConfig, tensors: fakeModel(), source: 'test' }, registry);
await run.execute();

/** The sites both the child and the resuming parent use. */
export function resumeSites(): FakeSite[] {
  return [new FakeSite('a', 7, 0.3, 60), new FakeSite('b', 13, -0.2, 60), new FakeSite('c', 3, 0.9, 60)];
}
