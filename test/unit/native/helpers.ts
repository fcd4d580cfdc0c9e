/** Helpers of the native-kernel tests: register the engine once, run a function on cpu and native, compare. */
import * as tf from '@tensorflow/tfjs';
import { errorMessage } from '../../../shared/domain/errors.js';
import {
  nativeCallCounts,
  registerNativeBackend,
  resetNativeCallCounts,
  type NativeBackendInfo,
} from '../../../shared/engine/native/index.js';

/** The registered native engine, or the reason it is unavailable (tests skip with that message). */
export async function tryNative(): Promise<{ info?: NativeBackendInfo; why: string }> {
  try {
    // fp32: these tests compare against tfjs' cpu backend at float32 tolerances (bf16 has its own tests).
    const info = await registerNativeBackend({ threads: 2, precision: 'fp32' });
    return { info, why: '' };
  } catch (err) {
    const why = `fedcxr-native addon not available, skipping native kernel tests: ${errorMessage(err)}`;
    console.warn(why);
    return { why };
  }
}

/** Deterministic pseudo-random values in [-1, 1) (a distinct stream per seed). */
export function randomValues(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = (s / 4294967296) * 2 - 1;
  }
  return out;
}

/** Runs `fn` under a backend and returns its outputs as plain arrays (tensors disposed). */
export async function runOn(backend: string, fn: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outs = tf.tidy(() => {
    const r = fn();
    return Array.isArray(r) ? r : [r];
  });
  const values = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  return values;
}

/** Largest |a - b| relative to the largest |a| (at least 1). */
export function relativeError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
    scale = Math.max(scale, Math.abs(a[i] ?? 0));
  }
  return diff / scale;
}

/** Runs `fn` on cpu then on fedcxr-native; returns both outputs and how often each kernel ran natively. */
export async function compare(
  fn: () => tf.Tensor | tf.Tensor[],
): Promise<{ cpu: Float32Array[]; native: Float32Array[]; nativeCalls: (kernel: string) => number; fallbackCalls: (kernel: string) => number }> {
  const cpu = await runOn('cpu', fn);
  resetNativeCallCounts();
  const native = await runOn('fedcxr-native', fn);
  const counts = new Map(nativeCallCounts());
  return {
    cpu,
    native,
    nativeCalls: (k) => counts.get(k)?.native ?? 0,
    fallbackCalls: (k) => counts.get(k)?.fallback ?? 0,
  };
}

/** Tolerance for float32 sums of a few hundred terms in a different order. */
export const TOLERANCE = 2e-5;
