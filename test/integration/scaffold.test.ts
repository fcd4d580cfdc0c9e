import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FederatedRun } from '../../coordinator/run.js';
import { initEngine } from '../../shared/engine/index.js';
import { serverControl } from '../../shared/federation/scaffold.js';
import type { SiteExecutor } from '../../site-client/executor.js';
import type { FitIns } from '../../shared/federation/types.js';
import { testRunOptions } from './run-options.js';
import { skewedPhantomSites } from './skewed-sites.js';

let dir: string;
beforeAll(async () => {
  await initEngine();
  dir = mkdtempSync(join(tmpdir(), 'fedcxr-scaffold-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('SCAFFOLD through the real round loop and site executors (phantoms, 32 px, FC)', () => {
  it('sends the control computed from round r’s updates and step counts in round r + 1, and sites report their steps', async () => {
    // Prepare: disease-only, normal-only and mixed sites
    const { initial, executors, registry, asked: sent, answered } = await skewedPhantomSites({ nNormal: 8, nDisease: 8 });
    const lr = 0.1;
    const batchSize = 4;
    const opts = testRunOptions(dir, {
      rounds: 3,
      level: 'FC',
      strategy: { name: 'scaffold' },
      fit: { localEpochs: 1, batchSize, learningRate: lr, seed: 3, optimizer: 'sgd' },
      fitDeadlineMs: 60_000,
      evaluateDeadlineMs: 60_000,
      prepareDeadlineMs: 60_000,
      minFitSites: 3,
      maxUpdateNorm: 1e6,
    });
    const run = await FederatedRun.create(opts, initial, registry);
    // Execute
    const result = await run.execute();
    // Assert: every round committed with all three sites
    expect(result.status).toBe('finished');
    expect(result.outcomes.map((o) => o.fit.filter((f) => f.status === 'ok').length)).toEqual([3, 3, 3]);
    // each site reports one epoch's steps: ⌈training images / batch⌉
    for (const r of answered) {
      const e = executors.find((x) => x.siteId === r.siteId) as SiteExecutor;
      expect(r.metrics.localSteps).toBe(Math.ceil(e.runData().train.length / batchSize));
    }
    // round 1 carries no control; rounds 2 and 3 carry the one computed from the previous round's answers
    const ofRound = (n: number) => sent.filter((i) => i.round === n);
    expect(ofRound(1).every((i) => i.config.scaffold === true && i.config.control === undefined)).toBe(true);
    for (const round of [2, 3]) {
      const prev = ofRound(round - 1)[0] as FitIns;
      const results = answered.filter((r) => r.round === round - 1).sort((a, b) => (a.siteId < b.siteId ? -1 : 1));
      const expected = serverControl(prev.tensors, results.map((r) => ({ tensors: r.tensors, weight: r.numExamples, steps: r.metrics.localSteps as number })), lr);
      for (const ins of ofRound(round)) {
        const control = ins.config.control ?? [];
        expect(control.map((t) => [t.name, t.shape])).toEqual(ins.tensors.map((t) => [t.name, t.shape]));
        for (const [t, c] of control.entries()) for (let j = 0; j < c.data.length; j += 97) expect(c.data[j]).toBeCloseTo(expected[t]!.data[j]!, 4);
        expect(control.some((t) => t.data.some((v) => v !== 0))).toBe(true);
      }
    }
    // the sites' own control variates after round 3 average (weighted as the mean) to the server's next control
    const last3 = answered.filter((r) => r.round === 3);
    const next = serverControl((ofRound(3)[0] as FitIns).tensors, [...last3].sort((a, b) => (a.siteId < b.siteId ? -1 : 1)).map((r) => ({ tensors: r.tensors, weight: r.numExamples, steps: r.metrics.localSteps as number })), lr);
    const total = last3.reduce((a, r) => a + r.numExamples, 0);
    for (const [t, c] of next.entries())
      for (let j = 0; j < c.data.length; j += 97) {
        const mean = last3.reduce((a, r) => a + (r.numExamples * (executors.find((e) => e.siteId === r.siteId)?.controlVariate()?.[t]?.data[j] ?? Number.NaN)) / total, 0);
        expect(mean).toBeCloseTo(c.data[j]!, 3);
      }
    // a site asked for SCAFFOLD with Adam steps refuses, naming why
    const last = ofRound(3).find((i) => i.tensors.length > 0) as FitIns;
    const km = executors[0] as SiteExecutor;
    await expect(km.fit({ ...last, config: { ...last.config, optimizer: 'adam' } })).rejects.toThrow(/SCAFFOLD needs plain SGD steps/);
    for (const e of executors) e.dispose();
    run.close();
  }, 300_000);
});
