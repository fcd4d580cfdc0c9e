import { describe, expect, it } from 'vitest';
import { budgetGrid, chooseBudget, configuredBudget, TUNE_SET, tuneAuc, tuneKey } from '../../../experiments/budget.js';
import { siteSet, type CellContext } from '../../../experiments/cells.js';
import { parseExperiment, withSeeds } from '../../../experiments/config.js';
import type { EvalRecord } from '../../../experiments/evaluate-model.js';
import { repeatedRotation, rotation } from '../../../experiments/folds.js';
import type { ExpSite } from '../../../experiments/sites.js';
import type { Sample } from '../../../shared/data/sample.js';

const cfg = parseExperiment({ name: 't', kind: 'paper', tune: { levels: ['FC', '+B5'], learningRates: [1e-3, 3e-3] } });
/** A tuning record whose AUC is `auc` (perfect separation mixed with exact inversion). */
const record = (auc: 0 | 0.5 | 1): EvalRecord[] => {
  const scores = auc === 1 ? [0.1, 0.9] : auc === 0 ? [0.9, 0.1] : [0.5, 0.5];
  return [{ model: 'm', evalOn: TUNE_SET, labels: [0, 1], scores, threshold: 0.5 }];
};

describe('chooseBudget', () => {
  it('picks the grid entry with the best tuning AUC, per arm, earlier entry on ties', () => {
    const grid = budgetGrid(cfg);
    expect(grid.map((b) => `${b.level}@${b.learningRate}`)).toEqual(['FC@0.001', 'FC@0.003', '+B5@0.001', '+B5@0.003']);
    const scored = new Map([
      [tuneKey('central', 'random', grid[0]!), record(0.5)],
      [tuneKey('central', 'random', grid[2]!), record(1)],
      [tuneKey('central', 'random', grid[3]!), record(1)],
      [tuneKey('federated', 'random', grid[1]!), record(1)],
      [tuneKey('federated', 'random', grid[2]!), record(0)],
    ]);
    expect(chooseBudget(cfg, scored, 'central', 'random')).toEqual(grid[2]);
    expect(chooseBudget(cfg, scored, 'federated', 'random')).toEqual(grid[1]);
  });
  it('falls back to the configured budget when tuning is off or nothing has finished', () => {
    expect(chooseBudget(cfg, new Map(), 'central', 'random')).toEqual(configuredBudget(cfg));
    const off = parseExperiment({ name: 't', kind: 'paper', tune: { enabled: false } });
    expect(chooseBudget(off, new Map([[tuneKey('central', 'random', budgetGrid(off)[0]!), record(1)]]), 'central', 'random')).toEqual({ level: off.federated.level, learningRate: off.train.learningRate });
  });
});

describe('rotation', () => {
  const items = Array.from({ length: 24 }, (_, p) => [0, 1].map((j) => ({ patient: `p${p}`, y: (p % 2) as 0 | 1, j }))).flat();
  it('tests every patient exactly once over k rotations, never in two splits of one rotation', () => {
    const tested = new Map<string, number>();
    for (let i = 0; i < 3; i++) {
      const r = rotation(items, 3, i, 0.25, 5);
      expect(r.train.length + r.val.length + r.test.length).toBe(items.length);
      const where = new Map<string, string>();
      for (const [name, split] of Object.entries(r)) {
        for (const x of split) {
          expect(where.get(x.patient) ?? name).toBe(name);
          where.set(x.patient, name);
        }
      }
      for (const split of [r.train, r.val, r.test]) expect(new Set(split.map((x) => x.y))).toEqual(new Set([0, 1]));
      for (const x of r.test) tested.set(x.patient, (tested.get(x.patient) ?? 0) + 1);
    }
    expect([...tested.values()].every((n) => n === 2)).toBe(true); // two images per patient, tested once
    expect(tested.size).toBe(24);
  });
  it('rejects a validation share outside (0, 1)', () => expect(() => rotation(items, 3, 0, 1, 5)).toThrow(/validation share/));
});

describe('repeatedRotation', () => {
  const items = Array.from({ length: 24 }, (_, p) => ({ patient: `p${p}`, y: (p % 2) as 0 | 1 }));
  const ids = (xs: readonly { patient: string }[]) => xs.map((x) => x.patient).sort();
  it('keeps the first k runs as they were, so adding seeds never changes finished cells', () => {
    for (let i = 0; i < 3; i++) expect(repeatedRotation(items, 3, i, 0.25, 5)).toEqual(rotation(items, 3, i, 0.25, 5));
  });
  it('tests every patient once per repeat, each repeat on a fresh partition', () => {
    const tested = new Map<string, number>();
    for (let i = 0; i < 6; i++) for (const x of repeatedRotation(items, 3, i, 0.25, 5).test) tested.set(x.patient, (tested.get(x.patient) ?? 0) + 1);
    expect(tested.size).toBe(24);
    expect([...tested.values()].every((n) => n === 2)).toBe(true);
    const first = [0, 1, 2].map((i) => ids(repeatedRotation(items, 3, i, 0.25, 5).test).join());
    const second = [3, 4, 5].map((i) => ids(repeatedRotation(items, 3, i, 0.25, 5).test).join());
    expect(second.filter((f) => first.includes(f))).toEqual([]);
  });
  it('rejects a negative or fractional run index', () => {
    expect(() => repeatedRotation(items, 3, -1, 0.25, 5)).toThrow(/run index must be an integer ≥ 0, got -1/);
    expect(() => repeatedRotation(items, 3, 1.5, 0.25, 5)).toThrow(/got 1.5/);
  });
});

describe('tuning never picks a collapsed model', () => {
  it('skips a candidate whose scores are all equal, even when every other one ranks below 0.5', () => {
    const grid = budgetGrid(cfg);
    const inverted: EvalRecord[] = [{ model: 'm', evalOn: TUNE_SET, labels: [0, 1, 0, 1], scores: [0.6, 0.4, 0.5, 0.45], threshold: 0.5 }];
    const constant: EvalRecord[] = [{ model: 'm', evalOn: TUNE_SET, labels: [0, 1, 0, 1], scores: [0.5, 0.5, 0.5, 0.5], threshold: 0.5 }];
    const scored = new Map([
      [tuneKey('central', 'random', grid[2]!), inverted],
      [tuneKey('central', 'random', grid[3]!), constant],
    ]);
    expect(tuneAuc(constant)).toBeNull();
    // practically constant (a collapsed model's residue ranks perfectly here) is no better
    expect(tuneAuc([{ ...constant[0]!, scores: [0.5, 0.50001, 0.5, 0.50001] }])).toBeNull();
    expect(chooseBudget(cfg, scored, 'central', 'random')).toEqual(grid[2]);
  });
});

describe('siteSet under --seeds', () => {
  const samples = (n: number): Sample[] => Array.from({ length: n }, (_, p) => ({ x: new Float32Array(0), y: (p % 2) as 0 | 1, patient: `p${p}` }));
  const site: ExpSite = { id: 'mixed', role: 'mixed', institution: 'guangzhou', data: { train: samples(30), val: samples(0), test: samples(0), inputSize: 4 } };
  const ctxWith = (seeds: number) => {
    const cfg = withSeeds(parseExperiment({ name: 't', kind: 'paper' }), seeds);
    return { cfg, store: null as never, external: null, sites: { synthetic: true, bySize: new Map([['study', [site]]]), pretrain: new Map(), tune: [], holdout: [], carveCounts: {} } } as CellContext;
  };
  const testOf = (ctx: CellContext, seed: number) => siteSet(ctx, 'study', seed)[0]!.data.test.map((x) => x.patient).sort().join();
  it('gives seeds 1–3 the splits they had with three seeds, and seeds 4–6 a fresh partition', () => {
    const three = ctxWith(3);
    const six = ctxWith(6);
    for (const seed of [1, 2, 3]) expect(siteSet(six, 'study', seed)).toEqual(siteSet(three, 'study', seed));
    const first = [1, 2, 3].map((s) => testOf(six, s));
    const second = [4, 5, 6].map((s) => testOf(six, s));
    expect(second.filter((t) => first.includes(t))).toEqual([]);
    expect(new Set([...second.join().split(',')]).size).toBe(30); // the second partition tests every patient
  });
});
