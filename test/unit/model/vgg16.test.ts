import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/domain/errors.js';
import { defaultModelConfig, parseModelConfig } from '../../../shared/model/config.js';
import {
  buildModel,
  isTrunkLayer,
  layerParamCount,
  modelWeightSpecs,
  VGG16_TRUNK_PARAMS,
} from '../../../shared/model/vgg16.js';
import { hashTensorSet } from '../../../shared/model/hash.js';
import { getTensorSet } from '../../../shared/model/weights.js';

/** Keras `VGG16(include_top=False)` layer names and output shapes at 224×224 (from `model.summary()`). */
const KERAS_TRUNK: Array<[string, number[]]> = [
  ['input_1', [224, 224, 3]],
  ['block1_conv1', [224, 224, 64]],
  ['block1_conv2', [224, 224, 64]],
  ['block1_pool', [112, 112, 64]],
  ['block2_conv1', [112, 112, 128]],
  ['block2_conv2', [112, 112, 128]],
  ['block2_pool', [56, 56, 128]],
  ['block3_conv1', [56, 56, 256]],
  ['block3_conv2', [56, 56, 256]],
  ['block3_conv3', [56, 56, 256]],
  ['block3_pool', [28, 28, 256]],
  ['block4_conv1', [28, 28, 512]],
  ['block4_conv2', [28, 28, 512]],
  ['block4_conv3', [28, 28, 512]],
  ['block4_pool', [14, 14, 512]],
  ['block5_conv1', [14, 14, 512]],
  ['block5_conv2', [14, 14, 512]],
  ['block5_conv3', [14, 14, 512]],
  ['block5_pool', [7, 7, 512]],
];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('buildModel at 224 (Keras include_top=False trunk)', () => {
  let model: tf.LayersModel;
  beforeAll(() => {
    model = buildModel(defaultModelConfig());
  });
  afterAll(() => model.dispose());

  it('has exactly the Keras trunk layer names and output shapes, then the head', () => {
    const trunk = model.layers.filter((l) => isTrunkLayer(l.name));
    expect(trunk.map((l) => [l.name, (l.outputShape as number[]).slice(1)])).toEqual(KERAS_TRUNK);
    expect(model.layers.slice(trunk.length).map((l) => l.name)).toEqual(['head_pool', 'head_dense_1', 'head_dropout_1', 'head_output']);
  });

  it('has 14,714,688 trunk parameters and the expected head parameters', () => {
    const trunk = model.layers.filter((l) => isTrunkLayer(l.name)).reduce((n, l) => n + layerParamCount(l), 0);
    const head = model.layers.filter((l) => !isTrunkLayer(l.name)).reduce((n, l) => n + layerParamCount(l), 0);
    expect(trunk).toBe(14_714_688);
    expect(VGG16_TRUNK_PARAMS).toBe(14_714_688);
    expect(head).toBe(512 * 256 + 256 + 256 + 1);
    expect(model.countParams()).toBe(trunk + head);
  });

  it('uses 3×3 same-padded relu convs with zero bias and a sigmoid output', () => {
    const conv = model.getLayer('block3_conv2').getConfig();
    expect(conv.kernelSize).toEqual([3, 3]);
    expect(conv.padding).toBe('same');
    expect(conv.activation).toBe('relu');
    const bias = model.getLayer('block3_conv2').getWeights()[1];
    expect(bias?.shape).toEqual([256]);
    expect(bias?.abs().max().dataSync()[0]).toBe(0);
    expect(model.getLayer('head_output').getConfig().activation).toBe('sigmoid');
    expect(model.outputs[0]?.shape).toEqual([null, 1]);
  });
});

describe('buildModel at other sizes and heads', () => {
  it('accepts any input ≥ 32 (e.g. 48) and keeps the trunk parameter count', () => {
    const m = buildModel(defaultModelConfig({ inputSize: 48 }));
    expect(m.getLayer('block5_pool').outputShape).toEqual([null, 1, 1, 512]);
    const trunk = m.layers.filter((l) => isTrunkLayer(l.name)).reduce((n, l) => n + layerParamCount(l), 0);
    expect(trunk).toBe(VGG16_TRUNK_PARAMS);
    m.dispose();
  });

  it('rejects inputs below 32 and other bad configs with ConfigError', () => {
    expect(() => defaultModelConfig({ inputSize: 31 })).toThrow(ConfigError);
    expect(() => defaultModelConfig({ inputSize: 16 })).toThrow(/at least 32/);
    expect(() => parseModelConfig({ inputSize: 64, head: { pooling: 'max', units: [], dropout: 0 } })).toThrow(/head\.pooling/);
    expect(() => defaultModelConfig({ head: { dropout: 1 } })).toThrow(ConfigError);
  });

  it('builds a flatten head with several dense layers whose weights match modelWeightSpecs', () => {
    const config = defaultModelConfig({ inputSize: 64, head: { pooling: 'flatten', units: [32, 8], dropout: 0.2 } });
    const m = buildModel(config);
    const names = m.layers.map((l) => l.name).slice(-6);
    expect(names).toEqual(['head_flatten', 'head_dense_1', 'head_dropout_1', 'head_dense_2', 'head_dropout_2', 'head_output']);
    const actual = getTensorSet(m).map((t) => ({ name: t.name, shape: [...t.shape] }));
    expect(modelWeightSpecs(config).map((s) => ({ name: s.name, shape: [...s.shape] }))).toEqual(actual);
    expect(actual.find((t) => t.name === 'head_dense_1/kernel')?.shape).toEqual([2 * 2 * 512, 32]);
    m.dispose();
  });

  it('puts one dropout before the output when the head has no hidden layer', () => {
    const m = buildModel(defaultModelConfig({ inputSize: 32, head: { units: [] } }));
    expect(m.layers.slice(-3).map((l) => l.name)).toEqual(['head_pool', 'head_dropout', 'head_output']);
    m.dispose();
  });

  it('initialises identically from the same seed and differently from another', () => {
    const config = defaultModelConfig({ inputSize: 32 });
    const [a, b, c] = [buildModel(config, { seed: 7 }), buildModel(config, { seed: 7 }), buildModel(config, { seed: 8 })];
    const k = (m: tf.LayersModel): Float32Array => getTensorSet(m, (n) => n === 'block4_conv1')[0]?.data ?? new Float32Array();
    // Compare via hashes: deep equality over 1.2 M floats is needlessly slow in vitest.
    expect(hashTensorSet(getTensorSet(a))).toBe(hashTensorSet(getTensorSet(b)));
    expect(hashTensorSet(getTensorSet(a, (n) => n === 'block4_conv1'))).not.toBe(
      hashTensorSet(getTensorSet(c, (n) => n === 'block4_conv1')),
    );
    // Glorot-uniform bound for a 3×3×256→512 conv: sqrt(6 / (fanIn + fanOut)).
    const limit = Math.sqrt(6 / (9 * 256 + 9 * 512));
    const maxAbs = k(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(maxAbs).toBeLessThanOrEqual(limit);
    expect(maxAbs).toBeGreaterThan(0.9 * limit);
    for (const m of [a, b, c]) m.dispose();
  });
});
