import { describe, expect, it } from 'vitest';
import { ConfigError, ValueError } from '../../../shared/domain/errors.js';
import type { TensorSet } from '../../../shared/domain/tensor-set.js';
import { serverControl, siteControl, stepCorrection } from '../../../shared/federation/scaffold.js';
import { CONTROL_STATE_PREFIX, Scaffold } from '../../../shared/federation/scaffold-strategy.js';
import { fitInsFromBytes, fitInsToBytes, fitResFromBytes, fitResToBytes } from '../../../shared/federation/serde.js';
import type { FitIns, FitRes, RunContext } from '../../../shared/federation/types.js';
import { createStrategy } from '../../../coordinator/strategies.js';

const set = (...values: number[][]): TensorSet => values.map((v, i) => ({ name: `t${i}`, shape: [v.length], data: Float32Array.from(v) }));
const values = (s: TensorSet): number[][] => s.map((t) => [...t.data]);

const ctx = (over: Partial<RunContext['fit']> = {}): RunContext => ({
  runId: 'r',
  level: 'FC',
  trunkHash: 'a'.repeat(64),
  fit: { localEpochs: 1, batchSize: 4, learningRate: 0.5, proximalMu: 0, seed: 1, optimizer: 'sgd', ...over },
  seed: 1,
  fraction: 1,
  minFitSites: 1,
  threshold: 0.5,
  histogramBins: 10,
});

const result = (siteId: string, tensors: TensorSet, numExamples: number, localSteps?: number): FitRes => ({
  runId: 'r',
  round: 1,
  siteId,
  numExamples,
  tensors,
  metrics: { trainLoss: 0.5, ...(localSteps !== undefined ? { localSteps } : {}) },
});

describe('SCAFFOLD control variates (pure)', () => {
  it('serverControl is the weighted mean of (x − yᵢ)/(Kᵢ·η)', () => {
    const x = set([1, 2]);
    // (1·[1, 0]/(2·0.5) + 3·[0, 2]/(1·0.5)) / 4 = ([1, 0] + [0, 12]) / 4
    const c = serverControl(x, [{ tensors: set([0, 2]), weight: 1, steps: 2 }, { tensors: set([1, 0]), weight: 3, steps: 1 }], 0.5);
    expect(values(c)).toEqual([[0.25, 3]]);
  });

  it('siteControl is cᵢ − c + (x − yᵢ)/(K·η), with absent controls as zeros', () => {
    const x = set([1, 2]);
    const y = set([0, 4]);
    expect(values(siteControl(null, null, x, y, 2, 0.25))).toEqual([[2, -4]]);
    expect(values(siteControl(set([1, 1]), set([0.5, -1]), x, y, 2, 0.25))).toEqual([[2.5, -2]]);
  });

  it('keeps the server control the weighted mean of the sites’ own, round after round (so no site uploads its own)', () => {
    // Three sites, fixed weights, every site in every round, random updates and step counts.
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    const weights = [5, 2, 9];
    const lr = 0.1;
    let x = set([0.3, -0.2, 0.1], [1]);
    let c: TensorSet | null = null;
    let own: (TensorSet | null)[] = [null, null, null];
    for (let round = 0; round < 4; round++) {
      const ys = weights.map(() => x.map((t) => ({ ...t, data: t.data.map((v) => v + rand()) })));
      const steps = weights.map((_, i) => 1 + ((round + i) % 3));
      own = own.map((ci, i) => siteControl(ci, c, x, ys[i]!, steps[i]!, lr));
      c = serverControl(x, ys.map((tensors, i) => ({ tensors, weight: weights[i]!, steps: steps[i]! })), lr);
      const total = weights.reduce((a, b) => a + b, 0);
      for (const [t, ct] of c.entries())
        for (let j = 0; j < ct.data.length; j++) {
          const mean = own.reduce((a, ci, i) => a + (weights[i]! * ci!.at(t)!.data[j]!) / total, 0);
          expect(ct.data[j]).toBeCloseTo(mean, 5);
        }
      x = ys[0]!;
    }
  });

  it('stepCorrection is c − cᵢ in the trained layout, zeros before any control', () => {
    const like = set([0, 0]);
    expect(values(stepCorrection(like, null, null, 'f'))).toEqual([[0, 0]]);
    expect(values(stepCorrection(like, set([1, 2]), set([0.5, 3]), 'f'))).toEqual([[0.5, -1]]);
  });

  it('refuses a control that is not finite or does not match the trained tensors, naming the field', () => {
    const like = set([0, 0]);
    expect(() => stepCorrection(like, set([Number.NaN, 0]), null, 'fitIns.config.control')).toThrow(/fitIns.config.control: tensor t0 holds a value that is not finite/);
    const wrong = () => stepCorrection(like, set([1, 2, 3]), null, 'fitIns.config.control');
    expect(wrong).toThrow(ValueError);
    expect(wrong).toThrow(/t0 \[3\], expected t0 \[2\]/);
    expect(() => serverControl(like, [{ tensors: like, weight: 1, steps: 0 }], 0.1)).toThrow(/positive local steps/);
    expect(() => siteControl(null, null, like, like, 1, 0)).toThrow(/positive learning rate/);
  });
});

describe('Scaffold strategy', () => {
  it('sends scaffold without a control in round 1, then the control computed from the results and their steps', () => {
    const s = new Scaffold(ctx());
    const global = set([1, 2]);
    const sites = [
      { siteId: 'a', numTrainExamples: 1 },
      { siteId: 'b', numTrainExamples: 3 },
    ];
    const first = s.configureFit(1, global, sites).get('a') as FitIns;
    expect(first.config.scaffold).toBe(true);
    expect(first.config.control).toBeUndefined();
    const next = s.aggregateFit(1, global, [result('b', set([1, 0]), 3, 1), result('a', set([0, 2]), 1, 2)], []);
    // FedAvg's mean, unchanged by the control variates: (1·[0, 2] + 3·[1, 0]) / 4
    expect(values(next)).toEqual([[0.75, 0.5]]);
    const second = s.configureFit(2, next, sites).get('b') as FitIns;
    expect(values(second.config.control ?? [])).toEqual([[0.25, 3]]);
  });

  it('refuses a result without its step count, and Adam steps at construction', () => {
    const s = new Scaffold(ctx());
    s.configureFit(1, set([0]), [{ siteId: 'a', numTrainExamples: 1 }]);
    expect(() => s.aggregateFit(1, set([0]), [result('a', set([1]), 1)], [])).toThrow(/site a reported no localSteps/);
    expect(() => new Scaffold(ctx({ optimizer: 'adam' }))).toThrow(ConfigError);
    expect(() => createStrategy({ name: 'scaffold', localHead: true }, { ...ctx(), level: '+B5' })).toThrow(/localHead/);
  });

  it('checkpoints its control variate with the strategy state and restores it', () => {
    const s = new Scaffold(ctx());
    s.configureFit(1, set([1, 2]), [{ siteId: 'a', numTrainExamples: 1 }]);
    s.aggregateFit(1, set([1, 2]), [result('a', set([0, 2]), 1, 2)], []);
    const state = s.getState();
    expect(state.map((t) => t.name)).toEqual([`${CONTROL_STATE_PREFIX}t0`]);
    const restored = new Scaffold(ctx());
    restored.setState(state);
    const ins = restored.configureFit(2, set([0.5, 2]), [{ siteId: 'a', numTrainExamples: 1 }]).get('a') as FitIns;
    expect(values(ins.config.control ?? [])).toEqual([[1, 0]]);
  });
});

describe('SCAFFOLD on the wire', () => {
  const ins = (config: Partial<FitIns['config']>): FitIns => ({
    runId: 'r',
    round: 2,
    level: 'FC',
    trunkHash: 'a'.repeat(64),
    tensors: set([1, 2]),
    config: { localEpochs: 1, batchSize: 4, learningRate: 0.1, proximalMu: 0, seed: 3, optimizer: 'sgd', ...config },
  });

  it('carries scaffold, the control and the step count both ways', () => {
    const back = fitInsFromBytes(fitInsToBytes(ins({ scaffold: true, control: set([0.5, -1]) }), 'float32'));
    expect(back.config.scaffold).toBe(true);
    expect(values(back.config.control ?? [])).toEqual([[0.5, -1]]);
    expect(fitInsFromBytes(fitInsToBytes(ins({ scaffold: true }), 'float32')).config.control).toBeUndefined();
    expect(fitInsFromBytes(fitInsToBytes(ins({}), 'float32')).config.scaffold).toBeUndefined();
    expect(fitResFromBytes(fitResToBytes(result('a', set([1, 2]), 4, 3), 'float32')).metrics.localSteps).toBe(3);
    expect(fitResFromBytes(fitResToBytes(result('a', set([1, 2]), 4), 'float32')).metrics.localSteps).toBeUndefined();
  });

  it('refuses a control without scaffold, a non-finite control and zero steps, naming the field', () => {
    expect(() => fitInsToBytes(ins({ control: set([1, 1]) }), 'float32')).toThrow(/fitIns.config.control is set but scaffold is not/);
    expect(() => fitInsToBytes(ins({ scaffold: true, control: set([Number.POSITIVE_INFINITY, 1]) }), 'float32')).toThrow(/fitIns.config.control/);
    expect(() => fitResToBytes(result('a', set([1, 2]), 4, 0), 'float32')).toThrow(/fitRes.metrics.localSteps/);
  });
});
