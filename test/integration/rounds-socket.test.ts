import { NO_SCREEN_POLICY } from '../../shared/federation/screen-updates.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FederatedRun } from '../../coordinator/run.js';
import { SiteRegistry } from '../../coordinator/registry.js';
import { CoordinatorServer } from '../../coordinator/server.js';
import { generateKeyHex } from '../../shared/federation/hmac.js';
import { hashTensorSet } from '../../shared/model/hash.js';
import { SiteClient } from '../../site-client/client.js';
import { FakeSite, fakeConfig, fakeModel } from './fake-site.js';
import { testRunOptions } from './run-options.js';

let dir: string;
let server: CoordinatorServer;
let clients: SiteClient[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedcxr-sock-'));
});
afterEach(async () => {
  await Promise.all(clients.map((c) => c.stop()));
  clients = [];
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A coordinator on 127.0.0.1:0 with the given fake sites connected over socket.io. */
async function connect(sites: FakeSite[]): Promise<SiteRegistry> {
  const keys = new Map(sites.map((s) => [s.siteId, generateKeyHex()]));
  const registry = new SiteRegistry(keys);
  server = await CoordinatorServer.start({ port: 0, siteKey: (id) => keys.get(id) });
  server.on('siteConnected', (proxy, reg) => registry.add(proxy, reg));
  server.on('siteDisconnected', (id, proxy) => registry.remove(id, proxy));
  clients = sites.map((s) => new SiteClient({ url: server.url, siteId: s.siteId, key: keys.get(s.siteId) as string, handler: s, heartbeatIntervalMs: 50, reconnect: false }));
  await Promise.all(clients.map((c) => c.start()));
  await registry.waitFor(sites.length, 5000);
  return registry;
}

describe('federated rounds over real socket.io on port 0', () => {
  it('runs 3 rounds with 3 sites to the hand-computed weighted mean, trunk sent once per site', async () => {
    const sites = [new FakeSite('a', 10, 1), new FakeSite('b', 30, 2), new FakeSite('c', 60, -1)];
    const registry = await connect(sites);
    // Plain FedAvg arithmetic (the robust screen would cap c's 0.6 weight share at 0.5).
    const run = await FederatedRun.create(testRunOptions(dir, { robust: NO_SCREEN_POLICY }), { config: fakeConfig, tensors: fakeModel(), source: 'test' }, registry);
    const result = await run.execute();
    expect(result.reason).toBeUndefined();
    expect(result.status).toBe('finished');
    const want = fakeModel().slice(2).flatMap((t) => Array.from(t.data).map((v) => v + 0.3));
    result.global.flatMap((t) => Array.from(t.data)).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
    expect(sites.map((s) => s.trunkInstalls)).toEqual([1, 1, 1]);
    expect(run.ledger.lastCommitted(run.runId)?.globalHash).toBe(hashTensorSet(result.global));
    run.close();
  });

  it('completes the round without a site that disconnects mid-round', async () => {
    const sites = [new FakeSite('a', 10, 1), new FakeSite('b', 10, 3), new FakeSite('c', 10, 5)];
    sites[2]!.fault = 'hang';
    sites[2]!.faultRounds = [2];
    const registry = await connect(sites);
    const run = await FederatedRun.create(testRunOptions(dir, { rounds: 2 }), { config: fakeConfig, tensors: fakeModel(), source: 'test' }, registry);
    const result = await run.execute((o) => {
      if (o.round === 1) {
        const c = clients[2]!;
        setTimeout(() => void c.stop(), 100);
      }
    });
    expect(result.status).toBe('finished');
    const r2 = result.outcomes.find((o) => o.round === 2 && o.state === 'committed')!;
    expect(r2.fit.filter((f) => f.status === 'ok').map((f) => f.siteId)).toEqual(['a', 'b']);
    run.close();
  });

  it('rejects a NaN update and a replayed update while the process keeps serving', async () => {
    const sites = [new FakeSite('a', 10, 1), new FakeSite('b', 10, 1), new FakeSite('nan', 10, 1), new FakeSite('replay', 10, 1)];
    sites[2]!.fault = 'nan';
    sites[3]!.fault = 'replay';
    const registry = await connect(sites);
    const run = await FederatedRun.create(testRunOptions(dir, { rounds: 2 }), { config: fakeConfig, tensors: fakeModel(), source: 'test' }, registry);
    const result = await run.execute();
    expect(result.status).toBe('finished');
    for (const o of result.outcomes) {
      expect(o.fit.find((f) => f.siteId === 'a')?.status).toBe('ok');
      expect(o.fit.find((f) => f.siteId === 'nan')?.status).not.toBe('ok');
      expect(o.fit.find((f) => f.siteId === 'replay')?.status).not.toBe('ok');
    }
    expect(result.global[1]!.data[0]).toBeCloseTo(2.5, 5);
    run.close();
  });
});
