import { describe, expect, it } from 'vitest';
import { parseExperiment, PRESETS, quickConfig, resolveExperiment, withRunSeed, withSeeds } from '../../../experiments/config.js';
import { planCells } from '../../../experiments/plan.js';
import { ConfigError } from '../../../shared/domain/errors.js';

describe('experiment config', () => {
  it('parses both presets with every section defaulted', () => {
    const real = parseExperiment(PRESETS.real);
    expect(real.kind).toBe('real');
    expect(real.sizes.mixed).toEqual({ normal: 23, disease: 28 });
    expect(real.federated.seeds.length).toBeGreaterThanOrEqual(3);
    expect(real.federated.inits).toEqual(['related', 'random']);
    expect(parseExperiment(PRESETS.paper).kind).toBe('paper');
  });
  it('the fresh-carve replication config is the real preset with only its run seed changed, and the one init per run it ran with', async () => {
    const fresh = await resolveExperiment({ config: 'experiments/configs/real-seed13.yaml' });
    const real = parseExperiment(PRESETS.real);
    expect(fresh.train.seed).not.toBe(real.train.seed);
    expect(real.federated.initPerSeed).toBe(true);
    expect(fresh.federated.initPerSeed).toBe(false);
    const asRun = { ...real, federated: { ...real.federated, initPerSeed: false } };
    expect({ ...fresh, name: real.name, train: { ...fresh.train, seed: real.train.seed } }).toEqual(asRun);
    const bySeed = await resolveExperiment({ preset: 'real', runSeed: 13 });
    expect({ ...bySeed, federated: { ...bySeed.federated, initPerSeed: false } }).toEqual(fresh);
  });
  it('the one-init control of run seed 19 is --run-seed 19 with every seed starting from the run\'s one init', async () => {
    const control = await resolveExperiment({ config: 'experiments/configs/real-seed19-one-init.yaml' });
    const bySeed = await resolveExperiment({ preset: 'real', runSeed: 19 });
    expect(control.federated.initPerSeed).toBe(false);
    expect({ ...control, name: bySeed.name, federated: { ...control.federated, initPerSeed: true } }).toEqual(bySeed);
  });
  it('--run-seed n changes the run seed and the name only, and names a bad value', async () => {
    const real = parseExperiment(PRESETS.real);
    const c = withRunSeed(real, 14);
    expect(c.name).toBe('real-seed14');
    expect({ ...c, name: real.name, train: { ...c.train, seed: real.train.seed } }).toEqual(real);
    expect(withRunSeed(real, undefined)).toBe(real);
    await expect(resolveExperiment({ preset: 'real', runSeed: 1.5 })).rejects.toThrow('--run-seed must be a whole number ≥ 0, got 1.5');
  });
  it('names the bad field', () => {
    expect(() => parseExperiment({ name: 'x', kind: 'real', sweep: { folds: 1 } })).toThrow(/sweep\.folds/);
  });
  it('wants exactly one of --preset and --config', async () => {
    await expect(resolveExperiment({})).rejects.toBeInstanceOf(ConfigError);
    await expect(resolveExperiment({ preset: 'nope' })).rejects.toThrow(/unknown preset nope/);
  });
  it('--seeds n runs the comparison over seeds 1…n and names a bad count', async () => {
    expect((await resolveExperiment({ preset: 'real', seeds: 6 })).federated.seeds).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await resolveExperiment({ preset: 'real' })).federated.seeds).toEqual([1, 2, 3]);
    expect((await resolveExperiment({ preset: 'paper', quick: true, seeds: 2 })).federated.seeds).toEqual([1, 2]);
    const c = parseExperiment(PRESETS['real']);
    expect(withSeeds(c, undefined)).toBe(c);
    expect(() => withSeeds(c, 0)).toThrow(/--seeds must be a whole number ≥ 1, got 0/);
    expect(() => withSeeds(c, Number('x'))).toThrow(/got NaN/);
  });
  it('--quick keeps 1 seed, 2 folds, 2 levels', () => {
    const q = quickConfig(parseExperiment(PRESETS.real));
    expect([q.federated.seeds.length, q.sweep.folds, q.sweep.levels.length]).toEqual([1, 2, 2]);
  });
  it('plans the pretrained init before the cells that use it, the federated comparison before the sweep, and unique keys', () => {
    const plan = planCells(parseExperiment(PRESETS.real));
    const idx = (p: string) => plan.findIndex((c) => c.key.startsWith(p));
    expect(idx('pretrain/related')).toBeLessThan(idx('federated/related'));
    expect(idx('federated/')).toBeLessThan(idx('sweep/'));
    expect(idx('pretrain/pneumonia')).toBeLessThan(idx('sweep/pneumonia'));
    expect(new Set(plan.map((c) => c.key)).size).toBe(plan.length);
    expect(plan.every((c) => c.estimateSeconds > 0)).toBe(true);
  });
});
