import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValueError } from '../../../shared/domain/errors.js';
import { defaultModelConfig } from '../../../shared/model/config.js';
import { hashTensor, hashTensorSet } from '../../../shared/model/hash.js';
import type { NamedTensor } from '../../../shared/domain/tensor-set.js';
import { checkpointFromModel, modelFromCheckpoint } from '../../../shared/model/model-checkpoint.js';
import { buildModel } from '../../../shared/model/vgg16.js';
import { getTensorSet, setTensorSet, trainableTensorSet } from '../../../shared/model/weights.js';

const config = defaultModelConfig({ inputSize: 32, head: { units: [8] } });
let a: tf.LayersModel;
let b: tf.LayersModel;

beforeAll(async () => {
  await tf.setBackend('cpu');
  [a, b] = [buildModel(config, { seed: 1 }), buildModel(config, { seed: 2 })];
});
afterAll(() => {
  a.dispose();
  b.dispose();
});

describe('getTensorSet / setTensorSet', () => {
  it('names tensors layer/kernel and layer/bias in model order, stable across models', () => {
    const names = getTensorSet(a).map((t) => t.name);
    expect(names.slice(0, 3)).toEqual(['block1_conv1/kernel', 'block1_conv1/bias', 'block1_conv2/kernel']);
    expect(names.slice(-2)).toEqual(['head_output/kernel', 'head_output/bias']);
    expect(getTensorSet(b).map((t) => t.name)).toEqual(names); // tfjs renames duplicate variables; we do not
  });

  it('copies weights from one model into another exactly', () => {
    expect(hashTensorSet(getTensorSet(a))).not.toBe(hashTensorSet(getTensorSet(b)));
    setTensorSet(b, trainableTensorSet(a, '+B5'));
    expect(hashTensorSet(trainableTensorSet(b, '+B5'))).toBe(hashTensorSet(trainableTensorSet(a, '+B5')));
    expect(hashTensorSet(getTensorSet(b))).not.toBe(hashTensorSet(getTensorSet(a))); // lower blocks untouched
  });

  it('returns copies: later writes to the model do not change a taken set', () => {
    const before = getTensorSet(a, (n) => n === 'head_output');
    const h = hashTensorSet(before);
    setTensorSet(a, [{ name: 'head_output/bias', shape: [1], data: new Float32Array([5]) }]);
    expect(hashTensorSet(before)).toBe(h);
    expect(getTensorSet(a, (n) => n === 'head_output')[1]?.data[0]).toBe(5);
  });

  it('rejects a shape mismatch naming the tensor and both shapes, writing nothing', () => {
    const good: NamedTensor = { name: 'head_output/bias', shape: [1], data: new Float32Array([9]) };
    const bad: NamedTensor = { name: 'head_dense_1/kernel', shape: [8, 512], data: new Float32Array(8 * 512) };
    const err = (() => {
      try {
        setTensorSet(a, [good, bad]);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ValueError);
    expect((err as ValueError).field).toBe('head_dense_1/kernel');
    expect((err as ValueError).message).toMatch(/\[512,8\].*\[8,512\]/);
    expect(getTensorSet(a, (n) => n === 'head_output')[1]?.data[0]).not.toBe(9);
  });

  it('rejects unknown names and wrong value counts', () => {
    expect(() => setTensorSet(a, [{ name: 'fc1/kernel', shape: [1], data: new Float32Array(1) }])).toThrow(/no weight named fc1\/kernel/);
    expect(() => setTensorSet(a, [{ name: 'head_output/bias', shape: [1], data: new Float32Array(2) }])).toThrow(ValueError);
  });
});

describe('checkpointFromModel / modelFromCheckpoint', () => {
  it('rebuilds a model with identical weights and records the parent hash', () => {
    const parent = checkpointFromModel(b, config, { source: 'test:parent' });
    const ckpt = checkpointFromModel(a, config, { source: 'test', parent, level: 'FC', createdAt: '2026-01-01T00:00:00Z' });
    const rebuilt = modelFromCheckpoint(ckpt);
    expect(hashTensorSet(getTensorSet(rebuilt))).toBe(hashTensorSet(getTensorSet(a)));
    expect(ckpt.provenance).toEqual({ createdAt: '2026-01-01T00:00:00Z', source: 'test', parentHash: hashTensorSet(parent.tensors) });
    rebuilt.dispose();
  });

  it('refuses a checkpoint whose tensors do not fit its config', () => {
    const ckpt = checkpointFromModel(a, config, { source: 'test' });
    expect(() => modelFromCheckpoint({ ...ckpt, config: defaultModelConfig({ inputSize: 32, head: { units: [4] } }) })).toThrow(
      /head_dense_1\/kernel: model shape \[512,4\] ≠ given shape \[512,8\]/,
    );
  });
});

describe('hashTensorSet', () => {
  const t = (name: string, values: number[], shape = [values.length]): NamedTensor => ({ name, shape, data: Float32Array.from(values) });

  it('is deterministic and sensitive to values, names, shapes and order', () => {
    const base = [t('a/kernel', [1, 2, 3, 4]), t('a/bias', [0])];
    const h = hashTensorSet(base);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashTensorSet([t('a/kernel', [1, 2, 3, 4]), t('a/bias', [0])])).toBe(h);
    expect(hashTensorSet([t('a/kernel', [1, 2, 3, 4.000001]), t('a/bias', [0])])).not.toBe(h);
    expect(hashTensorSet([t('b/kernel', [1, 2, 3, 4]), t('a/bias', [0])])).not.toBe(h);
    expect(hashTensorSet([t('a/kernel', [1, 2, 3, 4], [2, 2]), t('a/bias', [0])])).not.toBe(h);
    expect(hashTensorSet([t('a/bias', [0]), t('a/kernel', [1, 2, 3, 4])])).not.toBe(h);
    expect(hashTensorSet([t('a/kernel', [1, 2, 3, 4]), t('a/bias', [-0])])).not.toBe(h); // bytes, not values
    expect(hashTensor(t('a/bias', [0]))).not.toBe(hashTensor(t('a/bias', [1])));
  });
});
