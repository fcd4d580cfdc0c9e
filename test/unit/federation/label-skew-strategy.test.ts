import { describe, expect, it } from 'vitest';
import { createStrategy } from '../../../coordinator/strategies.js';
import { ConfigError, ValueError } from '../../../shared/domain/errors.js';
import type { TensorSet } from '../../../shared/domain/tensor-set.js';
import { headTensorNames, keepLocal, overlayLocal, pickLocal } from '../../../shared/federation/personal.js';
import type { SiteInfo } from '../../../shared/federation/types.js';
import { ctx, fitRes, flat } from './helpers.js';

/** A +B5-like set: one block5 tensor and one head tensor, each two values. */
function model(b5: [number, number], head: [number, number]): TensorSet {
  return [
    { name: 'block5_conv3/kernel', shape: [2], data: Float32Array.from(b5) },
    { name: 'head_output/kernel', shape: [2], data: Float32Array.from(head) },
  ];
}

const sites: SiteInfo[] = [
  { siteId: 'gz', numTrainExamples: 300, trainCounts: { normal: 0, disease: 300 } },
  { siteId: 'nihcc', numTrainExamples: 100, trainCounts: { normal: 100, disease: 0 } },
];

describe('personal (FedPer) tensor helpers', () => {
  it('headTensorNames picks the layers outside the VGG blocks', () => {
    expect(headTensorNames(model([0, 0], [0, 0]))).toEqual(['head_output/kernel']);
  });

  it('keepLocal puts the local tensors back to the previous global; the rest stays aggregated', () => {
    const out = keepLocal(model([5, 6], [7, 8]), model([0, 0], [1, 2]), ['head_output/kernel']);
    expect(flat(out)).toEqual([5, 6, 1, 2]);
    expect(() => keepLocal(model([5, 6], [7, 8]), model([0, 0], [1, 2]), ['nope/kernel'])).toThrow(ValueError);
  });

  it("overlayLocal replaces received tensors by the site's own copies (shape-checked)", () => {
    const own = pickLocal(model([9, 9], [3, 4]), ['head_output/kernel']);
    expect(flat(overlayLocal(model([1, 1], [0, 0]), own, ['head_output/kernel']))).toEqual([1, 1, 3, 4]);
    // no copy yet (first round): the received head is the start
    expect(flat(overlayLocal(model([1, 1], [0, 0]), new Map(), ['head_output/kernel']))).toEqual([1, 1, 0, 0]);
    const bad = new Map([['head_output/kernel', { name: 'head_output/kernel', shape: [3], data: new Float32Array(3) }]]);
    expect(() => overlayLocal(model([1, 1], [0, 0]), bad, ['head_output/kernel'])).toThrow(/local copy of head_output\/kernel/);
  });
});

describe('strategies with label-skew options', () => {
  it('plain fedavg sends no class weights or local tensors and weights by counts', () => {
    const s = createStrategy({ name: 'fedavg' }, ctx);
    const ins = s.configureFit(1, model([0, 0], [0, 0]), sites).get('gz');
    expect(ins?.config.classWeights).toBeUndefined();
    expect(ins?.config.localTensors).toBeUndefined();
    const out = s.aggregateFit(1, model([0, 0], [0, 0]), [fitRes('gz', 300, model([4, 4], [4, 4])), fitRes('nihcc', 100, model([0, 0], [0, 0]))], []);
    expect(flat(out)).toEqual([3, 3, 3, 3]);
  });

  it('classPrior sends every site the global prior N/(2·N_c) from registered counts', () => {
    const s = createStrategy({ name: 'fedprox', mu: 0.1, classPrior: true }, ctx);
    const plan = s.configureFit(1, model([0, 0], [0, 0]), sites);
    for (const ins of plan.values()) {
      expect(ins.config.classWeights?.[0]).toBeCloseTo(400 / 200, 12);
      expect(ins.config.classWeights?.[1]).toBeCloseTo(400 / 600, 12);
      expect(ins.config.proximalMu).toBe(0.1);
    }
  });

  it('logitAdjust asks every site for the logit-adjusted loss, and only when set', () => {
    for (const ins of createStrategy({ name: 'fedavg', logitAdjust: true }, ctx).configureFit(1, model([0, 0], [0, 0]), sites).values()) expect(ins.config.logitAdjust).toBe(true);
    for (const ins of createStrategy({ name: 'fedavg' }, ctx).configureFit(1, model([0, 0], [0, 0]), sites).values()) expect(ins.config.logitAdjust).toBeUndefined();
  });

  it("siteWeighting 'class-balanced' averages a disease-only and a normal-only site 1:1 whatever their sizes", () => {
    const s = createStrategy({ name: 'fedavg', siteWeighting: 'class-balanced' }, ctx);
    s.configureFit(1, model([0, 0], [0, 0]), sites);
    const out = s.aggregateFit(1, model([0, 0], [0, 0]), [fitRes('gz', 300, model([4, 4], [4, 4])), fitRes('nihcc', 100, model([0, 0], [0, 0]))], []);
    expect(flat(out)).toEqual([2, 2, 2, 2]);
  });

  it('localHead aggregates only the non-head tensors and tells sites which tensors stay local, in fit and evaluate', () => {
    const s = createStrategy({ name: 'fedavg', siteWeighting: 'uniform', localHead: true }, ctx);
    const g = model([0, 0], [1, 1]);
    expect(s.configureFit(1, g, sites).get('nihcc')?.config.localTensors).toEqual(['head_output/kernel']);
    expect(s.configureEvaluate(1, g, sites).get('nihcc')?.localTensors).toEqual(['head_output/kernel']);
    const out = s.aggregateFit(1, g, [fitRes('gz', 300, model([4, 4], [9, 9])), fitRes('nihcc', 100, model([2, 2], [5, 5]))], []);
    // block5: uniform mean (4 + 2)/2; head: untouched global
    expect(flat(out)).toEqual([3, 3, 1, 1]);
  });

  it('fedadam with localHead leaves the head at the previous global', () => {
    const s = createStrategy({ name: 'fedadam', localHead: true }, ctx);
    const g = model([0, 0], [1, 1]);
    s.configureFit(1, g, sites);
    const out = s.aggregateFit(1, g, [fitRes('gz', 3, model([4, 4], [9, 9]))], []);
    expect(flat(out).slice(2)).toEqual([1, 1]);
    expect(flat(out)[0]).toBeGreaterThan(0);
  });

  it('localHead at FC is refused: nothing would be federated', () => {
    expect(() => createStrategy({ name: 'fedavg', localHead: true }, { ...ctx, level: 'FC' })).toThrow(/localHead at level FC/);
  });

  it('robust strategies refuse site weighting and local heads', () => {
    expect(() => createStrategy({ name: 'median', siteWeighting: 'uniform' }, ctx)).toThrow(ConfigError);
    expect(() => createStrategy({ name: 'trimmed-mean', localHead: true }, ctx)).toThrow(/not a weighted mean/);
  });
});
