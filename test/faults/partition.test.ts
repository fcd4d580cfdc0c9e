/**
 * A network partition of one site: NIOSH runs in its own network namespace joined to the host by a veth pair on a
 * private /24 (10.213.0.0/24), reaching the coordinator through a userspace proxy on the host end (latency 20 ms).
 * Mid-run the proxy partitions it (every connection cut, new ones refused), the run goes on with the other two
 * sites, the partition heals, and NIOSH rejoins and trains again. Needs root and `ip netns`; skipped otherwise.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FederatedRun } from '../../coordinator/run.js';
import { SiteRegistry } from '../../coordinator/registry.js';
import { CoordinatorServer } from '../../coordinator/server.js';
import { fakeConfig, fakeModel } from '../integration/fake-site.js';
import { KEYS } from '../integration/transport-helpers.js';
import { testRunOptions } from '../integration/run-options.js';
import { PartitionProxy } from './partition-proxy.js';

const NS = `fcx${process.pid % 100000}`;
const HOST_IF = `${NS}h`;
const HOST_IP = '10.213.0.1';
const SITE_IP = '10.213.0.2';
const ip = (...args: string[]): void => void execFileSync('ip', args, { stdio: 'pipe' });

function setup(): string | null {
  if (process.getuid?.() !== 0) return 'not root (network namespaces need root)';
  try {
    ip('netns', 'add', NS);
    ip('link', 'add', HOST_IF, 'type', 'veth', 'peer', 'name', `${NS}s`);
    ip('link', 'set', `${NS}s`, 'netns', NS);
    ip('addr', 'add', `${HOST_IP}/24`, 'dev', HOST_IF);
    ip('link', 'set', HOST_IF, 'up');
    ip('netns', 'exec', NS, 'ip', 'addr', 'add', `${SITE_IP}/24`, 'dev', `${NS}s`);
    ip('netns', 'exec', NS, 'ip', 'link', 'set', `${NS}s`, 'up');
    ip('netns', 'exec', NS, 'ip', 'link', 'set', 'lo', 'up');
    return null;
  } catch (err) {
    teardown();
    return `ip netns setup failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
  }
}
function teardown(): void {
  try {
    ip('link', 'del', HOST_IF);
  } catch {
    // already gone
  }
  try {
    ip('netns', 'del', NS);
  } catch {
    // already gone
  }
}
const why = setup();
if (why) process.stderr.write(`test/faults/partition.test.ts skipped: ${why}\n`);
const dir = mkdtempSync(join(tmpdir(), 'fedcxr-part-'));
afterAll(() => {
  if (!why) teardown();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(why !== null)('network partition of one site (network namespace + userspace proxy)', () => {
  it('goes on without the partitioned site, and the site rejoins once healed', async () => {
    const registry = new SiteRegistry(new Map(Object.entries(KEYS)));
    const server = await CoordinatorServer.start({ port: 0, siteKey: (id) => KEYS[id], heartbeatTimeoutMs: 1500 });
    server.on('siteConnected', (proxy, reg) => registry.add(proxy, reg));
    server.on('siteDisconnected', (id, proxy) => registry.remove(id, proxy));
    const proxy = await PartitionProxy.start(HOST_IP, '127.0.0.1', server.port, { latencyMs: 20 });
    const procs: ChildProcess[] = [
      spawn(process.execPath, ['bin/run-ts.js', 'test/faults/site-child.ts', server.url, 'KM'], { stdio: 'ignore' }),
      spawn(process.execPath, ['bin/run-ts.js', 'test/faults/site-child.ts', server.url, 'NIHCC'], { stdio: 'ignore' }),
      spawn('ip', ['netns', 'exec', NS, process.execPath, 'bin/run-ts.js', 'test/faults/site-child.ts', `http://${HOST_IP}:${proxy.port}`, 'NIOSH'], {
        stdio: 'ignore',
        env: { ...process.env, FEDCXR_FAULT_INSECURE: '1' },
      }),
    ];
    const run = await FederatedRun.create(
      testRunOptions(dir, { rounds: 14, runId: 'p', minFitSites: 2, minAvailableSites: 2, waitForSitesMs: 15_000, fitDeadlineMs: 5000, evaluateDeadlineMs: 5000, prepareDeadlineMs: 5000, maxRoundAttempts: 10, retryBackoffMs: 100 }),
      { config: fakeConfig, tensors: fakeModel(), source: 'test' },
      registry,
    );
    try {
      await registry.waitFor(3, 30_000);
      let partitionedAt = 0;
      let healedAt = 0;
      const res = await run.execute((o) => {
        if (o.state !== 'committed') return;
        if (o.round === 3) {
          proxy.partition();
          partitionedAt = o.round;
        }
        if (o.round === 6) {
          proxy.heal();
          healedAt = o.round;
        }
      });
      const niosh = run.ledger.participation('p').filter((x) => x.siteId === 'NIOSH' && x.role === 'fit' && x.status === 'ok').map((x) => x.round);
      process.stdout.write(`partition: cut ${proxy.cut} connections after round ${partitionedAt}, healed after round ${healedAt}; NIOSH trained in rounds ${niosh.join(',')}\n`);
      expect(res.status).toBe('finished');
      expect(run.ledger.rounds('p').filter((r) => r.state === 'committed')).toHaveLength(14);
      expect(niosh.some((r) => r <= 3)).toBe(true);
      expect(niosh.some((r) => r > 4 && r <= 6)).toBe(false);
      expect(niosh.some((r) => r > 7)).toBe(true); // rejoined
    } finally {
      for (const p of procs) p.kill('SIGKILL');
      run.close();
      await proxy.close();
      await server.close();
    }
  }, 120_000);
});
