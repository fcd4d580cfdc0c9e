import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../../shared/engine/index.js';
import { ConfigError } from '../../../shared/domain/errors.js';
import { getTensorSet } from '../../../shared/model/weights.js';
import { predictScores } from '../../../shared/train/evaluate.js';
import { fineTuneHead } from '../../../shared/train/finetune.js';
import { rocAuc } from '../../../shared/train/metrics.js';
import { tinyVggLike, toySamples } from './tiny-model.js';

beforeAll(async () => {
  await initEngine();
});

describe('fineTuneHead', () => {
  it('trains only the head (every VGG block unchanged) and fits the local task', async () => {
    // Prepare
    const model = tinyVggLike(4);
    const train = toySamples(32, 7);
    const before = getTensorSet(model);
    const aucBefore = rocAuc(predictScores(model, train, { batchSize: 16 }), Uint8Array.from(train, (s) => s.y)).value ?? 0;
    // Execute
    const res = await fineTuneHead(model, train, { epochs: 30, learningRate: 3e-2, batchSize: 8, seed: 2 });
    // Assert
    const after = getTensorSet(model);
    const changed = after.filter((t, i) => t.data.some((v, k) => v !== before[i]!.data[k])).map((t) => t.name);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((n) => n.startsWith('head_'))).toBe(true);
    expect(res.epochs.every((e) => e.mode === 'cached')).toBe(true);
    expect(res.epochs.at(-1)!.trainLoss).toBeLessThan(res.epochs[0]!.trainLoss);
    const aucAfter = rocAuc(predictScores(model, train, { batchSize: 16 }), Uint8Array.from(train, (s) => s.y)).value ?? 0;
    expect(aucAfter).toBeGreaterThan(Math.max(aucBefore, 0.8));
    model.dispose();
  });

  it('early-stops on the validation loss when given val samples and patience, keeping the best head', async () => {
    const model = tinyVggLike(4);
    // validation labels flipped: every epoch that fits the training task makes validation worse
    const val = toySamples(16, 8).map((s) => ({ ...s, y: (1 - s.y) as 0 | 1 }));
    const res = await fineTuneHead(model, toySamples(32, 7), { epochs: 30, learningRate: 3e-2, batchSize: 8, seed: 2, patience: 2 }, val);
    expect(res.stoppedEarly).toBe(true);
    expect(res.epochs.length).toBeLessThan(30);
    expect(res.bestEpoch).toBeLessThan(res.epochs.length);
    // without val samples the patience is ignored and every epoch runs
    const all = await fineTuneHead(tinyVggLike(4), toySamples(8, 7), { epochs: 3, learningRate: 1e-3, patience: 1 });
    expect(all.epochs).toHaveLength(3);
    model.dispose();
  });

  it('refuses zero epochs or a non-positive learning rate', async () => {
    const model = tinyVggLike(4);
    await expect(fineTuneHead(model, toySamples(4, 1), { epochs: 0, learningRate: 1e-3 })).rejects.toThrow(ConfigError);
    await expect(fineTuneHead(model, toySamples(4, 1), { epochs: 1, learningRate: 0 })).rejects.toThrow(/learningRate > 0/);
    await expect(fineTuneHead(model, toySamples(4, 1), { epochs: 1, learningRate: 1e-3, patience: 0 })).rejects.toThrow(/patience/);
    model.dispose();
  });
});
