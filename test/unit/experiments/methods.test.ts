import { describe, expect, it } from 'vitest';
import { chooseAlignWeight, chooseScaffoldRate, chooseServerRate, scaffoldRateKey, serverRateKey, TUNE_SET, usesScaffold, usesServerRate, alignKey } from '../../../experiments/budget.js';
import { METHOD_NAMES, parseExperiment } from '../../../experiments/config.js';
import type { EvalRecord } from '../../../experiments/evaluate-model.js';
import { methodSpec } from '../../../experiments/methods.js';
import { planCells } from '../../../experiments/plan.js';
import { createStrategy } from '../../../coordinator/strategies.js';

/** A tuning record of AUC 1 (separates), 0 (inverted) or collapsed (all scores equal). */
const record = (kind: 'good' | 'inverted' | 'collapsed'): EvalRecord[] => {
  const scores = kind === 'good' ? [0.1, 0.9] : kind === 'inverted' ? [0.9, 0.1] : [0.5, 0.5];
  return [{ model: 'm', evalOn: TUNE_SET, labels: [0, 1], scores, threshold: 0.5 }];
};

describe('methodSpec', () => {
  it('fedadam: the FedAdam strategy at the given server rate, sites on plain SGD at the client rate', () => {
    const s = methodSpec('fedadam', { serverRate: 3e-4, clientRate: 0.02 });
    expect(s.strategy).toEqual({ name: 'fedadam', eta: 3e-4 });
    expect(s.local).toEqual({ optimizer: 'sgd', learningRate: 0.02 });
    expect(s.harmonise || s.localHead).toBe(false);
  });
  it('the SCAFFOLD methods: the scaffold strategy, sites on plain SGD at the tuned rate', () => {
    for (const m of ['scaffold', 'balanced+scaffold', 'clustered+scaffold'] as const) {
      const s = methodSpec(m, { scaffoldRate: 0.3, clusters: 3 });
      expect(s.strategy.name).toBe('scaffold');
      expect(s.local).toEqual({ optimizer: 'sgd', learningRate: 0.3 });
      expect(s.clusters).toBe(m === 'clustered+scaffold' ? 3 : null);
    }
    expect(methodSpec('balanced+scaffold').strategy).toEqual({ name: 'scaffold', siteWeighting: 'class-balanced', classPrior: true });
  });
  it('every other method trains sites with the budget (local null) and builds a strategy', () => {
    for (const m of METHOD_NAMES) {
      const s = methodSpec(m, { prototypeWeight: 0.1 });
      if (m !== 'fedadam' && !m.endsWith('scaffold')) expect(s.local).toBeNull();
      const level = s.localHead ? '+B5' : 'FC';
      expect(() => createStrategy(s.strategy, { level, fit: { optimizer: s.local?.optimizer ?? 'adam' } } as never)).not.toThrow();
    }
    expect(methodSpec('aligned', { prototypeWeight: 0.1 }).strategy.prototypeWeight).toBe(0.1);
  });
});

describe('FedAdam server-rate tuning', () => {
  const cfg = parseExperiment({ name: 't', kind: 'paper', tune: { learningRates: [3e-4, 1e-3, 3e-3] }, federated: { methods: ['fedavg', 'fedadam'] } });
  it('plans one tuning cell per init and rate only when fedadam is compared', () => {
    const keys = planCells(cfg).map((p) => p.key);
    for (const init of cfg.federated.inits) for (const eta of cfg.tune.learningRates) expect(keys).toContain(serverRateKey(init, eta));
    const without = parseExperiment({ name: 't', kind: 'paper', federated: { methods: ['fedavg'] } });
    expect(usesServerRate(without)).toBe(false);
    expect(planCells(without).some((p) => p.key.startsWith('tune/fedadam/'))).toBe(false);
  });
  it('picks the best non-collapsed rate per init, ties to the earlier, and never reads the alignment cells', () => {
    const scored = new Map([
      [serverRateKey('random', 3e-4), record('inverted')],
      [serverRateKey('random', 1e-3), record('collapsed')],
      [serverRateKey('random', 3e-3), record('good')],
      [serverRateKey('pneumonia', 3e-4), record('good')],
      [serverRateKey('pneumonia', 1e-3), record('good')],
      [alignKey('random', 3e-4), record('good')],
    ]);
    expect(chooseServerRate(cfg, scored, 'random')).toBe(3e-3);
    expect(chooseServerRate(cfg, scored, 'pneumonia')).toBe(3e-4);
    expect(chooseServerRate(cfg, new Map(), 'random')).toBe(3e-4);
    expect(chooseAlignWeight(cfg, new Map([[serverRateKey('random', cfg.federated.prototypeWeights[1]!), record('good')]]), 'random')).toBe(cfg.federated.prototypeWeights[0]);
  });
  it('with tuning off uses federated.serverLearningRate, else the first tuning rate; with tuning on ignores it', () => {
    const scored = new Map([[serverRateKey('random', 3e-3), record('good')]]);
    const off = (extra: object) => parseExperiment({ ...(cfg as object), tune: { ...cfg.tune, enabled: false }, federated: { ...cfg.federated, ...extra } });
    expect(chooseServerRate(off({ serverLearningRate: 2e-3 }), scored, 'random')).toBe(2e-3);
    expect(chooseServerRate(off({}), scored, 'random')).toBe(cfg.tune.learningRates[0]);
    const on = parseExperiment({ ...(cfg as object), federated: { ...cfg.federated, serverLearningRate: 2e-3 } });
    expect(chooseServerRate(on, scored, 'random')).toBe(3e-3);
  });
});

describe('SCAFFOLD local-rate tuning', () => {
  const cfg = parseExperiment({ name: 't', kind: 'paper', federated: { methods: ['fedavg', 'balanced+scaffold'], scaffoldRates: [0.1, 0.3] } });
  it('plans one tuning cell per init and rate only when a SCAFFOLD method is compared', () => {
    const keys = planCells(cfg).map((p) => p.key);
    for (const init of cfg.federated.inits) for (const r of [0.1, 0.3]) expect(keys).toContain(scaffoldRateKey(init, r));
    expect(usesScaffold(parseExperiment({ name: 't', kind: 'paper', federated: { methods: ['fedavg'] } }))).toBe(false);
  });
  it('picks the best non-collapsed rate per init, else the first', () => {
    const scored = new Map([
      [scaffoldRateKey('random', 0.1), record('collapsed')],
      [scaffoldRateKey('random', 0.3), record('good')],
      [serverRateKey('pneumonia', 0.3), record('good')],
    ]);
    expect(chooseScaffoldRate(cfg, scored, 'random')).toBe(0.3);
    expect(chooseScaffoldRate(cfg, scored, 'pneumonia')).toBe(0.1);
  });
});
