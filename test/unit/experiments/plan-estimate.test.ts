import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { budgetGrid, tuneKey, TUNE_SET } from '../../../experiments/budget.js';
import { tunedLevels, type CellContext } from '../../../experiments/cells.js';
import { parseExperiment, PRESETS } from '../../../experiments/config.js';
import { planCells } from '../../../experiments/plan.js';
import { CellStore } from '../../../experiments/store.js';

const dir = mkdtempSync(join(tmpdir(), 'fedcxr-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cost = (cells: ReturnType<typeof planCells>, prefix: string) => cells.filter((p) => p.key.startsWith(prefix)).reduce((s, p) => s + p.estimateSeconds, 0);

describe('the plan prices cells at the level tuning chose', () => {
  const cfg = parseExperiment(PRESETS.paper);

  it('prices federated cells at FC far below +B5, FedPer at +B5 either way, and leaves the tuning cells alone', () => {
    // Prepare / Execute
    const configured = planCells(cfg);
    const fc = planCells(cfg, undefined, (arm) => (arm === 'federated' ? 'FC' : undefined));
    // Assert
    expect(cost(fc, 'federated/')).toBeLessThan(0.5 * cost(configured, 'federated/'));
    expect(cost(fc, 'federated/pneumonia/study/s1/fedper')).toBe(cost(configured, 'federated/pneumonia/study/s1/fedper'));
    expect(cost(fc, 'central/')).toBe(cost(configured, 'central/'));
    const grid = (plan: typeof fc) => plan.filter((p) => p.key.startsWith('tune/central/') || p.key.startsWith('tune/federated/')).map((p) => p.estimateSeconds);
    expect(grid(fc)).toEqual(grid(configured));
    expect(fc.map((p) => p.key)).toEqual(configured.map((p) => p.key));
  });

  it('scores the untrained init on every seed\'s folds beside the centralised trainings, priced as scoring only', () => {
    const plan = planCells(cfg);
    const f = cfg.federated;
    const inits = plan.filter((p) => p.meta.section === 'central' && p.meta.method === 'init');
    expect(inits.length).toBe(f.inits.length * f.sizes.length * f.seeds.length);
    for (const p of inits) {
      const pooled = plan.find((q) => q.key === p.key.replace(/\/init$/, '/pooled'));
      expect(pooled).toBeDefined();
      expect(p.estimateSeconds).toBeLessThan(pooled?.estimateSeconds ?? 0);
    }
  });

  it('knows an arm\'s level once all its tuning cells are stored, and not before', async () => {
    // Prepare: the federated arm of the pneumonia init fully tuned, FC winning; its central arm half tuned
    const store = new CellStore(dir);
    const ctx = { cfg, store } as unknown as CellContext;
    const labels = [0, 0, 1, 1];
    for (const b of budgetGrid(cfg)) {
      const scores = b.level === 'FC' ? [0.1, 0.2, 0.8, 0.9] : [0.9, 0.2, 0.8, 0.1];
      await store.put(tuneKey('federated', 'pneumonia', b), { evals: [{ model: 'm', evalOn: TUNE_SET, labels, scores, threshold: 0.5 }], probes: [], seconds: 1 });
    }
    const [first] = budgetGrid(cfg);
    await store.put(tuneKey('central', 'pneumonia', first!), { evals: [{ model: 'm', evalOn: TUNE_SET, labels, scores: [0.1, 0.2, 0.8, 0.9], threshold: 0.5 }], probes: [], seconds: 1 });
    // Execute
    const level = await tunedLevels(ctx);
    // Assert
    expect(level('federated', 'pneumonia')).toBe('FC');
    expect(level('central', 'pneumonia')).toBeUndefined();
    expect(level('federated', 'random')).toBeUndefined();
  });
});
