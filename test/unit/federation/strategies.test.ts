import { describe, expect, it } from 'vitest';
import { FedAvg } from '../../../shared/federation/fedavg.js';
import { FedProx } from '../../../shared/federation/fedprox.js';
import { FedAdam, fedAdamStep } from '../../../shared/federation/fedadam.js';
import { FedMedian, FedTrimmedMean } from '../../../shared/federation/robust.js';
import { sumEvaluations } from '../../../shared/federation/federated-metrics.js';
import { aucFromHistograms, scoreHistogram } from '../../../shared/train/histogram.js';
import { sampleSites } from '../../../shared/federation/sampling.js';
import type { EvaluateRes } from '../../../shared/federation/types.js';
import { ConfigError, ValueError } from '../../../shared/domain/errors.js';
import { ctx, fitRes, flat, set6 } from './helpers.js';

const sites = ['s3', 's1', 's2', 's4'].map((siteId, i) => ({ siteId, numTrainExamples: 10 + i }));

describe('BaseStrategy.configureFit', () => {
  it('samples max(⌊fraction·n⌋, minFitSites) sites reproducibly and sends the run context', () => {
    const s = new FedAvg({ ...ctx, fraction: 0.5, minFitSites: 1 });
    const g = set6([1, 2, 3, 4, 5, 6]);
    const a = s.configureFit(3, g, sites);
    const b = s.configureFit(3, g, [...sites].reverse());
    expect([...a.keys()]).toEqual([...b.keys()]);
    expect(a.size).toBe(2);
    const ins = [...a.values()][0]!;
    expect(ins).toMatchObject({ runId: 'run', round: 3, level: '+B5', trunkHash: 'abc' });
    expect(ins.config.proximalMu).toBe(0);
  });

  it('never samples fewer than minFitSites (capped at the number available)', () => {
    expect(sampleSites(sites, { fraction: 0.1, minFitSites: 3, seed: 1, round: 1 })).toHaveLength(3);
    expect(sampleSites(sites.slice(0, 2), { fraction: 0.1, minFitSites: 3, seed: 1, round: 1 })).toHaveLength(2);
  });
});

describe('FedAvg / FedProx', () => {
  it('FedAvg aggregates the weighted mean and ignores failures', () => {
    const s = new FedAvg(ctx);
    const out = s.aggregateFit(1, set6([0, 0, 0, 0, 0, 0]), [fitRes('b', 3, set6([4, 4, 4, 4, 4, 4])), fitRes('a', 1, set6([0, 0, 0, 0, 0, 8]))], [
      { siteId: 'c', reason: 'timeout' },
    ]);
    expect(flat(out)).toEqual([3, 3, 3, 3, 3, 5]);
  });

  it('FedProx sends μ in every FitConfig and refuses μ ≤ 0', () => {
    const s = new FedProx(ctx, 0.1);
    const ins = [...s.configureFit(1, set6([0, 0, 0, 0, 0, 0]), sites).values()];
    expect(ins.every((i) => i.config.proximalMu === 0.1)).toBe(true);
    expect(() => new FedProx(ctx, 0)).toThrow(ConfigError);
  });
});

describe('FedAdam', () => {
  it('applies one Adam step to the pseudo-gradient (hand-computed)', () => {
    // Δ = 1 everywhere: m = 0.1, v = 0.01 → x = 0 + 0.1·0.1/(0.1 + τ) ≈ 0.1
    const o = { eta: 0.1, beta1: 0.9, beta2: 0.99, tau: 1e-9 };
    const { next, m, v } = fedAdamStep(set6([0, 0, 0, 0, 0, 0]), set6([1, 1, 1, 1, 1, -1]), null, null, o);
    expect(flat(m)[0]).toBeCloseTo(0.1, 6);
    expect(flat(v)[0]).toBeCloseTo(0.01, 6);
    expect(flat(next)[0]).toBeCloseTo(0.1, 6);
    expect(flat(next)[5]).toBeCloseTo(-0.1, 6);
  });

  it('keeps moments in getState so a restored strategy continues identically', () => {
    const g = set6([0, 0, 0, 0, 0, 0]);
    const a = new FedAdam(ctx);
    const g1 = a.aggregateFit(1, g, [fitRes('a', 1, set6([1, 2, 3, 4, 5, 6]))], []);
    const b = new FedAdam(ctx);
    b.setState(a.getState());
    const r2 = [fitRes('a', 1, set6([2, 2, 2, 2, 2, 2]), 2)];
    expect(flat(b.aggregateFit(2, g1, r2, []))).toEqual(flat(a.aggregateFit(2, g1, r2, [])));
    expect(() => new FedAdam(ctx, { beta1: 1 })).toThrow(ConfigError);
  });
});

describe('robust strategies', () => {
  it('median resists one outlier site', () => {
    const s = new FedMedian(ctx);
    const res = [fitRes('a', 1, set6([1, 1, 1, 1, 1, 1])), fitRes('b', 1, set6([2, 2, 2, 2, 2, 2])), fitRes('c', 99, set6([1e6, 1e6, 1e6, 1e6, 1e6, 1e6]))];
    expect(flat(s.aggregateFit(1, set6([0, 0, 0, 0, 0, 0]), res, []))).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('refuses to hold more than its memory bound', () => {
    const s = new FedTrimmedMean(ctx, 0.2, 48);
    const res = [1, 2, 3].map((v) => fitRes(`s${v}`, 1, set6([v, v, v, v, v, v])));
    // 3 sites × 6 floats × 4 bytes = 72 > 48
    expect(() => s.aggregateFit(1, set6([0, 0, 0, 0, 0, 0]), res, [])).toThrow(ValueError);
    expect(() => s.aggregateFit(1, set6([0, 0, 0, 0, 0, 0]), res.slice(0, 2), [])).not.toThrow();
  });
});

describe('federated evaluation', () => {
  const ev = (siteId: string, c: { tp: number; fp: number; tn: number; fn: number }, pos: number[], neg: number[], withheld = false): EvaluateRes => ({
    runId: 'run',
    round: 1,
    siteId,
    numExamples: c.tp + c.fp + c.tn + c.fn,
    loss: 0.5,
    confusion: c,
    positiveHistogram: pos,
    negativeHistogram: neg,
    withheld,
  });

  it('computes AUC from histograms (perfect, reversed, ties)', () => {
    expect(aucFromHistograms([0, 0, 3], [2, 0, 0]).value).toBe(1);
    expect(aucFromHistograms([3, 0], [0, 2]).value).toBe(0);
    expect(aucFromHistograms([1, 1], [1, 1]).value).toBe(0.5);
    expect(aucFromHistograms([0, 2], [0, 0]).value).toBeNull();
  });

  it('bins scores into equal bins over [0,1]', () => {
    expect(scoreHistogram([0, 0.24, 0.25, 0.99, 1], [0, 0, 0, 0, 0], 4).negative).toEqual([2, 1, 0, 2]);
  });

  it('sums one-class sites into defined global metrics and skips withheld sites', () => {
    // KM-like site: only disease; NIHCC-like: only normal; a withheld tiny site.
    const km = ev('km', { tp: 8, fp: 0, tn: 0, fn: 2 }, [0, 2, 8], [0, 0, 0]);
    const nih = ev('nih', { tp: 0, fp: 1, tn: 9, fn: 0 }, [0, 0, 0], [9, 0, 1]);
    const tiny = ev('tiny', { tp: 0, fp: 0, tn: 0, fn: 0 }, [0, 0, 0], [0, 0, 0], true);
    const g = sumEvaluations(1, [km, nih, tiny]);
    expect(g.confusion).toEqual({ tp: 8, fp: 1, tn: 9, fn: 2 });
    expect(g.sensitivity).toBeCloseTo(0.8);
    expect(g.specificity).toBeCloseTo(0.9);
    expect(g.accuracy).toBeCloseTo(17 / 20);
    // pos bins [0,2,8], neg [9,0,1]: wins = 2·(9) + 8·(9 + 0.5·1) = 18 + 76 = 94 → 94/100
    expect(g.auc).toBeCloseTo(0.94);
    expect(g.withheldSites).toEqual(['tiny']);
    const one = sumEvaluations(1, [km]);
    expect(one.specificity).toBeNull();
    expect(one.auc).toBeNull();
    expect(one.reason).toMatch(/only one class/);
  });
});
