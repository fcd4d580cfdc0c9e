/**
 * Training steps at every unfreeze level on the wasm backend (fedcxr's CPU fallback): frozen weights stay
 * bit-identical, every trainable tensor moves. Uses tiny 32×32 inputs so it stays fast.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine, type EngineInfo } from '../../../shared/engine/index.js';
import { defaultModelConfig } from '../../../shared/model/config.js';
import { hashTensor, hashTensorSet } from '../../../shared/model/hash.js';
import { applyUnfreeze } from '../../../shared/model/unfreeze.js';
import { buildModel } from '../../../shared/model/vgg16.js';
import { frozenTensorSet, trainableTensorSet } from '../../../shared/model/weights.js';
import { UNFREEZE_LEVELS, type UnfreezeLevel } from '../../../shared/domain/levels.js';

let engine: EngineInfo;
let model: tf.LayersModel;
let xs: tf.Tensor4D;
let ys: tf.Tensor2D;

beforeAll(async () => {
  engine = await initEngine({ backend: 'wasm' });
  model = buildModel(defaultModelConfig({ inputSize: 32, head: { units: [8], dropout: 0 } }), { seed: 42 });
  xs = tf.randomNormal([1, 32, 32, 3], 0, 60, 'float32', 5) as tf.Tensor4D; // batch 1: cheapest real step
  ys = tf.tensor2d([[1]]);
});
afterAll(() => {
  tf.dispose([xs, ys]);
  model.dispose();
});

/** One SGD step over exactly the variables trainable at `level`. */
function step(level: UnfreezeLevel, optimizer: tf.Optimizer): number {
  applyUnfreeze(model, level);
  const varList = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const cost = optimizer.minimize(
    () => tf.losses.sigmoidCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor) as tf.Scalar,
    true,
    varList,
  );
  const loss = cost?.dataSync()[0] ?? NaN;
  cost?.dispose();
  return loss;
}

describe('training at every unfreeze level', () => {
  it('runs on the wasm backend', () => {
    expect(engine.backend === 'wasm' || process.env.FEDCXR_BACKEND !== undefined).toBe(true);
    expect(tf.getBackend()).toBe(engine.tfBackend);
  });

  it.each(UNFREEZE_LEVELS.map((l) => [l]))('at %s: frozen weights bit-identical, trainable ones changed', (level) => {
    const frozenBefore = hashTensorSet(frozenTensorSet(model, level));
    const trainBefore = trainableTensorSet(model, level).map(hashTensor);
    const optimizer = tf.train.sgd(0.01);

    const loss1 = step(level, optimizer);
    const tensorsAfterOne = tf.memory().numTensors; // the optimizer keeps its learning-rate scalar from step 1 on
    const loss2 = step(level, optimizer);
    const tensorsAfterTwo = tf.memory().numTensors;
    optimizer.dispose();

    expect(Number.isFinite(loss1) && Number.isFinite(loss2)).toBe(true);
    expect(tensorsAfterTwo).toBe(tensorsAfterOne); // no leak per step
    expect(hashTensorSet(frozenTensorSet(model, level))).toBe(frozenBefore);
    const trainAfter = trainableTensorSet(model, level);
    const unchanged = trainAfter.filter((t, i) => hashTensor(t) === trainBefore[i]).map((t) => t.name);
    expect(unchanged).toEqual([]);
    expect(trainAfter.length).toBe(level === 'FC' ? 4 : 4 + 2 * { '+B5': 3, '+B4': 6, '+B3': 9, '+B2': 11, '+B1': 13 }[level]);
  });
});
