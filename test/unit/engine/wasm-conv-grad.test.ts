import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../../shared/engine/index.js';
import { tapRange } from '../../../shared/engine/conv-grad-math.js';

/** Deterministic uniform(-1, 1) values (mulberry32), so a failure reproduces. */
function randomArray(size: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i += 1) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

/** max |a − b| relative to max |reference|. */
function relativeError(reference: Float32Array, actual: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < reference.length; i += 1) {
    diff = Math.max(diff, Math.abs((reference[i] ?? 0) - (actual[i] ?? NaN)));
    scale = Math.max(scale, Math.abs(reference[i] ?? 0));
  }
  return diff / Math.max(scale, 1e-12);
}

interface ConvCase {
  readonly batch: number;
  readonly h: number;
  readonly w: number;
  readonly cin: number;
  readonly cout: number;
  readonly k: number;
  readonly stride: 1 | 2;
  readonly pad: 'same' | 'valid';
  readonly fused?: boolean;
}

interface Gradients {
  readonly dx: Float32Array;
  readonly dw: Float32Array;
  readonly db: Float32Array | undefined;
  /** Tensors / wasm buffers left behind by the gradient computation (should be 0). */
  readonly leakedTensors: number;
  readonly leakedBuffers: number;
}

/** Gradients of sum(conv(x, w)·r) on one backend; r makes every dy element distinct. */
async function convGrads(backend: 'cpu' | 'wasm', c: ConvCase, seed: number): Promise<Gradients> {
  await initEngine({ backend });
  const x = tf.tensor4d(randomArray(c.batch * c.h * c.w * c.cin, seed), [c.batch, c.h, c.w, c.cin]);
  const filter = tf.tensor4d(randomArray(c.k * c.k * c.cin * c.cout, seed + 1), [c.k, c.k, c.cin, c.cout]);
  const bias = tf.tensor1d(randomArray(c.cout, seed + 2));
  const outShape = tf.tidy(() => tf.conv2d(x, filter, c.stride, c.pad).shape);
  const r = tf.tensor(randomArray(outShape.reduce((p, d) => p * d, 1), seed + 3), outShape);
  const before = tf.memory();
  const loss = (a: tf.Tensor, f: tf.Tensor, b: tf.Tensor): tf.Scalar => {
    const y = c.fused
      ? tf.fused.conv2d({ x: a as tf.Tensor4D, filter: f as tf.Tensor4D, strides: c.stride, pad: c.pad, bias: b, activation: 'relu' })
      : tf.conv2d(a as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad);
    return tf.sum(tf.mul(y, r));
  };
  const grads = c.fused ? tf.grads(loss)([x, filter, bias]) : tf.grads((a: tf.Tensor, f: tf.Tensor) => loss(a, f, bias))([x, filter]);
  const [dx, dw, db] = grads;
  const result = { dx: dx!.dataSync() as Float32Array, dw: dw!.dataSync() as Float32Array, db: db?.dataSync() as Float32Array | undefined };
  tf.dispose(grads);
  const after = tf.memory();
  tf.dispose([x, filter, bias, r]);
  return {
    ...result,
    leakedTensors: after.numTensors - before.numTensors,
    leakedBuffers: after.numDataBuffers - before.numDataBuffers,
  };
}

const CASES: ConvCase[] = [
  { batch: 1, h: 5, w: 5, cin: 1, cout: 1, k: 3, stride: 1, pad: 'same' },
  { batch: 2, h: 7, w: 9, cin: 3, cout: 5, k: 3, stride: 1, pad: 'same' },
  { batch: 2, h: 7, w: 9, cin: 3, cout: 5, k: 3, stride: 1, pad: 'valid' },
  { batch: 2, h: 7, w: 9, cin: 4, cout: 6, k: 3, stride: 2, pad: 'same' },
  { batch: 1, h: 8, w: 8, cin: 4, cout: 6, k: 3, stride: 2, pad: 'same' },
  { batch: 3, h: 9, w: 7, cin: 5, cout: 2, k: 3, stride: 2, pad: 'valid' },
  { batch: 1, h: 10, w: 10, cin: 6, cout: 3, k: 2, stride: 2, pad: 'valid' },
  { batch: 1, h: 6, w: 11, cin: 2, cout: 7, k: 5, stride: 1, pad: 'same' },
  { batch: 2, h: 6, w: 5, cin: 8, cout: 8, k: 1, stride: 2, pad: 'valid' },
  { batch: 1, h: 12, w: 12, cin: 16, cout: 32, k: 3, stride: 1, pad: 'same' },
  { batch: 2, h: 9, w: 9, cin: 8, cout: 16, k: 3, stride: 1, pad: 'same', fused: true },
];

const TOLERANCE = 1e-4;

describe('wasm conv2d gradient kernels', () => {
  beforeAll(async () => {
    // These tests are about the wasm kernels themselves: a suite-wide FEDCXR_BACKEND must not redirect them.
    delete process.env.FEDCXR_BACKEND;
    await initEngine({ backend: 'wasm' });
  });

  it.each(CASES)('match the cpu backend: %o', async (c) => {
    // Prepare
    const seed = c.h * 1000 + c.cin * 10 + c.stride;
    // Execute
    const reference = await convGrads('cpu', c, seed);
    const wasm = await convGrads('wasm', c, seed);
    // Assert
    expect(wasm.dx.length).toBe(reference.dx.length);
    expect(wasm.dw.length).toBe(reference.dw.length);
    expect(relativeError(reference.dx, wasm.dx)).toBeLessThan(TOLERANCE);
    expect(relativeError(reference.dw, wasm.dw)).toBeLessThan(TOLERANCE);
    if (c.fused) expect(relativeError(reference.db!, wasm.db!)).toBeLessThan(TOLERANCE);
  });

  it('leave no tensors and no wasm buffers behind', async () => {
    // Prepare
    const c: ConvCase = { batch: 2, h: 9, w: 7, cin: 3, cout: 4, k: 3, stride: 2, pad: 'same' };
    // Execute
    const wasm = await convGrads('wasm', c, 7);
    // Assert
    expect(wasm.leakedTensors).toBe(0);
    expect(wasm.leakedBuffers).toBe(0);
  });

  it('replace the stock kernels on the wasm backend', async () => {
    await initEngine({ backend: 'wasm' });
    // The stock Conv2DBackpropInput is named conv2DBackpropInput; ours are module-local functions.
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc.name).toBe('conv2dBackpropInput');
  });

  it('reject NCHW with a clear error', async () => {
    // Prepare
    await initEngine({ backend: 'wasm' });
    const x = tf.zeros([1, 2, 4, 4]);
    const dy = tf.zeros([1, 3, 4, 4]);
    // Execute / Assert
    expect(() =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 2, 3] }),
    ).toThrow(/NHWC only/);
    tf.dispose([x, dy]);
  });
});

describe('tapRange', () => {
  it('keeps exactly the output columns whose input column is inside the image', () => {
    for (const [w, wo, stride, pad] of [[7, 7, 1, 1], [9, 5, 2, 1], [9, 4, 2, 0], [10, 5, 2, 0]] as const) {
      for (let tap = 0; tap < 3; tap += 1) {
        const [lo, hi] = tapRange(w, wo, stride, pad, tap);
        for (let x = 0; x < wo; x += 1) {
          const col = x * stride + tap - pad;
          expect(x >= lo && x < hi).toBe(col >= 0 && col < w);
        }
      }
    }
  });
});
