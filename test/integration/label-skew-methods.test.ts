import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FederatedRun } from '../../coordinator/run.js';
import { SiteRegistry } from '../../coordinator/registry.js';
import { InMemoryProxy } from '../../sim/in-memory-proxy.js';
import { normalise, referenceHistogram, sampleIntensityHistogram } from '../../shared/data/harmonise.js';
import { initEngine } from '../../shared/engine/index.js';
import { defaultModelConfig } from '../../shared/model/config.js';
import { buildModel } from '../../shared/model/vgg16.js';
import { getTensorSet, setTensorSet } from '../../shared/model/weights.js';
import { bceLoss, predictScores } from '../../shared/train/evaluate.js';
import { phantomSiteData } from '../../site-client/data.js';
import { SiteExecutor } from '../../site-client/executor.js';
import { testRunOptions } from './run-options.js';
import { skewedPhantomSites } from './skewed-sites.js';

let dir: string;
beforeAll(async () => {
  await initEngine();
  dir = mkdtempSync(join(tmpdir(), 'fedcxr-skew-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const l1 = (a: readonly number[], b: readonly number[]): number => a.reduce((s, v, i) => s + Math.abs(v - (b[i] as number)), 0);

describe('label-skew methods through the real round loop and site executors (phantoms, 32 px, +B5)', () => {
  it('class prior, class-balanced weights, local heads, harmonisation and head fine-tuning work end to end', async () => {
    // Prepare: disease-only, normal-only and mixed sites, each sharing a 32-bin intensity histogram
    const { initial, data: datas, executors, registry, asked: seen } = await skewedPhantomSites(
      { nNormal: 8, nDisease: 8 },
      { modelSeed: 2, executor: (site) => ({ intensityBins: 32, ...(site === 'niosh' ? { fineTune: { epochs: 2, learningRate: 1e-3, batchSize: 8 } } : {}) }) },
    );
    const opts = testRunOptions(dir, {
      rounds: 2,
      level: '+B5',
      strategy: { name: 'fedavg', siteWeighting: 'class-balanced', classPrior: true, localHead: true },
      harmonise: true,
      fit: { localEpochs: 1, batchSize: 8, learningRate: 1e-3, seed: 3, optimizer: 'adam' },
      fitDeadlineMs: 60_000,
      evaluateDeadlineMs: 60_000,
      prepareDeadlineMs: 60_000,
      maxUpdateNorm: 1e6,
    });
    const run = await FederatedRun.create(opts, initial, registry);
    // Execute
    const result = await run.execute();
    // Assert: both rounds committed with all three sites
    expect(result.status).toBe('finished');
    expect(result.outcomes.map((o) => o.fit.filter((f) => f.status === 'ok').length)).toEqual([3, 3]);
    // class prior: train counts km 0/8, nihcc 11/0 (rounded splits), niosh 6/6 → weights N/(2·N_c), same for all
    const reg = registry.available().map((s) => s.registration.counts.train);
    const n0 = reg.reduce((a, c) => a + c.normal, 0);
    const n1 = reg.reduce((a, c) => a + c.disease, 0);
    for (const ins of seen) {
      expect(ins.config.classWeights?.[0]).toBeCloseTo((n0 + n1) / (2 * n0), 12);
      expect(ins.config.classWeights?.[1]).toBeCloseTo((n0 + n1) / (2 * n1), 12);
      expect(ins.config.localTensors).toEqual(['head_dense_1/kernel', 'head_dense_1/bias', 'head_output/kernel', 'head_output/bias']);
    }
    // local head: the global head never moved, block5 did; each site holds its own, different head
    const init = new Map(initial.tensors.map((t) => [t.name, t]));
    for (const t of result.global) {
      const moved = t.data.some((v, k) => v !== init.get(t.name)!.data[k]);
      expect([t.name, moved]).toEqual([t.name, !t.name.startsWith('head_')]);
    }
    const heads = executors.map((e) => e.localTensors());
    for (const h of heads) expect(h.map((t) => t.name)).toEqual(['head_dense_1/kernel', 'head_dense_1/bias', 'head_output/kernel', 'head_output/bias']);
    expect(heads[0]![2]!.data).not.toEqual(heads[1]![2]!.data);
    expect(heads[0]![2]!.data).not.toEqual(init.get('head_output/kernel')!.data);
    // harmonisation: every site's training images moved closer to the reference built from all three
    const ref = referenceHistogram(datas.map((d) => sampleIntensityHistogram(d.train, 32)));
    executors.forEach((e, i) => {
      const before = l1(normalise(sampleIntensityHistogram(datas[i]!.train, 32)), ref);
      const after = l1(normalise(sampleIntensityHistogram(e.runData().train, 32)), ref);
      expect(after).toBeLessThan(before);
    });
    // fine-tuning: niosh's evaluation scores a fine-tuned head, not its federated local head as is
    const niosh = executors[2]!;
    const ev = result.outcomes[1]!.siteEvaluations.find((s) => s.siteId === 'niosh')!;
    const plain = buildModel(initial.config);
    setTensorSet(plain, initial.tensors);
    setTensorSet(plain, result.global);
    setTensorSet(plain, niosh.localTensors());
    const test = niosh.runData().test;
    const plainLoss = bceLoss(predictScores(plain, test), Uint8Array.from(test, (s) => s.y));
    plain.dispose();
    expect(Number.isFinite(ev.loss)).toBe(true);
    expect(Math.abs(ev.loss - plainLoss)).toBeGreaterThan(1e-6);
    // … and the km site (no fineTune) scores exactly its local head
    const km = executors[0]!;
    const kmEv = result.outcomes[1]!.siteEvaluations.find((s) => s.siteId === 'km')!;
    const kmModel = buildModel(initial.config);
    setTensorSet(kmModel, initial.tensors);
    setTensorSet(kmModel, result.global);
    setTensorSet(kmModel, km.localTensors());
    const kmTest = km.runData().test;
    expect(kmEv.loss).toBeCloseTo(bceLoss(predictScores(kmModel, kmTest), Uint8Array.from(kmTest, (s) => s.y)), 5);
    kmModel.dispose();
    for (const e of executors) e.dispose();
    run.close();
  }, 300_000);

  it('runs at +B1, where nothing is frozen and no trunk is sent (sites hold the empty trunk)', async () => {
    const config = defaultModelConfig({ inputSize: 32, head: { units: [4] } });
    const model = buildModel(config, { seed: 3 });
    const initial = { config, tensors: getTensorSet(model), source: 'random-init (test)' };
    model.dispose();
    const executors = [
      { site: 'km', nNormal: 0, nDisease: 4 },
      { site: 'nihcc', nNormal: 4, nDisease: 0 },
    ].map((s, i) => new SiteExecutor({ siteId: s.site, data: phantomSiteData({ ...s, inputSize: 32, seed: i + 9, testFraction: 0.25, valFraction: 0 }), minReportExamples: 1 }));
    const registry = new SiteRegistry();
    for (const e of executors) registry.add(new InMemoryProxy(e), { siteId: e.siteId, protocolVersion: 1, ...(await e.describe()) });
    const opts = testRunOptions(join(dir, 'b1'), {
      rounds: 1,
      level: '+B1',
      fit: { localEpochs: 1, batchSize: 4, learningRate: 1e-4, seed: 1, optimizer: 'adam' },
      fitDeadlineMs: 60_000,
      evaluateDeadlineMs: 60_000,
      prepareDeadlineMs: 60_000,
      maxUpdateNorm: 1e9,
    });
    const run = await FederatedRun.create(opts, initial, registry);
    const result = await run.execute();
    expect(result.outcomes[0]?.fit.map((f) => [f.siteId, f.status, f.reason])).toEqual([
      ['km', 'ok', undefined],
      ['nihcc', 'ok', undefined],
    ]);
    expect(result.global.some((t) => t.name === 'block1_conv1/kernel')).toBe(true);
    for (const e of executors) e.dispose();
    run.close();
  }, 300_000);
});
