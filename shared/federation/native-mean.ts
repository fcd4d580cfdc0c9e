/**
 * Which kernels the coordinator's passes over updates run: the native ones (fedcxr-native's `weightedMean`, SIMD
 * float64, for FedAvg's mean; `directionSums` for the screen's direction check; `finiteSquaredDistance` for the
 * acceptance check's finiteness and norm), each doing the same operations in the same order as its JS twin, so the
 * same bits, when the addon is built with them; else the JS kernels (wasm / tfjs engines, or an addon built before
 * the function existed).
 */
import { loadAddon } from '../engine/native/addon.js';
import { ConfigError, UnavailableError, errorMessage } from '../domain/errors.js';

/** out = float32((0 + w₀·x₀ + w₁·x₁ + …) / total) per element, float64 in source order. */
export type MeanKernel = (out: Float32Array, srcs: readonly Float32Array[], w: readonly number[], total: number) => void;

/**
 * `FEDCXR_MEAN_KERNEL` (all three kernels): `auto` (native when available), `js`, or `native` (fail when it is not
 * available).
 */
export type MeanKernelChoice = 'auto' | 'js' | 'native';

let probed: { kernel: MeanKernel | undefined; why: string } | undefined;

/** The kernel choice from FEDCXR_MEAN_KERNEL; throws ConfigError naming the bad value. @default 'auto' */
export function meanKernelChoice(): MeanKernelChoice {
  const v = process.env.FEDCXR_MEAN_KERNEL ?? 'auto';
  if (v !== 'auto' && v !== 'js' && v !== 'native') throw new ConfigError(`FEDCXR_MEAN_KERNEL must be 'auto', 'js' or 'native', got '${v}'`);
  return v;
}

function probe(): { kernel: MeanKernel | undefined; why: string } {
  if (meanKernelChoice() === 'js') return { kernel: undefined, why: 'FEDCXR_MEAN_KERNEL=js' };
  try {
    const addon = loadAddon();
    const fn = addon.weightedMean;
    if (typeof fn !== 'function') return { kernel: undefined, why: 'the fedcxr-native build predates weightedMean (rebuild it)' };
    // Each round's new global is a fresh model-sized buffer; mmap-ed fresh, its page faults cost ~2× the kernel
    // at 138 M params (bench federation). Reusing the heap pages the previous globals freed (the engine's own
    // policy, same knob) removes that; the process keeps its peak RSS in exchange.
    if (process.env.FEDCXR_NATIVE_KEEP_ALLOC !== '0') addon.keepLargeAllocations();
    return { kernel: (out, srcs, w, total) => fn.call(addon, out, srcs, w, total), why: 'fedcxr-native' };
  } catch (err) {
    return { kernel: undefined, why: errorMessage(err) };
  }
}

/**
 * The native kernel, or undefined when FedAvg must use the JS kernels (probed once per thread). With
 * FEDCXR_MEAN_KERNEL=native an unavailable addon is an UnavailableError saying why.
 */
export function nativeMeanKernel(): MeanKernel | undefined {
  probed ??= probe();
  if (!probed.kernel && meanKernelChoice() === 'native') throw new UnavailableError(`FEDCXR_MEAN_KERNEL=native, but ${probed.why}`);
  return probed.kernel;
}

/** A one-line description of the kernel FedAvg uses here, e.g. `native (fedcxr-native)` or `JS (FEDCXR_MEAN_KERNEL=js)`. */
export function meanKernelName(): string {
  probed ??= probe();
  return probed.kernel ? `native (${probed.why})` : `JS (${probed.why})`;
}

/** A native kernel picked from the addon, or why there is none. */
interface Probe<K> {
  readonly kernel: K | undefined;
  readonly why: string;
}

/** Loads `name` from the addon as a kernel (undefined with the reason when FEDCXR_MEAN_KERNEL=js or it is missing). */
function probeKernel<K>(name: string, wrap: (addon: ReturnType<typeof loadAddon>) => K | undefined): Probe<K> {
  if (meanKernelChoice() === 'js') return { kernel: undefined, why: 'FEDCXR_MEAN_KERNEL=js' };
  try {
    const kernel = wrap(loadAddon());
    return kernel ? { kernel, why: 'fedcxr-native' } : { kernel: undefined, why: `the fedcxr-native build predates ${name} (rebuild it)` };
  } catch (err) {
    return { kernel: undefined, why: errorMessage(err) };
  }
}

/**
 * A kernel probed once per thread, on first use: the accessor returns it, or undefined for the JS twin; with
 * FEDCXR_MEAN_KERNEL=native a missing one is an UnavailableError saying why.
 */
function lazyKernel<K>(name: string, wrap: (addon: ReturnType<typeof loadAddon>) => K | undefined): () => K | undefined {
  let p: Probe<K> | undefined;
  return () => {
    p ??= probeKernel(name, wrap);
    if (!p.kernel && meanKernelChoice() === 'native') throw new UnavailableError(`FEDCXR_MEAN_KERNEL=native, but ${p.why}`);
    return p.kernel;
  };
}

/** acc += the direction check's sums over one tensor (see `directionSums` in the addon). */
export type DirectionKernel = (xs: readonly Float32Array[], global: Float32Array, acc: Float64Array) => void;

/** The native direction-check kernel, or undefined for the JS one. */
export const nativeDirectionKernel = lazyKernel<DirectionKernel>('directionSums', (addon) => {
  const fn = addon.directionSums;
  return typeof fn === 'function' ? (xs, g, acc) => fn.call(addon, xs, g, acc) : undefined;
});

/** The index of x's first non-finite value, or −1 after adding Σ (x − g)² onto acc[0] (float64, index order). */
export type DistanceKernel = (x: Float32Array, global: Float32Array, acc: Float64Array) => number;

/** The native acceptance-pass kernel, or undefined for the JS loop. */
export const nativeDistanceKernel = lazyKernel<DistanceKernel>('finiteSquaredDistance', (addon) => {
  const fn = addon.finiteSquaredDistance;
  return typeof fn === 'function' ? (x, g, acc) => fn.call(addon, x, g, acc) : undefined;
});
