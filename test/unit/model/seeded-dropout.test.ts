/** SeededDropout: per-step seeded masks (reproducible training) with tfjs Dropout's semantics. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { SeededDropout, setDropoutSeed } from '../../../shared/model/seeded-dropout.js';
import { defaultModelConfig } from '../../../shared/model/config.js';
import { buildModel } from '../../../shared/model/vgg16.js';
import { hashTensorSet } from '../../../shared/model/hash.js';
import { getTensorSet } from '../../../shared/model/weights.js';
import { phantomDataset } from '../../../shared/data/phantom.js';
import { FeatureCache } from '../../../shared/train/feature-cache.js';
import { trainLocal } from '../../../shared/train/trainer.js';
import { initEngine } from '../../../shared/engine/index.js';

const ones = (): tf.Tensor => tf.ones([4, 256]);

// The best engine (native where built): the reproducibility spec trains a 32 px VGG16.
beforeAll(async () => {
  await initEngine();
});

describe('SeededDropout', () => {
  it('draws the same mask for the same step seed and another for another seed; scales kept units by 1/(1-rate)', () => {
    const layer = new SeededDropout({ name: 'd', rate: 0.5 });
    const run = (seed: number): Float32Array => {
      layer.stepSeed = seed;
      return tf.tidy(() => (layer.apply(ones(), { training: true }) as tf.Tensor).dataSync() as Float32Array);
    };
    const a = run(11);
    const b = run(11);
    const c = run(12);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
    expect(new Set(a)).toEqual(new Set([0, 2]));
    const kept = a.filter((v) => v !== 0).length / a.length;
    expect(kept).toBeGreaterThan(0.4);
    expect(kept).toBeLessThan(0.6);
  });

  it('is the identity at inference and for rate 0', () => {
    const d = new SeededDropout({ name: 'd', rate: 0.5 });
    const z = new SeededDropout({ name: 'z', rate: 0 });
    const x = tf.randomUniform([3, 7]);
    expect(Array.from((d.apply(x) as tf.Tensor).dataSync())).toEqual(Array.from(x.dataSync()));
    expect(Array.from((z.apply(x, { training: true }) as tf.Tensor).dataSync())).toEqual(Array.from(x.dataSync()));
    expect(() => new SeededDropout({ name: 'bad', rate: 1 })).toThrow(/rate must be in \[0, 1\)/);
  });

  it('setDropoutSeed gives each dropout layer of a model its own seed', () => {
    const model = buildModel(defaultModelConfig({ inputSize: 32, head: { pooling: 'gap', units: [8, 8], dropout: 0.5 } }), { seed: 1 });
    setDropoutSeed(model, 100);
    const seeds = model.layers.filter((l) => l instanceof SeededDropout).map((l) => (l as SeededDropout).stepSeed);
    expect(seeds).toEqual([100, 101]);
    model.dispose();
  });

  it('makes seeded training reproducible: the same run twice gives the same weights, another seed does not', async () => {
    // Prepare: VGG16 at 32 px with a dropout-0.5 head, trained at FC on cached features (8 + 8 easy phantoms).
    const data = phantomDataset({ site: 'KM', nNormal: 8, nDisease: 8, inputSize: 32, seed: 3, difficulty: 'easy' });
    const train = async (seed: number): Promise<string> => {
      const model = buildModel(defaultModelConfig({ inputSize: 32, head: { pooling: 'gap', units: [16], dropout: 0.5 } }), { seed: 5 });
      await trainLocal({ model, level: 'FC', train: data.samples, featureCache: new FeatureCache(), config: { epochs: 2, batchSize: 4, learningRate: 1e-2, seed } });
      const hash = hashTensorSet(getTensorSet(model));
      model.dispose();
      return hash;
    };

    // Execute
    const first = await train(1);
    const again = await train(1);
    const other = await train(2);

    // Assert
    expect(again).toBe(first);
    expect(other).not.toBe(first);
  });
});
