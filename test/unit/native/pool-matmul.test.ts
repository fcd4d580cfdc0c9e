/** fedcxr-native MaxPool(+Grad), BatchMatMul, _FusedMatMul and a small training step, against tfjs' cpu backend. */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { registerNativeBackend } from '../../../shared/engine/native/index.js';
import { compare, randomValues, relativeError, TOLERANCE, tryNative } from './helpers.js';

const native = await tryNative();

const poolCases = [
  { shape: [2, 8, 8, 3], k: 2, stride: 2, pad: 'valid' },
  { shape: [1, 7, 9, 1], k: 3, stride: 2, pad: 'same' },
  { shape: [3, 5, 5, 5], k: 2, stride: 1, pad: 'same' },
  { shape: [2, 9, 9, 3], k: 3, stride: 3, pad: 'valid' },
  { shape: [1, 7, 7, 4], k: 2, stride: 2, pad: 'valid' },
] as const;

// tfjs has no gradient for broadcast batch dims (grad: false): forward only there.
const matMulCases: { a: number[]; b: number[]; ta: boolean; tb: boolean; grad?: false }[] = [
  { a: [5, 7], b: [7, 3], ta: false, tb: false },
  { a: [7, 5], b: [7, 3], ta: true, tb: false },
  { a: [5, 7], b: [3, 7], ta: false, tb: true },
  { a: [7, 5], b: [3, 7], ta: true, tb: true },
  { a: [4, 5, 6], b: [4, 6, 3], ta: false, tb: false },
  { a: [2, 5, 6], b: [1, 6, 3], ta: false, tb: false, grad: false },
  { a: [1, 6, 5], b: [3, 6, 2], ta: true, tb: false, grad: false },
];

const size = (s: readonly number[]): number => s.reduce((p, q) => p * q, 1);

describe.skipIf(native.info === undefined)('fedcxr-native pool and matmul kernels', () => {
  it.each(poolCases)('MaxPool and MaxPoolGrad match cpu: %#', async (c) => {
    // Prepare
    const fn = (): tf.Tensor[] => {
      const x = tf.tensor4d(randomValues(size(c.shape), 70), [...c.shape]);
      const pool = (t: tf.Tensor): tf.Tensor4D => tf.maxPool(t as tf.Tensor4D, c.k, c.stride, c.pad);
      const y = pool(x);
      const r = tf.tensor(randomValues(y.size, 71), y.shape);
      const dx = tf.grad((t: tf.Tensor) => pool(t).mul(r).sum())(x);
      return [y, dx];
    };

    // Execute
    const run = await compare(fn);

    // Assert
    expect(relativeError(run.cpu[0]!, run.native[0]!)).toBeLessThan(TOLERANCE);
    expect(relativeError(run.cpu[1]!, run.native[1]!)).toBeLessThan(TOLERANCE);
    expect(run.nativeCalls('MaxPool')).toBeGreaterThan(0);
    expect(run.nativeCalls('MaxPoolGrad')).toBe(1);
    expect(run.fallbackCalls('MaxPoolGrad')).toBe(0);
  });

  it.each(matMulCases)('BatchMatMul and its gradients match cpu: %#', async (c) => {
    // Prepare
    const fn = (): tf.Tensor[] => {
      const a = tf.tensor(randomValues(size(c.a), 80), c.a);
      const b = tf.tensor(randomValues(size(c.b), 81), c.b);
      const mm = (p: tf.Tensor, q: tf.Tensor): tf.Tensor => tf.matMul(p, q, c.ta, c.tb);
      const y = mm(a, b);
      if (c.grad === false) return [y];
      const r = tf.tensor(randomValues(y.size, 82), y.shape);
      const [da, db] = tf.grads((p: tf.Tensor, q: tf.Tensor) => mm(p, q).mul(r).sum())([a, b]);
      return [y, da!, db!];
    };

    // Execute
    const run = await compare(fn);

    // Assert
    expect(run.native).toHaveLength(c.grad === false ? 1 : 3);
    run.cpu.forEach((v, i) => expect(relativeError(v, run.native[i]!), `output ${i}`).toBeLessThan(TOLERANCE));
    expect(run.nativeCalls('BatchMatMul')).toBeGreaterThan(0);
    expect(run.fallbackCalls('BatchMatMul')).toBe(0);
  });

  it.each(['relu', 'linear', 'sigmoid'] as const)('_FusedMatMul (bias + %s, a dense layer) matches cpu', async (activation) => {
    // Prepare
    const fn = (): tf.Tensor[] => {
      const x = tf.tensor2d(randomValues(4 * 9, 90), [4, 9]);
      const w = tf.tensor2d(randomValues(9 * 5, 91), [9, 5]);
      const bias = tf.tensor1d(randomValues(5, 92));
      const dense = (p: tf.Tensor, q: tf.Tensor, bb: tf.Tensor): tf.Tensor =>
        tf.fused.matMul({ a: p as tf.Tensor2D, b: q as tf.Tensor2D, bias: bb, activation });
      const [dx, dw, db] = tf.grads((p: tf.Tensor, q: tf.Tensor, bb: tf.Tensor) => dense(p, q, bb).square().sum())([x, w, bias]);
      return [dense(x, w, bias), dx!, dw!, db!];
    };

    // Execute
    const run = await compare(fn);

    // Assert: relu and linear run natively; sigmoid is handed to the cpu kernel.
    for (let i = 0; i < 4; i++) expect(relativeError(run.cpu[i]!, run.native[i]!), `output ${i}`).toBeLessThan(TOLERANCE);
    if (activation === 'sigmoid') expect(run.fallbackCalls('_FusedMatMul')).toBeGreaterThan(0);
    else expect(run.fallbackCalls('_FusedMatMul')).toBe(0);
  });

  it('a small VGG-style training step gives the same gradients as cpu', async () => {
    // Prepare: conv-relu-conv-relu-pool-conv-relu-pool-GAP-dense-relu-dense-sigmoid, as tfjs-layers builds it.
    const build = (): tf.Sequential => {
      const m = tf.sequential();
      m.add(tf.layers.conv2d({ inputShape: [12, 12, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.randomUniform({ seed: 1 }) }));
      m.add(tf.layers.conv2d({ filters: 5, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.randomUniform({ seed: 2 }) }));
      m.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
      m.add(tf.layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.randomUniform({ seed: 3 }) }));
      m.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
      m.add(tf.layers.globalAveragePooling2d({}));
      m.add(tf.layers.dense({ units: 8, activation: 'relu', kernelInitializer: tf.initializers.randomUniform({ seed: 4 }) }));
      m.add(tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.randomUniform({ seed: 5 }) }));
      return m;
    };
    const fn = (): tf.Tensor[] => {
      const model = build();
      const x = tf.tensor4d(randomValues(3 * 12 * 12 * 3, 100), [3, 12, 12, 3]);
      const y = tf.tensor2d([1, 0, 1], [3, 1]);
      const { value, grads } = tf.variableGrads(() => tf.losses.sigmoidCrossEntropy(y, model.apply(x) as tf.Tensor).asScalar());
      const out = [value, ...model.trainableWeights.map((w) => grads[w.originalName]!)];
      model.layers.forEach((l) => l.dispose());
      return out;
    };

    // Execute
    const run = await compare(fn);

    // Assert
    expect(run.native).toHaveLength(run.cpu.length);
    run.cpu.forEach((c, i) => expect(relativeError(c, run.native[i]!), `tensor ${i}`).toBeLessThan(1e-4));
    // Under a gradient tape tfjs unfuses conv + bias + relu: Conv2D runs, not FusedConv2D.
    expect(run.nativeCalls('Conv2D') + run.nativeCalls('FusedConv2D')).toBe(3);
    expect(run.nativeCalls('Conv2DBackpropFilter')).toBe(3);
  });

  it('registering again changes the thread count and keeps the backend', async () => {
    // Execute
    const one = await registerNativeBackend({ threads: 1, precision: 'fp32' });
    const two = await registerNativeBackend({ threads: 2, precision: 'fp32' });

    // Assert
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    expect(two.nativeKernels).toEqual(expect.arrayContaining(['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'MaxPool', 'MaxPoolGrad', 'BatchMatMul', '_FusedMatMul', 'FusedConv2D']));
    expect(tf.findBackendFactory('fedcxr-native')).not.toBeNull();
  });
});
