import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../shared/engine/index.js';
import { buildModel } from '../../shared/model/vgg16.js';
import { defaultModelConfig } from '../../shared/model/config.js';
import { phantomDataset } from '../../shared/data/phantom.js';
import { splitByPatient, patientOverlap } from '../../shared/data/split.js';
import { trainLocal } from '../../shared/train/trainer.js';
import { FeatureCache } from '../../shared/train/feature-cache.js';
import { evaluateModel, predictScores } from '../../shared/train/evaluate.js';
import { chooseThreshold } from '../../shared/train/threshold.js';

// End to end on SYNTHETIC `easy` phantoms: VGG16 at 32 px, FC level on the warm trunk cache.
const SIZE = 32;

beforeAll(async () => {
  await initEngine();
});

describe('train → evaluate on easy phantoms', () => {
  it('learns a real signal: held-out AUC ≥ 0.9 with a validation-chosen threshold', async () => {
    // Prepare
    const data = phantomDataset({ site: 'KM', nNormal: 40, nDisease: 40, inputSize: SIZE, seed: 1, difficulty: 'easy' });
    const split = splitByPatient(data.samples, { train: 0.6, val: 0.1, test: 0.3 }, 1);
    expect(patientOverlap(split)).toEqual([]);
    const model = buildModel(defaultModelConfig({ inputSize: SIZE, head: { pooling: 'gap', units: [32], dropout: 0 } }), { seed: 3 });
    const cache = new FeatureCache();

    // Execute
    const result = await trainLocal({
      model,
      level: 'FC',
      train: split.train,
      val: split.val,
      featureCache: cache,
      config: { epochs: 20, batchSize: 16, learningRate: 3e-3, seed: 2 },
    });
    const valScores = predictScores(model, split.val);
    const threshold = chooseThreshold(valScores, Uint8Array.from(split.val, (s) => s.y), { kind: 'youden' });
    const test = evaluateModel(model, split.test, { threshold, bootstrap: { resamples: 200, seed: 1 } });

    // Assert
    expect(result.epochs.every((e) => e.mode === 'cached')).toBe(true);
    expect(result.epochs.at(-1)!.trainLoss).toBeLessThan(result.epochs[0]!.trainLoss);
    const spread = Math.max(...test.scores) - Math.min(...test.scores);
    expect(spread).toBeGreaterThan(1e-4); // not a constant predictor
    expect(test.report.n).toBe(split.test.length);
    expect(test.report.auc.auc.value).toBeGreaterThanOrEqual(0.9);
    expect(test.report.threshold).toBe(threshold.threshold);
    model.dispose();
  });
});
