/**
 * Site SIGKILL at random points: three real site processes train over socket.io while a killer SIGKILLs a random
 * one every 0.3–1.2 s and restarts it; the run must commit every round (a lost site is a failure for that
 * attempt, retried with backoff), with no round lost and the coordinator never crashing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
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
import { TRIALS } from './scale.js';

const dir = mkdtempSync(join(tmpdir(), 'fedcxr-skill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(`site SIGKILL at random points × ${TRIALS}`, () => {
  it('commits every round while sites are killed and restarted', async () => {
    const registry = new SiteRegistry(new Map(Object.entries(KEYS)));
    const server = await CoordinatorServer.start({ port: 0, siteKey: (id) => KEYS[id], heartbeatTimeoutMs: 1500 });
    server.on('siteConnected', (proxy, reg) => registry.add(proxy, reg));
    server.on('siteDisconnected', (id, proxy) => registry.remove(id, proxy));
    const procs = new Map<string, ChildProcess>();
    const start = (id: string): void => {
      procs.set(id, spawn(process.execPath, ['bin/run-ts.js', 'test/faults/site-child.ts', server.url, id], { stdio: 'ignore' }));
    };
    for (const id of Object.keys(KEYS)) start(id);
    const rounds = 2 * TRIALS + 4;
    const run = await FederatedRun.create(
      testRunOptions(dir, { rounds, runId: 's', minFitSites: 2, minAvailableSites: 2, waitForSitesMs: 15_000, fitDeadlineMs: 5000, evaluateDeadlineMs: 5000, prepareDeadlineMs: 5000, maxRoundAttempts: 20, retryBackoffMs: 100, retryBackoffMaxMs: 1000 }),
      { config: fakeConfig, tensors: fakeModel(), source: 'test' },
      registry,
    );
    await registry.waitFor(3, 30_000);
    let kills = 0;
    // A site is SIGKILLed at a random moment of every other round (restarted 150 ms later): the kill lands in
    // whatever the site is doing then (training, uploading, idle), and the run can never finish before all
    // TRIALS kills happened, however fast the machine is.
    const killSoon = (): void => {
      kills++;
      setTimeout(() => {
        const ids = [...procs.keys()];
        const id = ids[Math.floor(Math.random() * ids.length)] as string;
        procs.get(id)?.kill('SIGKILL');
        setTimeout(() => start(id), 150);
      }, Math.random() * 200);
    };
    try {
      const res = await run.execute((o) => {
        if (o.state === 'committed' && o.round % 2 === 1 && kills < TRIALS) killSoon();
      });
      const all = run.ledger.rounds('s');
      const committed = all.filter((r) => r.state === 'committed').map((r) => r.round);
      const summary = { kills, rounds, committed: committed.length, failedAttempts: all.filter((r) => r.state === 'failed').length, status: res.status };
      process.stdout.write(`site-kill: ${JSON.stringify(summary)}\n`);
      expect(res.status).toBe('finished');
      expect(committed).toEqual(Array.from({ length: rounds }, (_, i) => i + 1));
      expect(kills).toBe(TRIALS);
    } finally {
      for (const p of procs.values()) p.kill('SIGKILL');
      run.close();
      await server.close();
    }
  }, 600_000);
});
