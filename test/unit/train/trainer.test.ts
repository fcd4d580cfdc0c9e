import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initEngine } from '../../../shared/engine/index.js';
import { getTensorSet, setTensorSet, trainableTensorSet } from '../../../shared/model/weights.js';
import { LocalTrainer, priorLogitOffset, resolveClassWeights, trainLocal } from '../../../shared/train/trainer.js';
import { FeatureCache } from '../../../shared/train/feature-cache.js';
import { tinyVggLike, toySamples } from './tiny-model.js';

beforeAll(async () => {
  await initEngine();
});

describe('trainLocal', () => {
  it('changes only the weights trainable at the level', async () => {
    const model = tinyVggLike(1);
    const before = getTensorSet(model);
    await trainLocal({ model, level: '+B5', train: toySamples(8, 1), config: { epochs: 1, batchSize: 4, learningRate: 1e-3, seed: 3 } });
    const after = getTensorSet(model);
    const changed = after.filter((t, i) => t.data.some((v, k) => v !== before[i]!.data[k])).map((t) => t.name);
    expect(changed.some((n) => n.startsWith('block5_conv'))).toBe(true);
    expect(changed.some((n) => n.startsWith('head_output'))).toBe(true);
    expect(changed.filter((n) => n.startsWith('block1_'))).toEqual([]);
    model.dispose();
  });

  it('gives the same weights with the warm trunk cache as without it (same seed, same batches)', async () => {
    const train = toySamples(24, 2);
    const val = toySamples(8, 9);
    const config = { epochs: 3, batchSize: 4, learningRate: 1e-2, seed: 5 };
    const a = tinyVggLike(11);
    const b = tinyVggLike(11);
    const cache = new FeatureCache();
    const logsA = await trainLocal({ model: a, level: '+B5', train, val, config });
    const logsB = await trainLocal({ model: b, level: '+B5', train, val, config, featureCache: cache });
    expect(logsA.epochs.map((e) => e.mode)).toEqual(['full', 'full', 'full']);
    expect(logsB.epochs.map((e) => e.mode)).toEqual(['cached', 'cached', 'cached']);
    expect(cache.size).toBe(32);
    const wa = trainableTensorSet(a, '+B5');
    const wb = trainableTensorSet(b, '+B5');
    let maxDiff = 0;
    let maxMove = 0;
    const start = trainableTensorSet(tinyVggLike(11), '+B5');
    wa.forEach((t, i) => {
      t.data.forEach((v, k) => {
        maxDiff = Math.max(maxDiff, Math.abs(v - wb[i]!.data[k]!));
        maxMove = Math.max(maxMove, Math.abs(v - start[i]!.data[k]!));
      });
    });
    expect(maxMove).toBeGreaterThan(1e-4); // training did move the weights…
    expect(maxDiff).toBeLessThan(1e-5); // …identically with and without the cache
    expect(logsB.epochs[0]!.valLoss).toBeCloseTo(logsA.epochs[0]!.valLoss!, 4);
    a.dispose();
    b.dispose();
  });

  it('does not grow the number of live tensors across epochs', async () => {
    const model = tinyVggLike(2);
    const counts: number[] = [];
    const before = tf.memory().numTensors;
    await trainLocal({
      model,
      level: '+B5',
      train: toySamples(8, 3),
      val: toySamples(4, 4),
      config: { epochs: 3, batchSize: 4, learningRate: 1e-3, seed: 1, proximalMu: 0.1, earlyStopping: { monitor: 'val_loss', patience: 5 } },
      onEpoch: () => {
        counts.push(tf.memory().numTensors);
      },
    });
    expect(counts[2]).toBe(counts[1]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('pulls weights toward the proximal centre with FedProx μ', async () => {
    const train = toySamples(8, 5);
    const config = { epochs: 3, batchSize: 4, learningRate: 0.05, seed: 2, optimizer: 'sgd' as const };
    const distance = async (mu: number): Promise<number> => {
      const model = tinyVggLike(3);
      const centre = trainableTensorSet(model, 'FC');
      await trainLocal({ model, level: 'FC', train, config: { ...config, proximalMu: mu }, proximalCenter: centre });
      const after = trainableTensorSet(model, 'FC');
      let d = 0;
      after.forEach((t, i) => t.data.forEach((v, k) => (d += (v - centre[i]!.data[k]!) ** 2)));
      model.dispose();
      return d;
    };
    const free = await distance(0);
    const prox = await distance(10);
    expect(free).toBeGreaterThan(1e-5);
    expect(prox).toBeLessThan(free * 0.8);
  });

  it('adds the SCAFFOLD correction to every SGD step’s gradient and counts its steps', async () => {
    // One step at SGD rate η from the same weights on the same batch: a constant correction k moves every weight by
    // exactly −η·k more (a second step would start from other weights, so its gradient would differ).
    const train = toySamples(4, 4);
    const config = { epochs: 1, batchSize: 4, learningRate: 0.1, seed: 6, optimizer: 'sgd' as const };
    const plain = tinyVggLike(21);
    const corrected = tinyVggLike(21);
    const k = 0.5;
    const correction = trainableTensorSet(corrected, 'FC').map((t) => ({ ...t, data: new Float32Array(t.data.length).fill(k) }));
    const a = await trainLocal({ model: plain, level: 'FC', train, config });
    const b = await trainLocal({ model: corrected, level: 'FC', train, config, stepCorrection: correction });
    expect([a.steps, b.steps]).toEqual([1, 1]);
    const twoEpochs = tinyVggLike(2);
    // 9 images in batches of 4: 3 steps an epoch
    expect((await trainLocal({ model: twoEpochs, level: 'FC', train: toySamples(9, 1), config: { ...config, epochs: 2 } })).steps).toBe(6);
    twoEpochs.dispose();
    const wa = trainableTensorSet(plain, 'FC');
    const wb = trainableTensorSet(corrected, 'FC');
    for (const [i, t] of wb.entries()) for (let j = 0; j < t.data.length; j++) expect(t.data[j]! - wa[i]!.data[j]!).toBeCloseTo(-0.1 * k, 5);
    plain.dispose();
    corrected.dispose();
  });

  it('restores the best epoch with early stopping', async () => {
    const model = tinyVggLike(4);
    const result = await trainLocal({
      model,
      level: 'FC',
      train: toySamples(8, 6),
      val: toySamples(4, 7),
      config: { epochs: 4, batchSize: 4, learningRate: 5e-1, seed: 1, optimizer: 'sgd', earlyStopping: { monitor: 'val_loss', patience: 1 } },
    });
    const best = result.epochs.reduce((m, e) => (e.valLoss! < m.valLoss! ? e : m));
    expect(result.bestEpoch).toBe(best.epoch);
    // The model now holds the best epoch's weights: its validation loss is the best one.
    const trainer = new LocalTrainer({ model, level: 'FC', train: toySamples(8, 6), val: toySamples(4, 7), config: { epochs: 0, batchSize: 4, learningRate: 1, seed: 1 } });
    expect(trainer.validate().valLoss).toBeCloseTo(best.valLoss!, 5);
    trainer.dispose();
    setTensorSet(model, getTensorSet(model));
    model.dispose();
  });

  it('balances class weights as n / (2·n_class)', () => {
    const w = resolveClassWeights('balanced', [{ y: 1 }, { y: 0 }, { y: 0 }, { y: 0 }]);
    expect(w[1]).toBeCloseTo(2, 12);
    expect(w[0]).toBeCloseTo(4 / 6, 12);
  });
});

describe('logit-adjusted loss', () => {
  it('is log((n₁+1)/(n₀+1)) of the training labels', () => {
    expect(priorLogitOffset([{ y: 1 }, { y: 1 }, { y: 1 }])).toBeCloseTo(Math.log(4), 12);
    expect(priorLogitOffset([{ y: 0 }, { y: 1 }])).toBe(0);
  });

  // With SGD the adjustment shrinks a one-class site's gradient; Adam rescales every step to ~lr, so there it
  // barely changes the drift (measured: 0.430 vs 0.437 on this toy) — see docs/federation.md.
  it('stops a one-class site (SGD) from dragging every score towards its class', async () => {
    const diseaseOnly = toySamples(32, 4).map((s) => ({ ...s, y: 1 as const }));
    const meanScore = (m: tf.LayersModel): number => tf.tidy(() => (m.predict(tf.stack(diseaseOnly.map((s) => tf.tensor3d(s.x, [8, 8, 3])))) as tf.Tensor).mean().dataSync()[0] ?? Number.NaN);
    const config = { epochs: 4, batchSize: 8, learningRate: 0.5, seed: 2, optimizer: 'sgd' as const };
    const plain = tinyVggLike(21);
    const adjusted = tinyVggLike(21);
    const start = meanScore(plain);
    await trainLocal({ model: plain, level: '+B5', train: diseaseOnly, config });
    await trainLocal({ model: adjusted, level: '+B5', train: diseaseOnly, config: { ...config, logitAdjust: true } });
    const drift = { plain: meanScore(plain) - start, adjusted: meanScore(adjusted) - start };
    expect(drift.plain).toBeGreaterThan(0.1);
    expect(Math.abs(drift.adjusted)).toBeLessThan(drift.plain / 2);
    plain.dispose();
    adjusted.dispose();
  });
});
