/**
 * The wire is a contract: a real coordinator (port 0, the production server, round loop and ledger) runs rounds
 * with sites written only from the docs (`doc-site.ts`: raw socket.io-client + generated protobuf, no import
 * from site-client/ or shared/). Small chunks force chunked transfers both ways.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FederatedRun } from '../../coordinator/run.js';
import { SiteRegistry } from '../../coordinator/registry.js';
import { CoordinatorServer } from '../../coordinator/server.js';
import { logger } from '../../shared/log.js';
import { defaultModelConfig } from '../../shared/model/config.js';
import type { TensorSet } from '../../shared/domain/tensor-set.js';
import { DocSite, type DocSiteOptions } from './doc-site.js';
import { testRunOptions } from './run-options.js';
// The arithmetic below is plain FedAvg: the coordinator's default Byzantine screen (weight-share caps) is a
// policy, not part of the wire contract, so this test turns it off.
import { NO_SCREEN_POLICY } from '../../shared/federation/screen-updates.js';

const KEYS = { docA: `hex:${'a1'.repeat(32)}`, docB: `base64:${Buffer.alloc(24, 7).toString('base64')}` };

/** A small VGG-named model: a frozen block1 (the trunk) and a trainable head, each over the 1 KiB chunk size. */
function model(): TensorSet {
  const t = (name: string, shape: number[], f: (i: number) => number) => ({ name, shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => f(i)) });
  return [
    t('block1_conv1/kernel', [3, 3, 3, 16], (i) => Math.sin(i)),
    t('block1_conv1/bias', [16], (i) => i / 16),
    t('head_dense_1/kernel', [16, 32], (i) => Math.cos(i) / 4),
    t('head_dense_1/bias', [32], () => 0),
    t('head_output/kernel', [32, 1], (i) => i / 32),
    t('head_output/bias', [1], () => 0.5),
  ];
}

let dir = '';
let server: CoordinatorServer | undefined;
let sites: DocSite[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedcxr-conformance-'));
});
afterEach(async () => {
  for (const s of sites) s.stop();
  sites = [];
  await server?.close();
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** A coordinator with 1 KiB chunks and a 12 s heartbeat timeout, and the documented sites registered with it. */
async function federation(opts: Omit<DocSiteOptions, 'url' | 'key'>[]): Promise<SiteRegistry> {
  const keys = new Map<string, string>(Object.entries(KEYS));
  const registry = new SiteRegistry(keys);
  server = await CoordinatorServer.start({ port: 0, siteKey: (id) => keys.get(id), limits: { chunkBytes: 1024 }, heartbeatTimeoutMs: 12_000 });
  server.on('siteConnected', (proxy, reg) => registry.add(proxy, reg));
  server.on('siteDisconnected', (id, proxy) => registry.remove(id, proxy));
  sites = opts.map((o) => new DocSite({ ...o, url: server?.url ?? '', key: keys.get(o.siteId) ?? '' }));
  await Promise.all(sites.map((s) => s.start()));
  await registry.waitFor(sites.length, 5000);
  return registry;
}

const A = { siteId: 'docA', train: [10, 10], test: [5, 5], delta: 1 } as const;
const B = { siteId: 'docB', train: [20, 10], test: [4, 6], delta: -2, transports: ['polling'] as ('polling' | 'websocket')[] } as const;

describe('conformance: sites written from the docs alone', () => {
  it('register, answer runSpec/trunk/fit/evaluate, and rounds commit with federated metrics', async () => {
    // Prepare
    const registry = await federation([A, B]);
    const run = await FederatedRun.create(testRunOptions(dir, { rounds: 2, level: 'FC', histogramBins: 20, robust: NO_SCREEN_POLICY }), { config: defaultModelConfig({ inputSize: 32 }), tensors: model(), source: 'test' }, registry);
    // Execute
    const result = await run.execute();
    run.close();
    // Assert: docB talked over HTTP long-polling only, docA over WebSocket after the upgrade
    expect(sites.map((s) => s.transport)).toEqual(['websocket', 'polling']);
    // both rounds committed with both sites, evaluated from their counts
    expect(result.reason).toBeUndefined();
    expect(result.status).toBe('finished');
    const committed = result.outcomes.filter((o) => o.state === 'committed');
    expect(committed.map((o) => o.round)).toEqual([1, 2]);
    for (const o of committed) {
      expect(o.fit.map((f) => [f.siteId, f.status])).toEqual([['docA', 'ok'], ['docB', 'ok']]);
      expect(o.evaluateFailures).toEqual([]);
      expect(o.evaluation?.numExamples).toBe(20);
      expect(o.evaluation?.auc).toBe(1); // every disease score (0.8) above every normal score (0.3)
    }
    // FedAvg by train counts: (20·(+1) + 30·(−2)) / 50 = −0.8 per round
    const head = model().slice(2);
    result.global.forEach((t, i) => t.data.forEach((v, j) => expect(v).toBeCloseTo((head[i]?.data[j] ?? 0) - 1.6, 4)));
    // The documented trunk hash equals the RunSpec's; the RunSpec carries the terms; chunks went both ways
    for (const s of sites) {
      const spec = s.log.runSpecs[0];
      expect(s.log.runSpecs).toHaveLength(1);
      expect(s.log.trunkHashes).toEqual([spec?.trunkHash]);
      expect(spec).toMatchObject({ heartbeatTimeoutMs: 12_000, maxChunkBytes: 1024, maxMessageBytes: 1024 ** 3 });
      expect(s.log.fits).toEqual([1, 2]);
      expect(s.log.evaluations).toEqual([1, 2]);
      expect(s.log.chunksIn).toBeGreaterThan(0);
      expect(s.log.chunksOut).toBeGreaterThan(0);
      expect(s.log.errors).toEqual([]);
    }
  }, 20_000);

  it('rejects an evaluation with the wrong histogram bin count by name, logs it, and still commits the others', async () => {
    // Prepare: docB answers 10 bins when asked for 20
    const warn = vi.spyOn(Object.getPrototypeOf(logger('conformance.probe')) as { warn: () => void }, 'warn');
    const registry = await federation([A, { ...B, histogramBins: () => 10 }]);
    const run = await FederatedRun.create(testRunOptions(dir, { rounds: 1, level: 'FC', histogramBins: 20 }), { config: defaultModelConfig({ inputSize: 32 }), tensors: model(), source: 'test' }, registry);
    // Execute
    const result = await run.execute();
    // Assert: the round commits; docB's evaluation is a named rejection; the metrics are docA's
    const o = result.outcomes[0];
    expect(o?.state).toBe('committed');
    const reason = 'evaluation rejected (histogram-bins): histograms have 10 (positive) and 10 (negative) bins; EvaluateIns asked for 20';
    expect(o?.evaluateFailures).toEqual([{ siteId: 'docB', reason }]);
    expect(o?.evaluation?.numExamples).toBe(10);
    expect(run.ledger.participation(run.runId).filter((p) => p.role === 'evaluate')).toEqual([
      { round: 1, attempt: 1, siteId: 'docA', role: 'evaluate', status: 'ok', reason: null, numExamples: 10 },
      { round: 1, attempt: 1, siteId: 'docB', role: 'evaluate', status: 'failed', reason, numExamples: null },
    ]);
    const logged = warn.mock.calls.filter((_, i) => (warn.mock.contexts[i] as { bindings(): { module: string } }).bindings().module === 'coordinator.rounds');
    expect(logged).toContainEqual([{ round: 1, site: 'docB', code: 'histogram-bins', reason }, 'evaluation rejected']);
    run.close();
  }, 20_000);
});
