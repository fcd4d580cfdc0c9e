import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FederatedRun } from '../../coordinator/run.js';
import { SiteRegistry } from '../../coordinator/registry.js';
import { InMemoryProxy } from '../../sim/in-memory-proxy.js';
import { defaultModelConfig } from '../../shared/model/config.js';
import { buildModel } from '../../shared/model/vgg16.js';
import { getTensorSet } from '../../shared/model/weights.js';
import { phantomSiteData } from '../../site-client/data.js';
import { SiteExecutor } from '../../site-client/executor.js';
import { initEngine } from '../../shared/engine/index.js';
import { testRunOptions } from './run-options.js';

let dir: string;
beforeAll(async () => {
  await initEngine();
  dir = mkdtempSync(join(tmpdir(), 'fedcxr-sim-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('simulation with real site executors (VGG16 at 32 px, phantoms)', () => {
  it('runs 3 rounds with 3 skewed sites; tensors flat across rounds; only counts and tensors leave the sites', async () => {
    // Prepare: the paper's label skew in miniature — one disease-only, one normal-only, one mixed site
    const config = defaultModelConfig({ inputSize: 32, head: { units: [16] } });
    const model = buildModel(config, { seed: 1 });
    const initial = { config, tensors: getTensorSet(model), source: 'random-init (test)' };
    model.dispose();
    const specs = [
      { site: 'km', nNormal: 0, nDisease: 12 },
      { site: 'nihcc', nNormal: 12, nDisease: 0 },
      { site: 'niosh', nNormal: 8, nDisease: 8 },
    ];
    const executors = specs.map(
      // FC keeps the test fast on a loaded 2-core CI box; the loop is level-agnostic (demo runs +B5).
      (s, i) =>
        new SiteExecutor({
          siteId: s.site,
          data: phantomSiteData({ ...s, inputSize: 32, seed: i + 1, testFraction: 0.25, valFraction: 0 }),
          minReportExamples: 4,
        }),
    );
    const registry = new SiteRegistry();
    for (const e of executors) {
      const d = await e.describe();
      registry.add(new InMemoryProxy(e), { siteId: e.siteId, protocolVersion: 1, ...d });
    }
    const run = await FederatedRun.create(
      testRunOptions(dir, { rounds: 3, level: 'FC', fit: { localEpochs: 1, batchSize: 8, learningRate: 1e-3, seed: 3, optimizer: 'adam' }, fitDeadlineMs: 30_000, evaluateDeadlineMs: 30_000, prepareDeadlineMs: 30_000, maxUpdateNorm: 1e6, histogramBins: 10 }),
      initial,
      registry,
    );
    const counts: number[] = [];
    // Execute
    const result = await run.execute((o) => {
      if (o.state === 'committed') counts.push(tf.memory().numTensors);
    });
    // Assert: every round committed with all three sites
    expect(result.status).toBe('finished');
    expect(result.outcomes.map((o) => o.fit.filter((f) => f.status === 'ok').length)).toEqual([3, 3, 3]);
    // no tensor leak across rounds on either side (both live in this process)
    expect(counts[2]).toBe(counts[1]);
    // sites with fewer than k = 4 test examples (km, nihcc: 3 each) are withheld; the sum holds niosh only
    const ev = result.outcomes[2]!.evaluation!;
    expect(ev.withheldSites).toEqual(['km', 'nihcc']);
    expect(ev.numExamples).toBe(4);
    expect(ev.confusion.tp + ev.confusion.fn).toBe(2);
    expect(ev.auc).not.toBeNull();
    const km = result.outcomes[2]!.siteEvaluations.find((s) => s.siteId === 'km')!;
    expect(km).toMatchObject({ withheld: true, numExamples: 3, confusion: { tp: 0, fp: 0, tn: 0, fn: 0 } });
    // privacy: every audited message holds only ids, tensors (names + hashes) and numbers/counts
    for (const e of executors) {
      expect(e.audit.entries.map((x) => x.type)).toEqual(['Registration', 'FitRes', 'EvaluateRes', 'FitRes', 'EvaluateRes', 'FitRes', 'EvaluateRes']);
      for (const entry of e.audit.entries) {
        const leaves = JSON.stringify(entry.values).match(/"[^"]*"\s*:\s*"[^"]*"/g) ?? [];
        expect(leaves).toEqual([]); // no string values (no file names, no patient ids)
        for (const t of entry.tensors) expect(result.global.some((g) => g.name === t.name)).toBe(true);
        if (entry.type === 'EvaluateRes') {
          const v = entry.values as { positiveHistogram: number[]; negativeHistogram: number[]; numExamples: number; withheld: boolean };
          expect(v.positiveHistogram.reduce((a, b) => a + b, 0) + v.negativeHistogram.reduce((a, b) => a + b, 0)).toBe(v.withheld ? 0 : v.numExamples);
        }
      }
    }
    for (const e of executors) e.dispose();
    run.close();
  }, 240_000);
});
