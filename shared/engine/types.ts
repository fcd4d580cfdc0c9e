/** Engine vocabulary shared by the chain, the memory check and `fedcxr doctor`. */
import type { PrecisionChoice } from './native/precision.js';

/** tfjs backend names fedcxr knows, fastest first (the order of the selection chain). */
export const BACKEND_CHAIN = ['tensorflow-gpu', 'tensorflow', 'fedcxr-native', 'wasm', 'cpu'] as const;

/** A backend fedcxr can select. 'tensorflow-gpu' is tfjs-node-gpu (its tfjs backend is also named 'tensorflow'). */
export type BackendName = (typeof BACKEND_CHAIN)[number];

/** True when `name` is one of the known backend names. */
export function isBackendName(name: string): name is BackendName {
  return (BACKEND_CHAIN as readonly string[]).includes(name);
}

/** One backend the chain tried and skipped, with why. */
export interface TriedBackend {
  readonly backend: BackendName;
  readonly error: string;
}

/** What `initEngine` selected and what the machine offers. */
export interface EngineInfo {
  /** The selected backend. */
  readonly backend: BackendName;
  /** The tfjs backend name registered with tfjs-core (`tensorflow` for both tfjs-node flavours). */
  readonly tfBackend: string;
  /** `@tensorflow/tfjs-core` version. */
  readonly tfjsVersion: string;
  /** Whether SIMD kernels are in use (wasm SIMD; native engines are always vectorised). */
  readonly simd: boolean;
  /** Threads the backend really uses (wasm in Node is single-threaded: 1). */
  readonly threads: number;
  /** Whether a CUDA build (tfjs-node-gpu) is loaded. */
  readonly gpu: boolean;
  /** Implementation detail: library version, ISA (e.g. the oneDNN build of fedcxr-native). */
  readonly detail: string;
  /** fedcxr-native only: the precision of convolutions and matmuls (fp32 or bf16), what was asked and why. */
  readonly precision?: PrecisionChoice;
  /** How the backend was chosen. */
  readonly source: 'option' | 'env' | 'chain';
  /** Backends tried before the selected one, with the reason each was skipped. */
  readonly tried: readonly TriedBackend[];
}

/** Options of `initEngine`. */
export interface EngineOptions {
  /** Force one backend (otherwise FEDCXR_BACKEND, otherwise the chain). @default undefined */
  readonly backend?: BackendName;
  /** Threads for backends that can use several. @default FEDCXR_THREADS or os.availableParallelism() */
  readonly threads?: number;
}
