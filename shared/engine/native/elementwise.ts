/**
 * Native elementwise and reduction kernels: Add/Sub/Multiply/RealDiv (same shape, scalar, or bias-style
 * broadcast), Relu, Step, Sqrt, Square, Neg, Sum and Mean over contiguous axes. They are memory-bound, but the cpu
 * backend runs them in single-threaded JavaScript (and Sum over non-trailing axes transposes first), which made
 * the glue around each convolution (bias, ReLU and its gradient, bias gradients, Adam) cost more than the convs.
 */
import { backend_util, util } from '@tensorflow/tfjs-core';
import type { KernelConfig, StepAttrs, SumAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from './addon.js';
import { f32, outputF32, sizeOf, withFallback } from './kernel-util.js';

/** How the two operands of a binary op line up in memory; null when the cpu kernel must broadcast. */
export function broadcastMode(a: readonly number[], b: readonly number[]): { mode: number; inner: number; outShape: number[] } | null {
  let outShape: number[];
  try {
    outShape = backend_util.assertAndGetBroadcastShape([...a], [...b]);
  } catch {
    return null;
  }
  const n = sizeOf(outShape);
  const na = sizeOf(a);
  const nb = sizeOf(b);
  if (n === 0) return null;
  if (na === n && nb === n) return { mode: 0, inner: 1, outShape };
  if (nb === 1 && na === n) return { mode: 2, inner: 1, outShape };
  if (na === 1 && nb === n) return { mode: 1, inner: 1, outShape };
  const trailing = (small: readonly number[]): boolean => {
    const dims = small.slice(small.findIndex((d) => d !== 1));
    return dims.length <= outShape.length && dims.every((d, i) => d === outShape[outShape.length - dims.length + i]);
  };
  if (na === n && trailing(b)) return { mode: 3, inner: nb, outShape };
  if (nb === n && trailing(a)) return { mode: 4, inner: na, outShape };
  return null;
}

/** Reduced axes as [outer, reduced, inner] when they are contiguous; null otherwise. */
export function reductionGeometry(shape: readonly number[], axes: readonly number[]): number[] | null {
  if (axes.length === 0) return null;
  const sorted = [...axes].sort((p, q) => p - q);
  const first = sorted[0] as number;
  const last = sorted[sorted.length - 1] as number;
  if (last - first + 1 !== sorted.length) return null;
  return [sizeOf(shape.slice(0, first)), sizeOf(shape.slice(first, last + 1)), sizeOf(shape.slice(last + 1))];
}

const BINARY = { Add: 0, Sub: 1, Multiply: 2, RealDiv: 3 } as const;
const UNARY = { Relu: 0, Step: 1, Sqrt: 2, Square: 3, Neg: 4 } as const;

/** Kernel configs for the elementwise family and Sum/Mean, registered for `backendName`. */
export function elementwiseKernels(addon: NativeAddon, backendName: string): KernelConfig[] {
  const binaries: KernelConfig[] = Object.entries(BINARY).map(([name, op]) => ({
    kernelName: name,
    backendName,
    kernelFunc: withFallback(name, ({ inputs }, backend) => {
      const av = f32(backend, inputs.a);
      const bv = f32(backend, inputs.b);
      if (inputs.a === undefined || inputs.b === undefined || av === null || bv === null) return null;
      const bc = broadcastMode(inputs.a.shape, inputs.b.shape);
      if (bc === null) return null;
      const out = outputF32(sizeOf(bc.outShape));
      addon.binary(op, bc.mode, av, bv, out, bc.inner);
      return backend.makeTensorInfo(bc.outShape, 'float32', out);
    }),
  }));
  const unaries: KernelConfig[] = Object.entries(UNARY).map(([name, op]) => ({
    kernelName: name,
    backendName,
    kernelFunc: withFallback(name, ({ inputs, attrs }, backend) => {
      const xv = f32(backend, inputs.x);
      if (inputs.x === undefined || xv === null) return null;
      const alpha = name === 'Step' ? ((attrs as unknown as StepAttrs | undefined)?.alpha ?? 0) : 0;
      const out = outputF32(xv.length);
      addon.unary(op, xv, out, alpha);
      return backend.makeTensorInfo(inputs.x.shape, 'float32', out);
    }),
  }));
  const reductions: KernelConfig[] = (['Sum', 'Mean'] as const).map((name) => ({
    kernelName: name,
    backendName,
    kernelFunc: withFallback(name, ({ inputs, attrs }, backend) => reduce(addon, backend, inputs.x, attrs as unknown as SumAttrs, name === 'Mean')),
  }));
  return [...binaries, ...unaries, ...reductions];
}

function reduce(
  addon: NativeAddon,
  backend: MathBackendCPU,
  x: TensorInfo | undefined,
  attrs: SumAttrs,
  mean: boolean,
): TensorInfo | null {
  const xv = f32(backend, x);
  if (x === undefined || xv === null || xv.length === 0) return null;
  const axes = util.parseAxisParam(attrs.axis, x.shape);
  const geom = reductionGeometry(x.shape, axes);
  if (geom === null) return null;
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outShape = attrs.keepDims ? kept : x.shape.filter((_, i) => !axes.includes(i));
  const out = outputF32(sizeOf(outShape));
  addon.reduceSum(xv, out, geom, mean ? 1 / (geom[1] as number) : 1);
  return backend.makeTensorInfo(outShape, 'float32', out);
}
