/** Native BatchMatMul and _FusedMatMul (bias + ReLU) over oneDNN's sgemm. */
import { broadcast_util } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { BatchMatMulAttrs, KernelConfig, TensorInfo, _FusedMatMulAttrs } from '@tensorflow/tfjs-core';
import type { NativeAddon } from './addon.js';
import { f32, outputF32, present, sizeOf, withFallback } from './kernel-util.js';

/** Geometry and output shape of a batched matmul, following tfjs' cpu batchMatMul; null when the cpu kernel should run. */
export function matMulGeometry(
  aShape: readonly number[],
  bShape: readonly number[],
  transposeA: boolean,
  transposeB: boolean,
): { geom: number[]; outShape: number[] } | null {
  const ra = aShape.length;
  const rb = bShape.length;
  if (ra < 2 || rb < 2) return null;
  const m = (transposeA ? aShape[ra - 1] : aShape[ra - 2]) ?? 0;
  const kA = (transposeA ? aShape[ra - 2] : aShape[ra - 1]) ?? 0;
  const kB = (transposeB ? bShape[rb - 1] : bShape[rb - 2]) ?? 0;
  const n = (transposeB ? bShape[rb - 2] : bShape[rb - 1]) ?? 0;
  if (kA !== kB || m === 0 || n === 0 || kA === 0) return null;
  const outerA = aShape.slice(0, -2);
  const outerB = bShape.slice(0, -2);
  const batchA = sizeOf(outerA);
  const batchB = sizeOf(outerB);
  // Only the broadcasts whose flat indexing is `b % batch`: equal batch sizes, or one side unbatched.
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return null;
  let outer: number[];
  try {
    outer = broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  } catch {
    return null;
  }
  if (sizeOf(outer) !== Math.max(batchA, batchB)) return null;
  const batch = Math.max(batchA, batchB);
  return {
    geom: [batch, batchA, batchB, m, n, kA, transposeA ? 1 : 0, transposeB ? 1 : 0],
    outShape: [...outer, m, n],
  };
}

function run(
  addon: NativeAddon,
  backend: MathBackendCPU,
  a: TensorInfo | undefined,
  b: TensorInfo | undefined,
  bias: TensorInfo | null | undefined,
  transposeA: boolean,
  transposeB: boolean,
  relu: boolean,
): TensorInfo | null {
  const as = f32(backend, a);
  const bs = f32(backend, b);
  if (a === undefined || b === undefined || as === null || bs === null) return null;
  const g = matMulGeometry(a.shape, b.shape, transposeA, transposeB);
  if (g === null) return null;
  let biasValues: Float32Array | null = null;
  if (present(bias)) {
    const n = g.outShape[g.outShape.length - 1] ?? 0;
    // One bias per output column ([n] or [1, n]); other broadcasts go to the cpu kernel.
    if (sizeOf(bias.shape) !== n || bias.shape[bias.shape.length - 1] !== n) return null;
    biasValues = f32(backend, bias);
    if (biasValues === null) return null;
  }
  const out = outputF32(sizeOf(g.outShape));
  addon.matMul(as, bs, out, biasValues, g.geom, relu);
  return backend.makeTensorInfo(g.outShape, 'float32', out);
}

/** Kernel configs for matrix products, registered for `backendName`. */
export function matMulKernels(addon: NativeAddon, backendName: string): KernelConfig[] {
  return [
    {
      kernelName: 'BatchMatMul',
      backendName,
      kernelFunc: withFallback('BatchMatMul', ({ inputs, attrs }, backend) => {
        const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
        return run(addon, backend, inputs.a, inputs.b, null, transposeA, transposeB, false);
      }),
    },
    {
      kernelName: '_FusedMatMul',
      backendName,
      kernelFunc: withFallback('_FusedMatMul', ({ inputs, attrs }, backend) => {
        const a = attrs as unknown as _FusedMatMulAttrs;
        if (present(inputs.preluActivationWeights)) return null;
        if (a.activation !== 'linear' && a.activation !== 'relu') return null;
        return run(addon, backend, inputs.a, inputs.b, inputs.bias, a.transposeA, a.transposeB, a.activation === 'relu');
      }),
    },
  ];
}
