import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseExperiment, PRESETS, type ExperimentConfig } from '../../../experiments/config.js';
import { loadInit, type CellContext } from '../../../experiments/cells.js';
import { initSeed, initStoreName, pretrainKey } from '../../../experiments/init-seeds.js';
import { planCells } from '../../../experiments/plan.js';
import { CellStore } from '../../../experiments/store.js';
import { randomInitialModel } from '../../../coordinator/initial-model.js';
import type { TensorSet } from '../../../shared/domain/tensor-set.js';

const real = parseExperiment(PRESETS.real);
const oneInit = { ...real, federated: { ...real.federated, initPerSeed: false } };
const small = (perSeed: boolean): ExperimentConfig => parseExperiment({ name: 'x', kind: 'real', inputSize: 32, federated: { initPerSeed: perSeed } });
const bytes = (d: Float32Array) => Buffer.from(d.buffer, d.byteOffset, d.byteLength);
const sameTensors = (a: TensorSet, b: TensorSet) => a.length === b.length && a.every((t, i) => bytes(t.data).equals(bytes((b[i] as TensorSet[number]).data)));

describe('one init per comparison seed', () => {
  it('draws a seed of its own for each comparison seed, and the run seed without one or when switched off', () => {
    const seeds = real.federated.seeds.map((s) => initSeed(real, s));
    expect(new Set([...seeds, real.train.seed]).size).toBe(seeds.length + 1);
    expect(initSeed(real, undefined)).toBe(real.train.seed);
    expect(initSeed(oneInit, 2)).toBe(real.train.seed);
    expect(initSeed({ ...real, train: { ...real.train, seed: 12 } }, 2)).not.toBe(initSeed(real, 2));
    expect([initStoreName(real, 'related', 2), initStoreName(real, 'related'), initStoreName(oneInit, 'related', 2)]).toEqual(['related-s2', 'related', 'related']);
    expect([pretrainKey(real, 'related', 2), pretrainKey(oneInit, 'related', 2)]).toEqual(['pretrain/related/s2', 'pretrain/related']);
  });

  it('plans each seed\'s pretraining before that init\'s federated cells, beside the run\'s own for tuning, sweep and cross', () => {
    const plan = planCells(real);
    const idx = (key: string) => plan.findIndex((c) => c.key === key);
    const first = (prefix: string) => plan.findIndex((c) => c.key.startsWith(prefix));
    const firstUse = Math.min(first('central/related/'), first('federated/related/'));
    expect(firstUse).toBeGreaterThan(-1);
    for (const s of real.federated.seeds) {
      expect(idx(`pretrain/related/s${s}`)).toBeGreaterThan(-1);
      expect(idx(`pretrain/related/s${s}`)).toBeLessThan(firstUse);
      expect(plan[idx(`pretrain/related/s${s}`)]?.meta).toEqual({ section: 'pretrain', init: 'related', seed: s });
    }
    expect(idx('pretrain/related')).toBeLessThan(first('tune/'));
    // Random is drawn, not pretrained; pneumonia only starts the sweep, from the run's one init.
    expect(plan.filter((c) => c.key.startsWith('pretrain/')).map((c) => c.key).sort()).toEqual(['pretrain/pneumonia', 'pretrain/related', 'pretrain/related/s1', 'pretrain/related/s2', 'pretrain/related/s3']);
    const before = planCells(oneInit);
    expect(plan.length - before.length).toBe(real.federated.seeds.length);
    expect(before.some((c) => /^pretrain\/related\/s/.test(c.key))).toBe(false);
  });

  describe('loadInit', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'fedcxr-init-seeds-'));
    });
    afterEach(() => rm(dir, { recursive: true, force: true }));
    const ctx = (cfg: ExperimentConfig): CellContext => ({ cfg, store: new CellStore(dir), external: null, sites: { synthetic: false, bySize: new Map(), pretrain: new Map(), tune: [], holdout: [], carveCounts: {} } });

    it('gives each seed its own random draw, and every seed the run\'s when switched off', async () => {
      const on = ctx(small(true));
      const [run, s1, s2, again] = await Promise.all([loadInit(on, 'random'), loadInit(on, 'random', 1), loadInit(on, 'random', 2), loadInit(on, 'random', 1)]);
      expect(sameTensors(s1.tensors, again.tensors)).toBe(true);
      expect(sameTensors(s1.tensors, s2.tensors)).toBe(false);
      expect(sameTensors(run.tensors, s1.tensors)).toBe(false);
      const off = ctx(small(false));
      expect(sameTensors((await loadInit(off, 'random', 2)).tensors, run.tensors)).toBe(true);
    });

    it('loads a seed\'s own pretrained init and names the cell that has not made it yet', async () => {
      const c = ctx(small(true));
      const own = randomInitialModel(32, [256], 3).tensors;
      await c.store.putTensors('related-s2', own);
      expect(sameTensors((await loadInit(c, 'related', 2)).tensors, own)).toBe(true);
      await expect(loadInit(c, 'related', 1)).rejects.toThrow('init related-s1 has not been pretrained yet (cell pretrain/related/s1)');
      await expect(loadInit(c, 'related')).rejects.toThrow('init related has not been pretrained yet (cell pretrain/related)');
    });
  });
});
