import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../../shared/engine/index.js';
import { ValueError } from '../../../shared/domain/errors.js';
import { alignLoss, alignTargets, forwardWithFeatures, localPrototypes } from '../../../shared/train/align.js';
import { trainLocal } from '../../../shared/train/trainer.js';
import { TINY_SIZE, tinyVggLike, toySamples } from './tiny-model.js';

beforeAll(async () => {
  await initEngine();
});

const shape = [TINY_SIZE, TINY_SIZE, 3];
const distance = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let d = 0;
  for (let i = 0; i < b.length; i++) d += ((a[i] ?? Number.NaN) - (b[i] as number)) ** 2;
  return Math.sqrt(d);
};

describe('class-prototype alignment on the site', () => {
  it("runs the model layer by layer to the model's own scores, with the last hidden layer's pre-activations beside them", () => {
    const model = tinyVggLike(3);
    const samples = toySamples(6, 1);
    const x = tf.tensor(samples.flatMap((s) => Array.from(s.x)), [6, ...shape]);
    const { scores, features } = forwardWithFeatures(model, x, false);
    const expected = (model.predict(x) as tf.Tensor).reshape([6]);
    expect(Array.from(scores.dataSync())).toEqual(Array.from(expected.dataSync()));
    expect(features.shape).toEqual([6, 5]);
    // what head_dense_1's ReLU receives: below zero where the unit is off, its ReLU is the layer's own output
    const hidden = tf.model({ inputs: model.inputs, outputs: model.getLayer('head_dense_1').output as tf.SymbolicTensor });
    const post = hidden.predict(x) as tf.Tensor;
    expect(features.min().dataSync()[0]).toBeLessThan(0);
    expect(Array.from(tf.relu(features).dataSync())).toEqual(Array.from(post.dataSync()));
    tf.dispose([x, scores, features, expected, post]);
    model.dispose();
  });

  it('the loss is one minus the cosine, around the midpoint, between a feature and its label’s prototype, in [0, 2]', () => {
    const targets = alignTargets(
      [
        { label: 0, count: 9, mean: Float32Array.from([0, 0]) },
        { label: 1, count: 9, mean: Float32Array.from([2, 0]) },
      ],
      2,
    ) as tf.Tensor2D;
    const f = tf.tensor2d([
      [2, 0], // label 1, at its prototype: 0
      [1, 5], // label 1, across the axis from the midpoint: 1
      [-1, 0], // label 0, beyond its prototype away from the midpoint: still 0
      [3, 0], // label 0, on the other class's side: 2
    ]);
    const loss = alignLoss(f, tf.tensor1d([1, 1, 0, 0]), targets);
    expect(loss.dataSync()[0]).toBeCloseTo(3 / 4, 6);
    const huge = alignLoss(tf.tensor2d([[1e18, -3e18]]), tf.tensor1d([0]), targets);
    expect(huge.dataSync()[0]).toBeLessThanOrEqual(2);
    // one class only: no midpoint, no term
    expect(alignTargets([{ label: 1, count: 9, mean: Float32Array.from([1, 2]) }], 2)).toBeNull();
    expect(() => alignTargets([{ label: 0, count: 9, mean: Float32Array.from([1, 2, 3]) }], 2)).toThrow(ValueError);
    tf.dispose([targets, f, loss, huge]);
  });

  it('shrinking the features towards the midpoint does not lower the term (the distance version collapsed models)', () => {
    // Prototypes that barely differ, as the class means of a fresh VGG16 do.
    const targets = alignTargets(
      [
        { label: 0, count: 9, mean: Float32Array.from([1, 1]) },
        { label: 1, count: 9, mean: Float32Array.from([1.01, 1]) },
      ],
      2,
    ) as tf.Tensor2D;
    const y = tf.tensor1d([1, 0]);
    const spread = tf.tensor2d([
      [3, 2],
      [-1, 0.5],
    ]);
    const mid = tf.tensor1d([1.005, 1]);
    const at = (shrink: number): number => tf.tidy(() => alignLoss(spread.sub(mid).mul(shrink).add(mid) as tf.Tensor2D, y, targets).dataSync()[0] as number);
    expect(at(0.001)).toBeCloseTo(at(1), 4);
    // at the midpoint itself there is no direction: the term is 1, not its minimum
    expect(at(0)).toBeCloseTo(1, 6);
    tf.dispose([targets, y, spread, mid]);
  });

  it('training with the term moves the features of a class towards its prototype', async () => {
    const train = toySamples(32, 4);
    const config = { epochs: 6, batchSize: 8, learningRate: 0.01, seed: 2, optimizer: 'adam' as const };
    const start = tinyVggLike(9);
    const before = localPrototypes(start, train.map((s) => s.x), shape, train.map((s) => s.y), 5);
    // A point the class-0 features are not at: their own mean with its largest component removed, the rest raised.
    const own = before.find((p) => p.label === 0)?.mean ?? new Float32Array(5);
    const target = Float32Array.from(own, (v, i) => (i === own.indexOf(Math.max(...own)) ? 0 : v + 0.5));
    const other = before.find((p) => p.label === 1)?.mean ?? new Float32Array(5);
    const runs = await Promise.all(
      [0, 10].map(async (weight) => {
        const model = tinyVggLike(9);
        const res = await trainLocal({ model, level: '+B5', train, config: { ...config, align: { weight, targets: [{ label: 0, count: 16, mean: target }, { label: 1, count: 16, mean: other }] } }, reportPrototypes: { minCount: 5 } });
        model.dispose();
        return res.prototypes ?? [];
      }),
    );
    const [plain, aligned] = runs.map((ps) => distance(ps.find((p) => p.label === 0)?.mean ?? [], target));
    expect(runs[1]?.map((p) => [p.label, p.count])).toEqual([
      [0, 16],
      [1, 16],
    ]);
    expect(aligned).toBeLessThan((plain as number) * 0.9);
    start.dispose();
  });

  it('reports only classes with at least the floor of images (never fewer than 5)', () => {
    const model = tinyVggLike(3);
    const samples = toySamples(14, 2); // 7 + 7
    const rows = samples.map((s) => s.x);
    expect(localPrototypes(model, rows, shape, samples.map((s) => s.y), 8)).toEqual([]);
    expect(localPrototypes(model, rows, shape, samples.map((s) => s.y), 1).map((p) => p.count)).toEqual([7, 7]);
    expect(localPrototypes(model, rows.slice(0, 8), shape, samples.slice(0, 8).map((s) => s.y), 1)).toEqual([]);
    model.dispose();
  });
});
