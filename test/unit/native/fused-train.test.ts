/** The native engine's fused training pieces: ReLU's gradient kernel and NativeAdam, against tfjs' own on cpu. */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadAddon } from '../../../shared/engine/native/addon.js';
import { NativeAdam } from '../../../shared/engine/native/adam.js';
import { FILTER_BIAS_GRAD_KERNEL } from '../../../shared/engine/native/conv.js';
import { RELU_GRAD_KERNEL } from '../../../shared/engine/native/relu-grad.js';
import { fuseForNativeTraining, nativeCallCounts, resetNativeCallCounts } from '../../../shared/engine/native/index.js';
import { createOptimizer, type TrainOptimizer } from '../../../shared/train/optimizer.js';
import { compare, randomValues, relativeError, TOLERANCE, tryNative } from './helpers.js';

const native = await tryNative();

/** Runs `steps` optimizer steps of a small quadratic problem on `backend`; returns the final weights. */
async function optimise(backend: string, make: () => TrainOptimizer, steps: number): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const w1 = tf.variable(tf.tensor(randomValues(3 * 3 * 4 * 5, 1), [3, 3, 4, 5]), true, `adam_w1_${backend}`);
  const w2 = tf.variable(tf.tensor(randomValues(70_000, 2), [70_000]), true, `adam_w2_${backend}`);
  const target = tf.tensor(randomValues(70_000, 3), [70_000]);
  const opt = make();
  for (let s = 0; s < steps; s++) {
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => w1.square().sum().add(w2.sub(target).mul(w2.add(0.3)).square().mean()) as tf.Scalar, [w1, w2]);
      opt.applyGradients(grads);
    });
  }
  const out = [w1.dataSync() as Float32Array, w2.dataSync() as Float32Array].map((a) => a.slice());
  opt.dispose();
  tf.dispose([w1, w2, target]);
  return out;
}

/** A conv → conv → pool → dense net (VGG-style layers: 'same' padding, bias, ReLU), seeded weights. */
function smallNet(): tf.LayersModel {
  const input = tf.input({ shape: [9, 9, 3] });
  let x = tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c1', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), biasInitializer: tf.initializers.randomUniform({ minval: -0.2, maxval: 0.2, seed: 2 }) }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'valid', activation: 'relu', name: 'c2', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }), biasInitializer: tf.initializers.randomUniform({ minval: -0.2, maxval: 0.2, seed: 4 }) }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

/** Gradients of a squared loss over every weight of `smallNet` (and of the input), in weight order. */
async function netGrads(backend: string, fuse: boolean): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const net = smallNet();
  if (fuse) fuseForNativeTraining(net);
  const x = tf.tensor(randomValues(2 * 9 * 9 * 3, 6), [2, 9, 9, 3]);
  const xv = tf.variable(x, true, `fused_conv_input_${backend}_${fuse}`);
  const vars = [xv, ...net.trainableWeights.map((w) => w.read() as tf.Variable)];
  const { grads } = tf.variableGrads(() => (net.apply(xv, { training: true }) as tf.Tensor).square().sum() as tf.Scalar, vars);
  const out = vars.map((v) => (grads[v.name] as tf.Tensor).dataSync() as Float32Array).map((a) => a.slice());
  tf.dispose([x, xv, ...Object.values(grads)]);
  net.dispose();
  return out;
}

describe.skipIf(native.info === undefined)('fedcxr-native fused training kernels', () => {
  it('conv + bias + ReLU runs as one FusedConv2D under the tape, with the gradients of the unfused layers', async () => {
    // Execute: tfjs' own (unfused) layers on cpu vs fused layers on the native engine.
    const expected = await netGrads('cpu', false);
    resetNativeCallCounts();
    const actual = await netGrads('fedcxr-native', true);
    const calls = new Map(nativeCallCounts());

    // Assert: gradients of the input, both kernels, both biases and the dense layer agree.
    expect(actual.length).toBe(7);
    expected.forEach((e, i) => {
      expect(e.some((v) => v !== 0), `gradient ${i} non-zero`).toBe(true);
      expect(relativeError(e, actual[i]!), `gradient ${i}`).toBeLessThan(TOLERANCE);
    });
    expect(calls.get('FusedConv2D')?.native).toBe(2);
    expect(calls.get(FILTER_BIAS_GRAD_KERNEL)?.native).toBe(2);
    expect(calls.get('Conv2D')?.native ?? 0).toBe(0);
    expect(calls.get('Relu')?.native ?? 0).toBe(0);
  });

  it.each([
    [[2, 9, 7, 5], [3, 3, 5, 4], [1, 1], 'same'],
    [[1, 10, 11, 3], [3, 3, 3, 6], [2, 2], 'valid'],
  ] as const)('the filter + bias gradient kernel of x %j, filter %j, strides %j, %s matches Conv2DBackpropFilter and Sum on cpu', async (xs, fs, strides, pad) => {
    // Prepare
    const fn = (): tf.Tensor[] => {
      const x = tf.tensor(randomValues(xs.reduce((a: number, b: number) => a * b, 1), 8), [...xs]);
      const y = tf.conv2d(x as tf.Tensor4D, tf.zeros([...fs]) as tf.Tensor4D, [...strides], pad);
      const dy = tf.tensor(randomValues(y.size, 9), y.shape);
      const attrs = { strides: [...strides], pad, dataFormat: 'NHWC', filterShape: [...fs] };
      if (tf.getBackend() === 'cpu') {
        return [tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs) as tf.Tensor, dy.sum([0, 1, 2])];
      }
      return tf.engine().runKernel(FILTER_BIAS_GRAD_KERNEL, { x, dy }, attrs) as tf.Tensor[];
    };

    // Execute
    const run = await compare(fn);

    // Assert
    run.cpu.forEach((c, i) => expect(relativeError(c, run.native[i]!), `output ${i}`).toBeLessThan(TOLERANCE));
    expect(run.nativeCalls(FILTER_BIAS_GRAD_KERNEL)).toBe(1);
  });

  it('fused layers are left to tfjs on other engines', async () => {
    const expected = await netGrads('cpu', false);
    const actual = await netGrads('cpu', true);
    expected.forEach((e, i) => expect(Array.from(actual[i]!)).toEqual(Array.from(e)));
  });

  it('ReLU gradient runs as one native kernel and matches cpu, NaN and zeros included', async () => {
    // Prepare: x has negatives, exact zeros and a NaN; dy has negatives so 0·dy signs show.
    const fn = (): tf.Tensor[] => {
      const x = tf.concat([tf.tensor(randomValues(60_000, 4)), tf.tensor1d([0, -0, NaN, 2, -2])]);
      const dy = tf.concat([tf.tensor(randomValues(60_000, 5)), tf.tensor1d([-1, 1, 1, -3, -3])]);
      const g = tf.grad((v: tf.Tensor) => tf.relu(v).mul(dy).sum())(x);
      return [g];
    };

    // Execute
    const run = await compare(fn);

    // Assert
    const [c, n] = [run.cpu[0]!, run.native[0]!];
    expect(Array.from(n.slice(-5)).map(String)).toEqual(Array.from(c.slice(-5)).map(String));
    expect(relativeError(c.slice(0, -5), n.slice(0, -5))).toBe(0);
    expect(run.nativeCalls(RELU_GRAD_KERNEL)).toBe(1);
  });

  it('NativeAdam gives the weights of tf.train.adam over 6 steps', async () => {
    // Execute: tfjs Adam on cpu vs the fused native one.
    const expected = await optimise('cpu', () => tf.train.adam(0.01) as tf.Optimizer, 6);
    const actual = await optimise('fedcxr-native', () => new NativeAdam(loadAddon(), { learningRate: 0.01 }), 6);

    // Assert: weights moved, and both optimisers agree to float32 rounding.
    const start = randomValues(70_000, 2);
    expect(relativeError(start, expected[1]!)).toBeGreaterThan(0.01);
    expected.forEach((e, i) => expect(relativeError(e, actual[i]!), `variable ${i}`).toBeLessThan(TOLERANCE));
  });

  it('createOptimizer picks NativeAdam on the native engine and tfjs Adam elsewhere', async () => {
    await tf.setBackend('fedcxr-native');
    expect(createOptimizer('adam', 1e-3)).toBeInstanceOf(NativeAdam);
    expect(createOptimizer('sgd', 1e-3)).not.toBeInstanceOf(NativeAdam);
    await tf.setBackend('cpu');
    expect(createOptimizer('adam', 1e-3)).not.toBeInstanceOf(NativeAdam);
  });

  it('NativeAdam refuses a gradient for an unknown variable or of the wrong size, naming it', async () => {
    await tf.setBackend('fedcxr-native');
    const v = tf.variable(tf.zeros([4]), true, 'adam_size_check');
    const opt = new NativeAdam(loadAddon(), { learningRate: 0.1 });
    expect(() => opt.applyGradients({ no_such_variable: tf.zeros([4]) })).toThrow(/no_such_variable/);
    expect(() => opt.applyGradients({ adam_size_check: tf.zeros([5]) })).toThrow(/adam_size_check.*5 values.*4/);
    v.dispose();
  });
});
