/** fedcxr-native conv kernels (Conv2D, FusedConv2D, both gradients) against tfjs' cpu backend. */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { compare, randomValues, relativeError, TOLERANCE, tryNative } from './helpers.js';

const native = await tryNative();

interface ConvCase {
  batch: number;
  h: number;
  w: number;
  cin: number;
  cout: number;
  k: number;
  stride: number;
  pad: 'same' | 'valid';
  dilation: number;
  /** tfjs has no conv2d gradient for dilation > 1: forward only. */
  forwardOnly?: boolean;
}

const cases: ConvCase[] = [
  { batch: 1, h: 7, w: 7, cin: 1, cout: 2, k: 3, stride: 1, pad: 'same', dilation: 1 },
  { batch: 2, h: 9, w: 8, cin: 3, cout: 5, k: 3, stride: 2, pad: 'same', dilation: 1 },
  { batch: 3, h: 11, w: 10, cin: 5, cout: 4, k: 3, stride: 2, pad: 'valid', dilation: 1 },
  { batch: 2, h: 6, w: 7, cin: 3, cout: 3, k: 2, stride: 1, pad: 'valid', dilation: 1 },
  { batch: 2, h: 8, w: 8, cin: 7, cout: 6, k: 1, stride: 1, pad: 'valid', dilation: 1 },
  { batch: 1, h: 13, w: 12, cin: 3, cout: 2, k: 5, stride: 3, pad: 'same', dilation: 1 },
  { batch: 1, h: 9, w: 9, cin: 3, cout: 4, k: 3, stride: 1, pad: 'same', dilation: 2, forwardOnly: true },
];

function tensors(c: ConvCase, seed: number): { x: tf.Tensor4D; f: tf.Tensor4D; b: tf.Tensor1D } {
  return {
    x: tf.tensor4d(randomValues(c.batch * c.h * c.w * c.cin, seed), [c.batch, c.h, c.w, c.cin]),
    f: tf.tensor4d(randomValues(c.k * c.k * c.cin * c.cout, seed + 1), [c.k, c.k, c.cin, c.cout]),
    b: tf.tensor1d(randomValues(c.cout, seed + 2)),
  };
}

const label = (c: ConvCase): string =>
  `${c.batch}x${c.h}x${c.w}x${c.cin} → ${c.cout}, ${c.k}x${c.k} stride ${c.stride} ${c.pad} dilation ${c.dilation}`;

describe.skipIf(native.info === undefined)('fedcxr-native conv kernels', () => {
  it.each(cases)('Conv2D and its gradients match cpu: %#', async (c) => {
    // Prepare: a loss whose dy is not uniform, so both gradients are exercised fully.
    const fn = (): tf.Tensor[] => {
      const { x, f } = tensors(c, 10);
      const conv = (a: tf.Tensor, w: tf.Tensor): tf.Tensor4D =>
        tf.conv2d(a as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.pad, 'NHWC', c.dilation);
      const y = conv(x, f);
      if (c.forwardOnly === true) return [y];
      const r = tf.tensor(randomValues(y.size, 20), y.shape);
      const [dx, df] = tf.grads((a: tf.Tensor, w: tf.Tensor) => conv(a, w).mul(r).sum())([x, f]);
      return [y, dx!, df!];
    };

    // Execute
    const run = await compare(fn);

    // Assert
    expect(run.native[0]!.length, label(c)).toBe(run.cpu[0]!.length);
    expect(run.native).toHaveLength(c.forwardOnly === true ? 1 : 3);
    run.cpu.forEach((v, i) => expect(relativeError(v, run.native[i]!), `${label(c)} output ${i}`).toBeLessThan(TOLERANCE));
    for (const k of c.forwardOnly === true ? ['Conv2D'] : ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter']) {
      expect(run.nativeCalls(k), `${k} ran natively`).toBeGreaterThan(0);
      expect(run.fallbackCalls(k), `${k} fell back`).toBe(0);
    }
  });

  it.each(['relu', 'linear'] as const)('FusedConv2D (bias + %s) and its gradients match cpu', async (activation) => {
    // Prepare: the call tfjs-layers makes for a Conv2D layer with bias and activation.
    const c = cases[1]!;
    const fn = (): tf.Tensor[] => {
      const { x, f, b } = tensors(c, 30);
      const conv = (a: tf.Tensor, w: tf.Tensor, bias: tf.Tensor): tf.Tensor4D =>
        tf.fused.conv2d({ x: a as tf.Tensor4D, filter: w as tf.Tensor4D, strides: c.stride, pad: c.pad, bias, activation });
      const y = conv(x, f, b);
      const r = tf.tensor(randomValues(y.size, 40), y.shape);
      const [dx, df, db] = tf.grads((a: tf.Tensor, w: tf.Tensor, bias: tf.Tensor) => conv(a, w, bias).mul(r).sum())([x, f, b]);
      return [y, dx!, df!, db!];
    };

    // Execute
    const run = await compare(fn);

    // Assert
    for (let i = 0; i < 4; i++) expect(relativeError(run.cpu[i]!, run.native[i]!), `output ${i}`).toBeLessThan(TOLERANCE);
    expect(run.nativeCalls('FusedConv2D')).toBeGreaterThan(0);
    expect(run.fallbackCalls('FusedConv2D')).toBe(0);
  });

  it('FusedConv2D with an activation oneDNN is not given (elu) falls back to cpu and still matches', async () => {
    // Prepare
    const c = cases[2]!;
    const fn = (): tf.Tensor => {
      const { x, f, b } = tensors(c, 50);
      return tf.fused.conv2d({ x, filter: f, strides: c.stride, pad: c.pad, bias: b, activation: 'elu' });
    };

    // Execute
    const run = await compare(fn);

    // Assert
    expect(relativeError(run.cpu[0]!, run.native[0]!)).toBeLessThan(TOLERANCE);
    expect(run.fallbackCalls('FusedConv2D')).toBe(1);
  });

  it('does not leak tensors across repeated calls', async () => {
    // Prepare
    await tf.setBackend('fedcxr-native');
    const c = cases[1]!;
    const step = (): void => {
      tf.tidy(() => {
        const { x, f, b } = tensors(c, 60);
        tf.grads((a: tf.Tensor, w: tf.Tensor) => tf.fused.conv2d({ x: a as tf.Tensor4D, filter: w as tf.Tensor4D, strides: 2, pad: 'same', bias: b, activation: 'relu' }).sum())([x, f]);
      });
    };
    step();
    const before = tf.memory().numTensors;

    // Execute
    for (let i = 0; i < 3; i++) step();

    // Assert
    expect(tf.memory().numTensors).toBe(before);
  });
});
