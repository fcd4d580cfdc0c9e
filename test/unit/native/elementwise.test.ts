/** fedcxr-native elementwise and reduction kernels against tfjs' cpu backend (broadcast modes, NaN, axes). */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { compare, randomValues, relativeError, TOLERANCE, tryNative } from './helpers.js';

const native = await tryNative();

const size = (s: readonly number[]): number => s.reduce((p, q) => p * q, 1);
const rand = (shape: number[], seed: number): tf.Tensor => tf.tensor(randomValues(size(shape), seed), shape);

// [a shape, b shape, whether the native kernel handles it (false: general broadcast, cpu kernel)].
const broadcastCases: [number[], number[], boolean][] = [
  [[2, 5, 5, 7], [2, 5, 5, 7], true],
  [[2, 5, 5, 7], [7], true],
  [[7], [2, 5, 5, 7], true],
  [[1, 1, 7], [3, 4, 7], true],
  [[2, 5, 5, 7], [], true],
  [[], [40000], true],
  [[3, 1], [1, 4], false],
];

describe.skipIf(native.info === undefined)('fedcxr-native elementwise kernels', () => {
  it.each(broadcastCases)('Add, Sub, Multiply, RealDiv of %j and %j match cpu', async (as, bs, handled) => {
    // Prepare: divisors kept away from zero.
    const fn = (): tf.Tensor[] => {
      const a = rand(as, 1);
      const b = rand(bs, 2);
      return [tf.add(a, b), tf.sub(a, b), tf.mul(a, b), tf.div(a, tf.abs(b).add(0.5))];
    };

    // Execute
    const run = await compare(fn);

    // Assert
    run.cpu.forEach((c, i) => expect(relativeError(c, run.native[i]!), `op ${i}`).toBeLessThan(TOLERANCE));
    // (Add also runs for the divisor's scalar offset, so Sub and Multiply tell the broadcast mode.)
    for (const k of ['Sub', 'Multiply']) {
      expect(run.nativeCalls(k) > 0, `${k} native`).toBe(handled);
    }
  });

  it('Relu, Step, Sqrt, Square, Neg match cpu, NaN included', async () => {
    // Prepare
    const fn = (): tf.Tensor[] => {
      const x = tf.concat([rand([50000], 3), tf.tensor1d([NaN, 0, -0, Infinity, -Infinity])]);
      return [tf.relu(x), tf.step(x), tf.step(x, 0.25), tf.sqrt(tf.abs(x)), tf.square(x), tf.neg(x)];
    };

    // Execute
    const run = await compare(fn);

    // Assert: identical values, NaN in the same places.
    run.cpu.forEach((c, i) => {
      const n = run.native[i]!;
      expect(Array.from(n.slice(-5)).map(String), `op ${i} specials`).toEqual(Array.from(c.slice(-5)).map(String));
      expect(relativeError(c.slice(0, -5), n.slice(0, -5)), `op ${i}`).toBeLessThan(TOLERANCE);
    });
    for (const k of ['Relu', 'Step', 'Sqrt', 'Square', 'Neg']) expect(run.nativeCalls(k), k).toBeGreaterThan(0);
  });

  it.each([
    [[0, 1, 2], false],
    [[1, 2], true],
    [[3], false],
    [[0], true],
    [[0, 1, 2, 3], false],
    [[0, 2], false],
  ] as const)('Sum and Mean over axes %j (keepDims %s) match cpu', async (axes, keepDims) => {
    // Prepare: bias-gradient-like ([N,H,W] of NHWC) and GAP-like ([H,W]) reductions.
    const fn = (): tf.Tensor[] => {
      const x = rand([3, 9, 11, 7], 4);
      return [tf.sum(x, [...axes], keepDims), tf.mean(x, [...axes], keepDims)];
    };

    // Execute
    const run = await compare(fn);

    // Assert
    run.cpu.forEach((c, i) => expect(relativeError(c, run.native[i]!), `op ${i}`).toBeLessThan(TOLERANCE));
    const contiguous = axes.length === 1 || axes.every((a, i) => i === 0 || a === (axes[i - 1] ?? 0) + 1);
    expect(run.nativeCalls('Sum') > 0).toBe(contiguous);
  });

  it('keeps the output shape tfjs gives', async () => {
    // Prepare
    await tf.setBackend('fedcxr-native');

    // Execute
    const shapes = tf.tidy(() => {
      const x = rand([2, 3, 4, 5], 5);
      return [tf.sum(x, [1, 2], true).shape, tf.mean(x, [0, 1, 2]).shape, tf.add(x, rand([5], 6)).shape, tf.mul(rand([1, 1, 5], 7), x).shape];
    });

    // Assert
    expect(shapes).toEqual([[2, 1, 1, 5], [5], [2, 3, 4, 5], [2, 3, 4, 5]]);
  });
});
