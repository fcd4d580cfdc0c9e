/** Helpers shared by the native kernels: zero-copy access to the cpu backend's storage and cpu fallbacks. */
import { getKernel } from '@tensorflow/tfjs-core';
import type { KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

/** Arguments every kernel function receives. */
export interface KernelArgs {
  inputs: NamedTensorInfoMap;
  backend: object;
  attrs?: NamedAttrMap;
}

/** The Float32Array behind a tensor (the cpu backend's own storage), or null when it is not plain float32. */
export function f32(backend: MathBackendCPU, t: TensorInfo | undefined): Float32Array | null {
  if (t === undefined || t.dtype !== 'float32') return null;
  const values = backend.data.get(t.dataId).values;
  return values instanceof Float32Array ? values : null;
}

/**
 * A buffer for a kernel output that the addon overwrites completely. `new Float32Array(n)` zero-fills, which is a
 * whole extra pass over every activation a training step writes (measured: the ReLU gradient ran at ~5 GB/s
 * with it); `Buffer.allocUnsafeSlow` hands out uninitialised memory instead. Only for outputs written in full.
 */
export function outputF32(n: number): Float32Array {
  if (n < 4096) return new Float32Array(n);
  const buf = Buffer.allocUnsafeSlow(n * Float32Array.BYTES_PER_ELEMENT);
  return new Float32Array(buf.buffer, buf.byteOffset, n);
}

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The cpu backend's implementation of a kernel, for the cases the native one does not cover. */
export function cpuKernel(name: string): KernelFunc {
  const config = getKernel(name, 'cpu');
  if (config === undefined) throw new Error(`tfjs cpu backend has no kernel ${name}`);
  return config.kernelFunc;
}

/** How often each native kernel ran natively and how often it handed the case to the cpu kernel. */
export interface KernelCallCount {
  native: number;
  fallback: number;
}

const callCounts = new Map<string, KernelCallCount>();

/** Per-kernel call counts since start (or the last reset): shows which cases fell back to JavaScript. */
export function nativeCallCounts(): ReadonlyMap<string, Readonly<KernelCallCount>> {
  return callCounts;
}

/** Zeroes the call counts. */
export function resetNativeCallCounts(): void {
  callCounts.clear();
}

/**
 * Wraps a native kernel: `native` returns null when it cannot handle the case and `fallback` (by default the cpu
 * backend's kernel of the same name) runs instead.
 */
export function withFallback(
  name: string,
  native: (args: KernelArgs, backend: MathBackendCPU) => TensorInfo | TensorInfo[] | null,
  fallback: KernelFunc = cpuKernel(name),
): KernelFunc {
  return (args) => {
    const backend = args.backend as MathBackendCPU;
    const out = native(args as KernelArgs, backend);
    let count = callCounts.get(name);
    if (count === undefined) {
      count = { native: 0, fallback: 0 };
      callCounts.set(name, count);
    }
    if (out !== null) {
      count.native += 1;
      return out;
    }
    count.fallback += 1;
    return fallback(args);
  };
}

/** True when an optional kernel input was given (tfjs passes absent inputs as undefined or null). */
export function present(t: TensorInfo | null | undefined): t is TensorInfo {
  return t !== undefined && t !== null;
}
