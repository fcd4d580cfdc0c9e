/**
 * The native CPU engine `fedcxr-native`: tfjs' cpu backend (same Float32Array storage) with its heavy kernels —
 * Conv2D, FusedConv2D, both conv gradients, MaxPool(+Grad), BatchMatMul, _FusedMatMul — replaced by a Node-API
 * addon over oneDNN (native/fedcxr-native). Every other kernel is the cpu backend's own.
 * The engine chain calls `registerNativeBackend`; it throws `UnavailableError` when the addon is absent.
 */
import { findBackendFactory, getKernelsForBackend, registerBackend, registerKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { availableParallelism } from 'node:os';
import { ConfigError, UnavailableError } from '../../domain/errors.js';
import { loadAddon, type NativeAddon } from './addon.js';
import { convKernels } from './conv.js';
import { elementwiseKernels } from './elementwise.js';
import { matMulKernels } from './matmul.js';
import { poolKernels } from './pool.js';
import { registerNativeReluGradient, reluGradKernel } from './relu-grad.js';
import { fuseModelConvs, registerFusedConvGradient } from './conv-relu-tape.js';
import { choosePrecision, cpuBf16Flags, precisionRequest, type PrecisionChoice, type PrecisionRequest } from './precision.js';

export { nativeCallCounts, resetNativeCallCounts, type KernelCallCount } from './kernel-util.js';
export type { NativePrecision, PrecisionChoice, PrecisionRequest } from './precision.js';

/** The tfjs backend name of the native engine. */
export const NATIVE_BACKEND_NAME = 'fedcxr-native';

/** What the native engine reports once registered. */
export interface NativeBackendInfo {
  /** tfjs backend name. */
  readonly name: 'fedcxr-native';
  /** Threads the addon uses. */
  readonly threads: number;
  /** oneDNN version string, e.g. "oneDNN 2.6.3 (OpenMP, avx2)". */
  readonly version: string;
  /** Kernels that run natively (the rest are the cpu backend's). */
  readonly nativeKernels: readonly string[];
  /** Precision of convolutions and matmuls, what was asked and why. */
  readonly precision: PrecisionChoice;
}

/** How convolution activations are laid out for oneDNN. */
export type NativeLayout = 'nhwc' | 'blocked' | 'auto';

const LAYOUT_CODES: Record<NativeLayout, 0 | 1 | 2> = { nhwc: 0, blocked: 1, auto: 2 };

/** Options of `registerNativeBackend`. */
export interface NativeBackendOptions {
  /** OpenMP threads for oneDNN. @default os.availableParallelism() */
  readonly threads?: number;
  /**
   * Activation layout handed to oneDNN convolutions: 'nhwc' runs on tfjs' own NHWC buffers; 'blocked' lets oneDNN
   * reorder into its blocked layout around every conv; 'auto' = blocked for the backward passes, NHWC for the
   * forward of the RGB input conv and, on AVX-512 CPUs, of every conv. Measured in GFLOP per CPU-second (AVX2, VGG16
   * shapes): blocked with its reorders beats NHWC 1.2-1.5x forward and backward-data and 2-4x backward-weights; on
   * AVX-512 (oneDNN's brgconv) an NHWC forward is 1.13x faster than blocked (0.073 vs 0.083 s/img at 224 px).
   * @default FEDCXR_NATIVE_LAYOUT or 'auto'
   */
  readonly layout?: NativeLayout;
  /**
   * Convolution and matmul precision: 'fp32'; 'bf16' (bf16 operands, fp32 accumulation, fp32 outputs, master
   * weights and Adam state; throws ConfigError on a CPU without AVX512-BF16/AMX); 'auto' = bf16 exactly when
   * oneDNN's effective ISA has native bf16. Process-wide: a later call switches it.
   * @default FEDCXR_PRECISION or 'auto'
   */
  readonly precision?: PrecisionRequest;
}

/** The cpu backend with the addon's scratch memory released on dispose. */
class NativeBackend extends MathBackendCPU {
  constructor(private readonly addon: NativeAddon) {
    super();
    // The cpu backend nags once per process to install tfjs-node; here the native engine is the point.
    (this as unknown as { firstUse: boolean }).firstUse = false;
  }

  override dispose(): void {
    super.dispose();
    this.addon.release();
  }
}

/** Kernels the addon provides, for every backend name. */
function nativeKernelConfigs(addon: NativeAddon): KernelConfig[] {
  return [
    ...convKernels(addon, NATIVE_BACKEND_NAME),
    ...poolKernels(addon, NATIVE_BACKEND_NAME),
    ...matMulKernels(addon, NATIVE_BACKEND_NAME),
    ...elementwiseKernels(addon, NATIVE_BACKEND_NAME),
    reluGradKernel(addon, NATIVE_BACKEND_NAME),
  ];
}

let registered: string[] | undefined;

/**
 * Lets `model`'s conv + bias + ReLU layers run as one kernel under the gradient tape on this engine (a no-op on
 * other engines: the check is made at every call). The local trainer calls it before training.
 */
export function fuseForNativeTraining(model: LayersModel): void {
  fuseModelConvs(model, NATIVE_BACKEND_NAME);
}

function layoutOf(options: NativeBackendOptions): 0 | 1 | 2 {
  const layout = options.layout ?? process.env.FEDCXR_NATIVE_LAYOUT ?? 'auto';
  if (!(layout in LAYOUT_CODES)) {
    throw new ConfigError(`FEDCXR_NATIVE_LAYOUT must be 'nhwc', 'blocked' or 'auto', got '${layout}'`);
  }
  return LAYOUT_CODES[layout as NativeLayout];
}

/** Resolves and applies the precision of `options` (or FEDCXR_PRECISION); throws ConfigError when impossible. */
function applyPrecision(addon: NativeAddon, options: NativeBackendOptions): PrecisionChoice {
  const support = addon.cpuSupport();
  const choice = choosePrecision(precisionRequest(options.precision), { ...support, cpuFlags: cpuBf16Flags() });
  addon.setPrecision(choice.precision === 'bf16' ? 1 : 0);
  return choice;
}

/**
 * Registers the native backend with tfjs (does not activate it: `tf.setBackend('fedcxr-native')` does); idempotent,
 * a second call only changes the thread count, layout and precision. Throws UnavailableError naming why when the
 * addon is not built, ConfigError when the options (or FEDCXR_NATIVE_LAYOUT / FEDCXR_PRECISION) are impossible.
 * @example const info = await registerNativeBackend({ threads: 2, precision: 'fp32' }); await tf.setBackend(info.name);
 */
export async function registerNativeBackend(options: NativeBackendOptions = {}): Promise<NativeBackendInfo> {
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) throw new ConfigError(`threads must be a positive integer, got ${threads}`);
  const addon = loadAddon();
  addon.setThreads(threads);
  addon.setLayout(layoutOf(options));
  const precision = applyPrecision(addon, options);
  // Tensor buffers of tens of MB were mmap-ed fresh (and page-faulted) on every op: reuse heap pages instead.
  // Measured: a 51 MB ReLU went from ~54 to ~27 CPU-ms. The process keeps its peak RSS in exchange.
  if (process.env.FEDCXR_NATIVE_KEEP_ALLOC !== '0') addon.keepLargeAllocations();
  if (registered === undefined) {
    if (findBackendFactory(NATIVE_BACKEND_NAME) !== null) {
      throw new UnavailableError(`a different '${NATIVE_BACKEND_NAME}' backend is already registered`);
    }
    const natives = nativeKernelConfigs(addon);
    const nativeNames = new Set(natives.map((k) => k.kernelName));
    for (const config of getKernelsForBackend('cpu')) {
      if (!nativeNames.has(config.kernelName)) registerKernel({ ...config, backendName: NATIVE_BACKEND_NAME });
    }
    for (const config of natives) registerKernel(config);
    registerNativeReluGradient(NATIVE_BACKEND_NAME);
    registerFusedConvGradient(NATIVE_BACKEND_NAME);
    // Priority 0: never picked implicitly; the engine chain activates it by name.
    registerBackend(NATIVE_BACKEND_NAME, () => new NativeBackend(addon), 0);
    registered = [...nativeNames];
  }
  return { name: NATIVE_BACKEND_NAME, threads: addon.getThreads(), version: addon.version(), nativeKernels: registered, precision };
}
