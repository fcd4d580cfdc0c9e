import { describe, expect, it } from 'vitest';
import { checkFit, type FitExpectation } from '../../../coordinator/acceptance.js';
import { createStrategy } from '../../../coordinator/strategies.js';
import { ConfigError, ValueError } from '../../../shared/domain/errors.js';
import type { TensorSet } from '../../../shared/domain/tensor-set.js';
import { aggregatePrototypes, classMeans, MIN_PROTOTYPE_COUNT, prototypeProblem, prototypeWidth, type ClassPrototype } from '../../../shared/federation/prototypes.js';
import { pb } from '../../../shared/federation/serde-fields.js';
import { fitInsFromBytes, fitInsToBytes, fitResFromBytes, fitResToBytes } from '../../../shared/federation/serde.js';
import type { FitIns, FitRes, SiteInfo } from '../../../shared/federation/types.js';
import { ctx, fitRes } from './helpers.js';

const proto = (label: 0 | 1, mean: number[], count = 9): ClassPrototype => ({ label, count, mean: Float32Array.from(mean) });
/** A model whose output layer takes 3 features. */
const global: TensorSet = [
  { name: 'head_output/kernel', shape: [3, 1], data: new Float32Array(3) },
  { name: 'head_output/bias', shape: [1], data: new Float32Array(1) },
];
const sites: SiteInfo[] = [
  { siteId: 'gz', numTrainExamples: 60, trainCounts: { normal: 0, disease: 60 } },
  { siteId: 'mixed', numTrainExamples: 20, trainCounts: { normal: 10, disease: 10 } },
];

describe('class prototypes: the math', () => {
  it('classMeans averages each class with enough rows and leaves out the rest', () => {
    const labels = [0, 0, 0, 0, 0, 1, 1];
    const features = Float32Array.from(labels.flatMap((y, i) => (y === 0 ? [i, 1] : [100, 100])));
    const out = classMeans(features, labels, 2);
    expect(out).toEqual([{ label: 0, count: 5, mean: Float32Array.from([2, 1]) }]);
    // a class whose features are all zero (every unit dead) has no prototype to share
    expect(classMeans(new Float32Array(labels.length * 2), labels, 2)).toEqual([]);
    expect(MIN_PROTOTYPE_COUNT).toBe(5);
  });

  it('averages the sites’ prototypes one vote per site, each clipped to the median prototype norm, in any order', () => {
    const a = { siteId: 'a', prototypes: [proto(0, [100, 0, 0], 500)] };
    const b = { siteId: 'b', prototypes: [proto(0, [0, 0.01, 0], 5), proto(1, [0, 0, 3])] };
    const out = aggregatePrototypes([a, b]);
    expect(out.map((p) => p.label)).toEqual([0, 1]);
    // norms 100, 0.01, 3: median 3, so site a's 500 images vote [3, 0, 0], no more than b's 5
    expect(Array.from(out[0]?.mean ?? [])).toEqual([1.5, 0.005, 0].map(Math.fround));
    expect(out[0]?.count).toBe(505);
    expect(Array.from(out[1]?.mean ?? [])).toEqual([0, 0, 3]);
    expect(aggregatePrototypes([b, a])).toEqual(out);
    expect(aggregatePrototypes([])).toEqual([]);
  });

  it('bounds a hostile site among honest ones: a huge prototype votes no longer than the median', () => {
    const honest = [
      { siteId: 'a', prototypes: [proto(1, [1, 0, 0])] },
      { siteId: 'b', prototypes: [proto(1, [0.6, 0.8, 0])] },
    ];
    const out = aggregatePrototypes([...honest, { siteId: 'z', prototypes: [proto(1, [0, 0, 1e30])] }]);
    expect(Array.from(out[0]?.mean ?? [])).toEqual([1.6 / 3, 0.8 / 3, 1 / 3].map(Math.fround));
  });

  it('names what is wrong with a site’s prototypes', () => {
    const w = prototypeWidth(global);
    expect(w).toBe(3);
    expect(prototypeProblem([proto(0, [1, 2, 3])], w, 20)).toBeNull();
    expect(prototypeProblem([proto(0, [1, 2, 3]), proto(0, [1, 2, 3])], w, 20)).toMatch(/two prototypes of class 0/);
    expect(prototypeProblem([proto(1, [1, 2, 3], 4)], w, 20)).toMatch(/summarises 4 images \(at least 5 required\)/);
    expect(prototypeProblem([proto(1, [1, 2, 3], 30)], w, 20)).toMatch(/more than the 20 the update trained on/);
    expect(prototypeProblem([proto(1, [1, 2])], w, 20)).toMatch(/has 2 values, the output layer takes 3/);
    expect(prototypeProblem([proto(1, [1, Number.NaN, 3])], w, 20)).toMatch(/not finite/);
    expect(prototypeProblem([proto(1, [0, 0, 0])], w, 20)).toMatch(/all zeros/);
    expect(prototypeProblem([proto(1, [1, 2, 3])], null, 20)).toMatch(/no output layer/);
    expect(prototypeProblem([{ label: 2 as 0, count: 9, mean: Float32Array.from([1, 2, 3]) }], w, 20)).toMatch(/label 2 is not 0 or 1/);
  });
});

describe('class prototypes: the coordinator', () => {
  const exp: FitExpectation = { runId: 'run', round: 1, global, sampled: new Set(['gz', 'mixed']), registeredCounts: new Map([['gz', 60], ['mixed', 20]]), maxUpdateNorm: 1e9 };

  it('rejects an update whose prototypes do not fit the model, naming why', () => {
    const res: FitRes = { ...fitRes('mixed', 20, global), prototypes: [proto(0, [1, 2])] };
    expect(checkFit(res, exp)).toMatch(/prototype of class 0 has 2 values, the output layer takes 3/);
    expect(checkFit({ ...res, prototypes: [proto(0, [1, 2, 3])] }, exp)).toBeNull();
  });

  it('asks for alignment from round 1 and sends the aggregated prototypes from round 2 on', () => {
    const s = createStrategy({ name: 'fedavg', prototypeWeight: 0.5 }, ctx);
    const first = s.configureFit(1, global, sites).get('mixed');
    expect(first?.config.prototypeWeight).toBe(0.5);
    expect(first?.config.prototypes).toBeUndefined();
    s.aggregateFit(1, global, [{ ...fitRes('gz', 60, global), prototypes: [proto(1, [0, 2, 0])] }, { ...fitRes('mixed', 20, global), prototypes: [proto(0, [1, 0, 0]), proto(1, [0, 0, 5])] }], []);
    const next = s.configureFit(2, global, sites).get('gz')?.config.prototypes ?? [];
    // norms 2, 1, 5: median 2 clips mixed's class-1 prototype to [0, 0, 2]
    expect(next.map((p) => [p.label, Array.from(p.mean)])).toEqual([
      [0, [1, 0, 0]],
      [1, [0, 1, 1]],
    ]);
  });

  it('keeps the prototypes in its checkpointed state (a resumed run sends the same ones)', () => {
    const s = createStrategy({ name: 'fedadam', prototypeWeight: 1 }, ctx);
    s.aggregateFit(1, global, [{ ...fitRes('mixed', 20, global), prototypes: [proto(0, [3, 0, 4])] }], []);
    const state = s.getState();
    expect(state.some((t) => t.name === 'm/head_output/kernel')).toBe(true);
    const resumed = createStrategy({ name: 'fedadam', prototypeWeight: 1 }, ctx);
    resumed.setState(state);
    expect(resumed.configureFit(2, global, sites).get('gz')?.config.prototypes).toEqual(s.configureFit(2, global, sites).get('gz')?.config.prototypes);
    expect(resumed.getState()).toEqual(state);
  });

  it('plain runs ask for nothing; robust and DP strategies refuse alignment', () => {
    const plain = createStrategy({ name: 'fedavg' }, ctx).configureFit(1, global, sites).get('gz');
    expect(plain?.config.prototypeWeight).toBeUndefined();
    expect(() => createStrategy({ name: 'median', prototypeWeight: 1 }, ctx)).toThrow(ConfigError);
    expect(() => createStrategy({ name: 'dp-fedavg', prototypeWeight: 1, dp: { clip: 1, noiseMultiplier: 1, delta: 1e-5 } }, ctx)).toThrow(/does not take prototypeWeight/);
  });
});

describe('class prototypes on the wire', () => {
  const ins: FitIns = {
    runId: 'run-1',
    round: 2,
    level: '+B5',
    trunkHash: 'cd'.repeat(32),
    tensors: global,
    config: { localEpochs: 1, batchSize: 8, learningRate: 1e-3, proximalMu: 0, seed: 5, optimizer: 'adam', prototypeWeight: 0.3, prototypes: [proto(0, [0.5, 0.25, 0.125], 40)] },
  };

  it('round-trips the weight and prototypes in FitIns and the site’s prototypes in FitRes', () => {
    expect(fitInsFromBytes(fitInsToBytes(ins, 'float32'))).toEqual(ins);
    const res: FitRes = { ...fitRes('mixed', 20, global), prototypes: [proto(0, [1, 2, 3], 10), proto(1, [4, 5, 6], 10)] };
    expect(fitResFromBytes(fitResToBytes(res, 'float32'))).toEqual(res);
    expect(fitResFromBytes(fitResToBytes(fitRes('mixed', 20, global), 'float32')).prototypes).toBeUndefined();
  });

  it('refuses malformed prototypes on encode and decode, naming the field', () => {
    const twice = { ...ins, config: { ...ins.config, prototypes: [proto(0, [1]), proto(0, [2])] } };
    expect(() => fitInsToBytes(twice, 'float32')).toThrow(/fitIns.config.prototypes: two prototypes of class 0/);
    const negative = { ...ins, config: { ...ins.config, prototypeWeight: -1 } };
    expect(() => fitInsToBytes(negative, 'float32')).toThrow(/fitIns.config.prototypeWeight must be ≥ 0/);
    const raw = pb.FitRes.encode({ runId: 'r', round: 1, siteId: 'gz', numExamples: 9, tensors: { tensors: [] }, metrics: { trainLoss: 0.5 }, prototypes: [{ label: 1, count: 9, mean: [1, Number.POSITIVE_INFINITY] }] }).finish();
    expect(() => fitResFromBytes(raw)).toThrow(ValueError);
    expect(() => fitResFromBytes(raw)).toThrow(/fitRes.prototypes\[0\].mean\[1\] is Infinity/);
    const label = pb.FitRes.encode({ runId: 'r', round: 1, siteId: 'gz', numExamples: 9, tensors: { tensors: [] }, metrics: { trainLoss: 0.5 }, prototypes: [{ label: 7, count: 9, mean: [1] }] }).finish();
    expect(() => fitResFromBytes(label)).toThrow(/fitRes.prototypes\[0\].label must be 0 or 1, got 7/);
    const empty = pb.FitRes.encode({ runId: 'r', round: 1, siteId: 'gz', numExamples: 9, tensors: { tensors: [] }, metrics: { trainLoss: 0.5 }, prototypes: [{ label: 1, count: 9, mean: [] }] }).finish();
    expect(() => fitResFromBytes(empty)).toThrow(/mean has 0 values/);
  });
});
