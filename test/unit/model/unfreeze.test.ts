import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../../shared/engine/index.js';
import { ConfigError } from '../../../shared/domain/errors.js';
import { defaultModelConfig } from '../../../shared/model/config.js';
import { countParams } from '../../../shared/domain/tensor-set.js';
import { applyUnfreeze, frozenLayerNames, isTrainable, parseUnfreezeLevel, splitAtLevel, trainableLayerNames } from '../../../shared/model/unfreeze.js';
import { buildModel } from '../../../shared/model/vgg16.js';
import { frozenTensorSet, trainableTensorSet } from '../../../shared/model/weights.js';
import { UNFREEZE_LEVELS } from '../../../shared/domain/levels.js';

let model: tf.LayersModel;

beforeAll(async () => {
  await initEngine({ backend: 'wasm' }); // forward passes: XNNPACK is ~20× faster than the cpu backend
  model = buildModel(defaultModelConfig({ inputSize: 32, head: { units: [16] } }), { seed: 3 });
});
afterAll(() => model.dispose());

describe('isTrainable', () => {
  it('trains the head at every level and block b from level +Bb down', () => {
    for (const level of UNFREEZE_LEVELS) expect(isTrainable('head_output', level)).toBe(true);
    expect(isTrainable('block5_conv3', 'FC')).toBe(false);
    expect(isTrainable('block5_conv3', '+B5')).toBe(true);
    expect(isTrainable('block4_conv1', '+B5')).toBe(false);
    expect(isTrainable('block4_conv1', '+B4')).toBe(true);
    expect(isTrainable('block1_conv1', '+B2')).toBe(false);
    expect(isTrainable('block1_conv1', '+B1')).toBe(true);
    expect(isTrainable('input_1', '+B1')).toBe(false);
  });

  it('parses levels and rejects unknown ones with the valid list', () => {
    expect(parseUnfreezeLevel('+B3')).toBe('+B3');
    expect(() => parseUnfreezeLevel('B3')).toThrow(ConfigError);
    expect(() => parseUnfreezeLevel('all')).toThrow(/FC, \+B5, \+B4, \+B3, \+B2, \+B1/);
  });
});

describe('trainable layer sets', () => {
  it('grows strictly from FC to +B1 and partitions the weighted layers', () => {
    const counts = UNFREEZE_LEVELS.map((l) => trainableLayerNames(model, l).length);
    expect(counts).toEqual([2, 5, 8, 11, 13, 15]);
    const paramsOf = (names: string[]): number => names.reduce((n, name) => n + model.getLayer(name).countParams(), 0);
    const params = UNFREEZE_LEVELS.map((l) => paramsOf(trainableLayerNames(model, l)));
    for (let i = 1; i < params.length; i++) expect(params[i]).toBeGreaterThan(params[i - 1] ?? Infinity);
    for (const level of UNFREEZE_LEVELS) {
      const both = [...trainableLayerNames(model, level), ...frozenLayerNames(model, level)].sort();
      expect(both).toEqual(model.layers.filter((l) => l.weights.length > 0).map((l) => l.name).sort());
    }
    // The tensor-set views agree with the layer view (one level: copying all weights is not free).
    expect(countParams(trainableTensorSet(model, '+B4'))).toBe(params[2]);
    expect(countParams(trainableTensorSet(model, '+B4')) + countParams(frozenTensorSet(model, '+B4'))).toBe(model.countParams());
    expect(frozenTensorSet(model, '+B1')).toEqual([]);
    expect(trainableLayerNames(model, 'FC')).toEqual(['head_dense_1', 'head_output']);
  });

  it('applyUnfreeze sets layer.trainable so model.trainableWeights matches the level', () => {
    applyUnfreeze(model, '+B4');
    const names = new Set(model.trainableWeights.map((w) => w.originalName.split('/')[0]));
    expect([...names].sort()).toEqual(trainableLayerNames(model, '+B4').sort());
    applyUnfreeze(model, '+B1');
    expect(model.trainableWeights.length).toBe(model.weights.length);
  });
});

describe('splitAtLevel', () => {
  it('gives top(frozen(x)) equal to the full model at every level', () => {
    const x = tf.randomNormal([2, 32, 32, 3], 0, 50, 'float32', 11);
    const full = model.predict(x) as tf.Tensor;
    const want = full.dataSync();
    for (const level of UNFREEZE_LEVELS) {
      const { frozen, top } = splitAtLevel(model, level);
      const features = frozen ? (frozen.predict(x) as tf.Tensor) : x;
      const got = top.predict(features) as tf.Tensor;
      expect(Array.from(got.dataSync())).toEqual(Array.from(want));
      if (frozen) {
        expect(frozen.layers.every((l) => l.weights.length === 0 || !isTrainable(l.name, level))).toBe(true);
        features.dispose();
      } else {
        expect(level).toBe('+B1');
      }
      const topWeighted = top.layers.filter((l) => l.weights.length > 0).map((l) => l.name);
      expect(topWeighted).toEqual(trainableLayerNames(model, level));
      got.dispose();
    }
    tf.dispose([x, full]);
  });

  it('shares weights: a change made through top shows up in the full model', () => {
    const { top } = splitAtLevel(model, '+B5');
    const layer = top.getLayer('block5_conv1');
    expect(layer).toBe(model.getLayer('block5_conv1'));
    const before = model.getLayer('block5_conv1').getWeights()[1]?.dataSync()[0];
    layer.setWeights([layer.getWeights()[0] as tf.Tensor, tf.onesLike(layer.getWeights()[1] as tf.Tensor)]);
    expect(before).toBe(0);
    expect(model.getLayer('block5_conv1').getWeights()[1]?.dataSync()[0]).toBe(1);
  });

  it('returns the same halves on repeated calls (no graph growth per round)', () => {
    const first = splitAtLevel(model, '+B3');
    const nodes = model.getLayer('block4_conv1').inboundNodes.length;
    const again = splitAtLevel(model, '+B3');
    expect(again.top).toBe(first.top);
    expect(again.frozen).toBe(first.frozen);
    expect(model.getLayer('block4_conv1').inboundNodes.length).toBe(nodes);
  });

  it('disposing a split model frees every weight, the layers above each split too', () => {
    const before = tf.memory().numTensors;
    const m = buildModel(defaultModelConfig({ inputSize: 32, head: { units: [8] } }), { seed: 3 });
    for (const level of UNFREEZE_LEVELS) splitAtLevel(m, level);
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('cuts the frozen part exactly at the last frozen pool', () => {
    expect(splitAtLevel(model, 'FC').frozen?.outputs[0]?.shape).toEqual([null, 1, 1, 512]);
    expect(splitAtLevel(model, '+B5').frozen?.outputs[0]?.shape).toEqual([null, 2, 2, 512]);
    expect(splitAtLevel(model, '+B2').frozen?.outputs[0]?.shape).toEqual([null, 16, 16, 64]);
  });
});
