/**
 * The coordinator's operator endpoints over real socket.io on port 0: a 2-round run with three fake sites
 * (one's updates exceed the norm bound and are rejected), then /metrics is scraped and parsed, and /readyz, /healthz
 * and /api/summary are read. The site client's own metrics are scraped from its optional port.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CoordinatorOps } from '../../coordinator/ops.js';
import { FederatedRun } from '../../coordinator/run.js';
import { SiteRegistry } from '../../coordinator/registry.js';
import { CoordinatorServer } from '../../coordinator/server.js';
import { generateKeyHex } from '../../shared/federation/hmac.js';
import { AuditLog } from '../../site-client/audit.js';
import { SiteClient } from '../../site-client/client.js';
import { SiteMetrics } from '../../site-client/metrics.js';
import { parsePrometheus, sampleValue } from '../helpers/prometheus-text.js';
import { runCli } from '../unit/cli/run-cli.js';
import { FakeSite, fakeConfig, fakeModel } from './fake-site.js';
import { testRunOptions } from './run-options.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

describe('coordinator /metrics, /readyz, /api/summary and site metrics', () => {
  it('exports rounds by state, phases, sites, rejections by reason, bytes and AUC that match the run', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'fedcxr-ops-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    // c's updates move every trainable value by 30: norm 30·√7 ≈ 79 > the bound of 10, so the validator rejects them.
    const sites = [new FakeSite('a', 10, 1), new FakeSite('b', 20, 2), new FakeSite('c', 30, 30)];
    const keys = new Map(sites.map((s) => [s.siteId, generateKeyHex()]));
    const registry = new SiteRegistry(keys);
    const ops = new CoordinatorOps({ processMetrics: false });
    const server = await CoordinatorServer.start({ port: 0, siteKey: (id) => keys.get(id), routes: ops.routes });
    cleanup.push(() => server.close());
    ops.attach(server);
    server.on('siteConnected', (proxy, reg) => registry.add(proxy, reg));
    server.on('siteDisconnected', (id, proxy) => registry.remove(id, proxy));
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    const siteMetrics = new SiteMetrics({ processMetrics: false });
    const audit = new AuditLog(null, 'a');
    siteMetrics.watchAudit(audit);
    const served = await siteMetrics.serve(0);
    cleanup.push(() => void served.server.close());
    const clients = sites.map(
      (s, i) =>
        new SiteClient({
          url: server.url,
          siteId: s.siteId,
          key: keys.get(s.siteId) as string,
          handler: i === 0 ? siteMetrics.meter(s) : s,
          ...(i === 0 ? { onSend: siteMetrics.onSend } : {}),
          heartbeatIntervalMs: 50,
          reconnect: false,
        }),
    );
    cleanup.push(() => Promise.all(clients.map((c) => c.stop())).then(() => undefined));
    await Promise.all(clients.map((c) => c.start()));
    await registry.waitFor(3, 5000);
    const run = await FederatedRun.create(testRunOptions(dir, { rounds: 2, maxUpdateNorm: 10 }), { config: fakeConfig, tensors: fakeModel(), source: 'test' }, registry);
    cleanup.push(() => run.close());
    run.observe(ops.observer);
    ops.markReady();

    // Execute
    const result = await run.execute();
    audit.record('FitRes', { values: { trainLoss: 1 } });
    const res = await fetch(`${server.url}/metrics`);
    const m = parsePrometheus(await res.text());
    const summary = (await (await fetch(`${server.url}/api/summary`)).json()) as { status: string; rounds: { state: string }[]; sites: { siteId: string; bytesIn: number }[] };
    const site = parsePrometheus(await (await fetch(served.url)).text());
    const status = await runCli(['status', '--coordinator', server.url]);

    // Assert
    expect(result.status).toBe('finished');
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(sampleValue(m, 'fedcxr_rounds_total', { outcome: 'committed' })).toBe(2);
    expect(sampleValue(m, 'fedcxr_rounds_total', { outcome: 'failed' })).toBe(0);
    expect(sampleValue(m, 'fedcxr_round_transitions_total', { state: 'aggregating' })).toBe(2);
    expect(sampleValue(m, 'fedcxr_round_duration_seconds_count')).toBe(2);
    expect(sampleValue(m, 'fedcxr_phase_duration_seconds_count', { phase: 'aggregation' })).toBe(2);
    expect(sampleValue(m, 'fedcxr_phase_duration_seconds_count', { phase: 'commit' })).toBe(2);
    // Per site: training counts accepted updates (a, b × 2 rounds); every site uploads and downloads each round.
    expect(sampleValue(m, 'fedcxr_phase_duration_seconds_count', { phase: 'training' })).toBe(4);
    expect(sampleValue(m, 'fedcxr_phase_duration_seconds_count', { phase: 'transferUp' })).toBe(6);
    expect(sampleValue(m, 'fedcxr_phase_duration_seconds_count', { phase: 'transferDown' })).toBe(6);
    expect(sampleValue(m, 'fedcxr_updates_rejected_total', { reason: 'norm_bound' })).toBe(2);
    expect(sampleValue(m, 'fedcxr_sites_connected')).toBe(3);
    for (const id of ['a', 'b', 'c']) {
      expect(sampleValue(m, 'fedcxr_wire_bytes_total', { direction: 'out', site: id })).toBeGreaterThan(0);
      expect(sampleValue(m, 'fedcxr_wire_bytes_total', { direction: 'in', site: id })).toBeGreaterThan(0);
    }
    const auc = result.outcomes.at(-1)?.evaluation?.auc;
    expect(auc).toBeTypeOf('number');
    expect(sampleValue(m, 'fedcxr_evaluation_auc')).toBeCloseTo(auc as number, 12);
    expect(sampleValue(m, 'fedcxr_evaluation_round')).toBe(2);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(summary.status).toBe('finished');
    expect(summary.rounds.map((r) => r.state)).toEqual(['evaluated', 'evaluated']);
    expect(summary.sites.map((s) => s.siteId)).toEqual(['a', 'b', 'c']);
    expect(summary.sites.every((s) => s.bytesIn > 0)).toBe(true);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`run ${run.runId}: finished; round 2 of 2, 2 committed`);
    expect(status.stdout).toMatch(/\n {2}c +connected +rejected .*last error: update rejected: update norm/);
    expect(status.stdout).toMatch(/\n +2 +evaluated .* auc \d\.\d{3} \(\d\.\d{3}–\d\.\d{3}\)/);
    expect(sampleValue(site, 'fedcxr_site_tasks_total', { kind: 'fit', outcome: 'ok' })).toBe(2);
    expect(sampleValue(site, 'fedcxr_site_tasks_total', { kind: 'evaluate', outcome: 'ok' })).toBe(2);
    expect(sampleValue(site, 'fedcxr_site_task_seconds_total', { kind: 'fit' })).toBeGreaterThan(0);
    expect(sampleValue(site, 'fedcxr_site_sent_bytes_total', { event: 'fitRes' })).toBeGreaterThan(0);
    expect(sampleValue(site, 'fedcxr_site_audit_entries_total', { type: 'FitRes' })).toBe(1);
  });
});
