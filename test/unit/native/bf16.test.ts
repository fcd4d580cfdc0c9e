/**
 * fedcxr-native in bf16: convolutions (both gradients) and matmuls against fp32 with bf16 tolerances, exact on
 * inputs that bf16 holds exactly (so layouts, transposes and broadcasts are checked bit for bit), and a training
 * run whose master weights stay fp32. Skips with the reason on CPUs without native bf16 (AVX512-BF16 / AMX).
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadAddon } from '../../../shared/engine/native/addon.js';
import { NativeAdam } from '../../../shared/engine/native/adam.js';
import { registerNativeBackend, type NativePrecision } from '../../../shared/engine/native/index.js';
import { randomValues, relativeError, runOn, tryNative } from './helpers.js';

const native = await tryNative();
const support = native.info === undefined ? undefined : loadAddon().cpuSupport();
const skipWhy =
  native.info === undefined
    ? native.why
    : support?.bf16 === true
      ? ''
      : `skipping bf16 kernel tests: this CPU has no native bf16 (oneDNN ISA ${support?.isa ?? 'unknown'})`;
if (skipWhy !== '' && native.info !== undefined) console.warn(skipWhy);

/**
 * bf16 keeps 8 significant bits: each operand is off by ≤ 2^-9 relative, so a dot product of random-signed terms is
 * off by a few 2^-9 of its largest term. Measured ~0.002 on these shapes; fp32 gives ~1e-7.
 */
const BF16_TOLERANCE = 1e-2;
/** Below this, the result did not go through bf16 at all (fp32 reorderings stay under 1e-5). */
const BF16_MIN_DIFFERENCE = 1e-4;
/** Narrowest product the engine runs in bf16 (`kBf16MinWidth` in the addon): narrower ones keep fp32 operands. */
const BF16_MIN_WIDTH = 16;

/** Runs `fn` on the native engine in `precision`. */
async function onNative(precision: NativePrecision, fn: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  await registerNativeBackend({ threads: 2, precision });
  return runOn('fedcxr-native', fn);
}

/** Values on a grid bf16 holds exactly (k/8 for |k| ≤ 16): products and their sums stay exact in fp32 too. */
function gridValues(n: number, seed: number): Float32Array {
  return randomValues(n, seed).map((v) => Math.round(v * 16) / 8);
}

const convCases = [
  { batch: 2, h: 9, w: 8, cin: 3, cout: 5, stride: 1, pad: 'same' as const },
  { batch: 2, h: 12, w: 12, cin: 32, cout: 16, stride: 1, pad: 'same' as const },
  { batch: 3, h: 11, w: 10, cin: 16, cout: 24, stride: 2, pad: 'valid' as const },
];

/** Conv forward and both gradients of a loss with a non-uniform dy, from the given value generator. */
function convFn(c: (typeof convCases)[number], values: (n: number, seed: number) => Float32Array): () => tf.Tensor[] {
  return () => {
    const x = tf.tensor4d(values(c.batch * c.h * c.w * c.cin, 1), [c.batch, c.h, c.w, c.cin]);
    const f = tf.tensor4d(values(9 * c.cin * c.cout, 2), [3, 3, c.cin, c.cout]);
    const conv = (a: tf.Tensor, w: tf.Tensor): tf.Tensor4D => tf.conv2d(a as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.pad);
    const y = conv(x, f);
    const r = tf.tensor(values(y.size, 3), y.shape);
    const [dx, df] = tf.grads((a: tf.Tensor, w: tf.Tensor) => conv(a, w).mul(r).sum())([x, f]);
    return [y, dx!, df!];
  };
}

/** Matmuls covering both transposes, a broadcast batch and the fused bias + ReLU epilogue. */
function matMulFn(values: (n: number, seed: number) => Float32Array): () => tf.Tensor[] {
  return () => {
    const a = tf.tensor3d(values(3 * 40 * 70, 4), [3, 40, 70]);
    const b = tf.tensor3d(values(3 * 70 * 50, 5), [3, 70, 50]);
    const a1 = tf.tensor3d(values(40 * 70, 6), [1, 40, 70]);
    const bias = tf.tensor1d(values(50, 7));
    return [
      tf.matMul(a, b),
      tf.matMul(a.transpose([0, 2, 1]), b, true, false),
      tf.matMul(a, b.transpose([0, 2, 1]), false, true),
      tf.matMul(a1, b),
      tf.fused.matMul({ a: a.reshape([120, 70]), b: b.slice([0, 0, 0], [1, 70, 50]).reshape([70, 50]), bias, activation: 'relu' }),
    ];
  };
}

describe.skipIf(skipWhy !== '')('fedcxr-native bf16 kernels', () => {
  afterEach(async () => {
    await registerNativeBackend({ threads: 2, precision: 'fp32' });
  });

  it.each(convCases.filter((c) => c.cin >= BF16_MIN_WIDTH))('Conv2D and both gradients in bf16 are within bf16 tolerance of fp32: %#', async (c) => {
    // Execute
    const fp32 = await onNative('fp32', convFn(c, randomValues));
    const bf16 = await onNative('bf16', convFn(c, randomValues));

    // Assert: close to fp32, but not fp32 (the operands really were rounded).
    fp32.forEach((f, i) => {
      const err = relativeError(f, bf16[i]!);
      expect(err, `output ${i}`).toBeLessThan(BF16_TOLERANCE);
      expect(err, `output ${i}`).toBeGreaterThan(BF16_MIN_DIFFERENCE);
    });
  });

  it('keeps fp32 operands in bf16 mode where the product is narrower than 16 (first conv, logit layer)', async () => {
    // Prepare: a 3-channel conv (the image's own channels) and a matmul with one output column.
    const narrow = (): tf.Tensor[] => {
      const x = tf.tensor4d(randomValues(2 * 9 * 8 * 3, 21), [2, 9, 8, 3]);
      const f = tf.tensor4d(randomValues(9 * 3 * 32, 22), [3, 3, 3, 32]);
      const a = tf.tensor2d(randomValues(16 * 256, 23), [16, 256]);
      const w = tf.tensor2d(randomValues(256, 24), [256, 1]);
      const g = tf.tensor2d(randomValues(16, 25), [16, 1]);
      const [dx, df] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.conv2d(p as tf.Tensor4D, q as tf.Tensor4D, 1, 'same').sum())([x, f]);
      return [tf.conv2d(x, f, 1, 'same'), dx!, df!, tf.matMul(a, w), tf.matMul(a, g, true, false)];
    };

    // Execute
    const fp32 = await onNative('fp32', narrow);
    const bf16 = await onNative('bf16', narrow);

    // Assert: fp32 results (bf16 operands would be ~1e-3 off).
    fp32.forEach((f, i) => expect(relativeError(f, bf16[i]!), `output ${i}`).toBeLessThan(1e-5));
  });

  it.each(convCases)('Conv2D and both gradients in bf16 are exact on bf16-exact inputs (layouts checked): %#', async (c) => {
    // Execute: the cpu backend is the reference.
    const expected = await runOn('cpu', convFn(c, gridValues));
    const actual = await onNative('bf16', convFn(c, gridValues));

    // Assert
    expected.forEach((e, i) => expect(relativeError(e, actual[i]!), `output ${i}`).toBeLessThan(1e-6));
  });

  it('matmuls (transposes, broadcast batch, fused bias + ReLU) in bf16: near fp32 on random, exact on the grid', async () => {
    // Execute
    const fp32 = await onNative('fp32', matMulFn(randomValues));
    const bf16 = await onNative('bf16', matMulFn(randomValues));
    const exact = await runOn('cpu', matMulFn(gridValues));
    const bf16Grid = await onNative('bf16', matMulFn(gridValues));

    // Assert
    fp32.forEach((f, i) => {
      expect(relativeError(f, bf16[i]!), `random ${i}`).toBeLessThan(BF16_TOLERANCE);
      expect(relativeError(f, bf16[i]!), `random ${i}`).toBeGreaterThan(BF16_MIN_DIFFERENCE);
    });
    exact.forEach((e, i) => expect(relativeError(e, bf16Grid[i]!), `grid ${i}`).toBeLessThan(1e-6));
  });

  it('trains with fp32 master weights: the loss tracks fp32 and updates finer than bf16 resolution survive', async () => {
    // Prepare: conv → relu → dense on fixed data; the filter starts bf16-exact (low 16 bits zero), and Adam's
    // steps (lr 1e-3) are far below bf16's spacing near 1 (2^-7), so bf16 master weights could not hold them.
    const train = async (precision: NativePrecision): Promise<{ losses: number[]; weights: Float32Array }> => {
      await registerNativeBackend({ threads: 2, precision });
      await tf.setBackend('fedcxr-native');
      const x = tf.tensor4d(randomValues(4 * 8 * 8 * 16, 11), [4, 8, 8, 16]);
      const y = tf.tensor2d(randomValues(4 * 16, 12), [4, 16]);
      const f = tf.variable(tf.tensor4d(gridValues(9 * 16 * 8, 13), [3, 3, 16, 8]), true, `bf16_f_${precision}`);
      const d = tf.variable(tf.tensor2d(randomValues(512 * 16, 14).map((v) => v * 0.05), [512, 16]), true, `bf16_d_${precision}`);
      const opt = new NativeAdam(loadAddon(), { learningRate: 1e-3 });
      const losses: number[] = [];
      for (let step = 0; step < 8; step++) {
        tf.tidy(() => {
          const { value, grads } = tf.variableGrads(
            () => tf.conv2d(x, f as tf.Tensor4D, 1, 'same').relu().reshape([4, 512]).matMul(d).sub(y).square().mean() as tf.Scalar,
            [f, d],
          );
          losses.push(value.dataSync()[0]!);
          opt.applyGradients(grads);
        });
      }
      const weights = (f.dataSync() as Float32Array).slice();
      tf.dispose([x, y, f, d]);
      opt.dispose();
      return { losses, weights };
    };

    // Execute
    const fp32 = await train('fp32');
    const bf16 = await train('bf16');

    // Assert: the loss falls alike; the filter moved off the bf16 grid (low 16 bits in use) by less than its spacing.
    expect(bf16.losses[7]!).toBeLessThan(bf16.losses[0]!);
    bf16.losses.forEach((l, i) => expect(Math.abs(l - fp32.losses[i]!) / fp32.losses[i]!, `step ${i}`).toBeLessThan(2e-2));
    const start = gridValues(9 * 16 * 8, 13);
    const bits = new Uint32Array(bf16.weights.buffer);
    const offGrid = bits.filter((u) => (u & 0xffff) !== 0).length;
    expect(offGrid).toBeGreaterThan(bf16.weights.length / 2);
    expect(relativeError(start, bf16.weights)).toBeLessThan(2 ** -7);
  });

  it('reports bf16 as the auto choice with the ISA in the reason', async () => {
    const info = await registerNativeBackend({ threads: 2, precision: 'auto' });
    expect(info.precision).toMatchObject({ precision: 'bf16', requested: 'auto', source: 'option' });
    expect(info.precision.reason).toContain(support!.isa);
  });
});
