import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FederatedRun } from '../../coordinator/run.js';
import { initEngine } from '../../shared/engine/index.js';
import { aggregatePrototypes } from '../../shared/federation/prototypes.js';
import { testRunOptions } from './run-options.js';
import { skewedPhantomSites } from './skewed-sites.js';

let dir: string;
beforeAll(async () => {
  await initEngine();
  dir = mkdtempSync(join(tmpdir(), 'fedcxr-align-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('class-prototype alignment through the real round loop and site executors (phantoms, 32 px, +B5)', () => {
  it('sites report class means of enough images, the coordinator sends their one-vote-per-site aggregate back', async () => {
    // Prepare: a disease-only, a normal-only and a mixed site; prototypes need ≥ 5 images of a class
    const { initial, executors, registry, asked, answered } = await skewedPhantomSites({ nNormal: 8, nDisease: 3 });
    const opts = testRunOptions(dir, {
      rounds: 3,
      strategy: { name: 'fedavg', prototypeWeight: 1 },
      fit: { localEpochs: 1, batchSize: 4, learningRate: 1e-3, seed: 3, optimizer: 'adam' },
      fitDeadlineMs: 60_000,
      evaluateDeadlineMs: 60_000,
      prepareDeadlineMs: 60_000,
      maxUpdateNorm: 1e6,
    });
    const run = await FederatedRun.create(opts, initial, registry);
    // Execute
    const result = await run.execute();
    // Assert: three rounds with all three sites
    expect([result.status, result.reason]).toEqual(["finished", undefined]);
    expect(result.outcomes.map((o) => o.fit.filter((f) => f.status === 'ok').length)).toEqual([3, 3, 3]);
    // every FitIns asks for alignment; round 1 has no prototypes yet, later rounds have both classes
    expect(asked.every((ins) => ins.config.prototypeWeight === 1)).toBe(true);
    expect(asked.filter((ins) => ins.round === 1).map((ins) => ins.config.prototypes)).toEqual([undefined, undefined, undefined]);
    for (const ins of asked.filter((x) => x.round > 1)) expect(ins.config.prototypes?.map((p) => p.label)).toEqual([0, 1]);
    // each site reports only the classes it holds ≥ 5 training images of (niosh's 2–3 disease images stay home)
    const labels = (site: string): number[][] => answered.filter((r) => r.siteId === site).map((r) => (r.prototypes ?? []).map((p) => p.label));
    expect(labels('km')).toEqual([[1], [1], [1]]);
    expect(labels('nihcc')).toEqual([[0], [0], [0]]);
    expect(labels('niosh')).toEqual([[0], [0], [0]]);
    for (const r of answered) for (const p of r.prototypes ?? []) expect(p.count).toBeGreaterThanOrEqual(5);
    // round r + 1 aligns to exactly the aggregate of round r's reports
    for (const round of [1, 2]) {
      const expected = aggregatePrototypes(answered.filter((r) => r.round === round).map((r) => ({ siteId: r.siteId, prototypes: r.prototypes ?? [] })));
      for (const ins of asked.filter((x) => x.round === round + 1)) expect(ins.config.prototypes).toEqual(expected);
    }
    // the audit log says what left the site: counts behind each prototype
    const fits = executors[0]!.audit.entries.filter((e) => e.type === 'FitRes');
    expect(fits.map((e) => e.values.prototypes)).toEqual(answered.filter((r) => r.siteId === 'km').map((r) => [{ label: 1, count: r.prototypes?.[0]?.count, values: 8 }]));
    for (const e of executors) e.dispose();
    run.close();
  }, 300_000);
});
