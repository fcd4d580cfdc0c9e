import { describe, expect, it } from 'vitest';
import { ConfigError, ValueError } from '../../../shared/domain/errors.js';
import { cappedShares, globalClassWeights, siteWeights } from '../../../shared/federation/site-weights.js';

const skewed = [
  { siteId: 'gz', numExamples: 300, counts: { normal: 0, disease: 300 } },
  { siteId: 'mixed', numExamples: 50, counts: { normal: 25, disease: 25 } },
  { siteId: 'nihcc', numExamples: 150, counts: { normal: 150, disease: 0 } },
];

const asObject = (m: Map<string, number>): Record<string, number> => Object.fromEntries(m);

describe('siteWeights', () => {
  it("'examples' is FedAvg's nᵢ/Σn; 'uniform' is 1/K; 'sqrt' is √nᵢ/Σ√n", () => {
    const ex = asObject(siteWeights(skewed, 'examples'));
    expect(ex.gz).toBeCloseTo(0.6, 12);
    expect(ex.mixed).toBeCloseTo(0.1, 12);
    expect(ex.nihcc).toBeCloseTo(0.3, 12);
    const un = asObject(siteWeights(skewed, 'uniform'));
    expect(Object.values(un)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    const sq = asObject(siteWeights([{ siteId: 'a', numExamples: 900 }, { siteId: 'b', numExamples: 100 }], 'sqrt'));
    expect(sq.a).toBeCloseTo(0.75, 12);
    expect(sq.b).toBeCloseTo(0.25, 12);
  });

  it("'class-balanced' gives each class half the mass: Σ_c nᵢc/(2·N_c)", () => {
    // N_normal = 175, N_disease = 325
    const w = asObject(siteWeights(skewed, 'class-balanced'));
    expect(w.gz).toBeCloseTo(300 / 650, 12);
    expect(w.mixed).toBeCloseTo(25 / 350 + 25 / 650, 12);
    expect(w.nihcc).toBeCloseTo(150 / 350, 12);
    // the disease-only site no longer outweighs the normal-only one 2:1
    expect((w.gz as number) / (w.nihcc as number)).toBeCloseTo((300 / 650) / (150 / 350), 12);
    expect(Object.values(w).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it("'class-balanced' needs every site's registered counts", () => {
    expect(() => siteWeights([{ siteId: 'a', numExamples: 3 }], 'class-balanced')).toThrow(/site a: class-balanced weighting needs/);
  });

  it('rejects non-positive example counts, naming the site', () => {
    expect(() => siteWeights([{ siteId: 'x', numExamples: 0 }], 'uniform')).toThrow(ValueError);
    expect(() => siteWeights([], 'uniform')).toThrow(/no sites/);
  });

  it("'capped' caps the largest share and keeps the others' proportions", () => {
    const w = asObject(siteWeights(skewed, 'capped', { maxShare: 0.5 }));
    expect(w.gz).toBeCloseTo(0.5, 12);
    // the 0.5 left is split 50:150 between mixed and nihcc
    expect(w.mixed).toBeCloseTo(0.125, 12);
    expect(w.nihcc).toBeCloseTo(0.375, 12);
  });
});

describe('cappedShares', () => {
  it('water-fills: capping one site can push another over the cap', () => {
    // raw 10:8:2, cap 0.4: 0.5 → 0.4; the 0.6 left splits 8:2 = 0.48, 0.12 → 0.48 > 0.4 → 0.4, rest 0.2
    const s = cappedShares([10, 8, 2], 0.4);
    expect(s[0]).toBeCloseTo(0.4, 12);
    expect(s[1]).toBeCloseTo(0.4, 12);
    expect(s[2]).toBeCloseTo(0.2, 12);
  });

  it('leaves shares alone when none exceeds the cap', () => {
    expect(cappedShares([1, 1, 2], 0.5)).toEqual([0.25, 0.25, 0.5]);
  });

  it('refuses an infeasible cap (K·cap < 1) and caps outside (0, 1]', () => {
    expect(() => cappedShares([1, 1, 1], 0.3)).toThrow(ConfigError);
    expect(() => cappedShares([1, 1], 0)).toThrow(/maxShare must be in/);
  });
});

describe('globalClassWeights', () => {
  it('is sklearn balanced over the pooled counts of all sites', () => {
    const w = globalClassWeights(skewed.map((s) => s.counts));
    expect(w[0]).toBeCloseTo(500 / 350, 12);
    expect(w[1]).toBeCloseTo(500 / 650, 12);
    // pooled, each class then carries the same total weight
    expect(w[0] * 175).toBeCloseTo(w[1] * 325, 9);
  });

  it('falls back to {1, 1} when a class is absent everywhere', () => {
    expect(globalClassWeights([{ normal: 4, disease: 0 }])).toEqual({ 0: 1, 1: 1 });
  });
});
