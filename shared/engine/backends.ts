/**
 * One loader per backend of the chain. A loader makes its backend available to tfjs-core and
 * activates it, or throws `UnavailableError` saying why (not installed, failed to load, no SIMD...).
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { ConfigError, UnavailableError, errorMessage } from '../domain/errors.js';
import { registerNativeBackend, type PrecisionChoice } from './native/index.js';
import { registerWasmConvGradKernels } from './wasm-conv-grad.js';
import { registerWasmZeroCopyIdentity } from './wasm-identity.js';
import type { BackendName } from './types.js';

/** What a loader learned about the backend it activated. */
export interface LoadedBackend {
  readonly tfBackend: string;
  readonly simd: boolean;
  readonly threads: number;
  readonly gpu: boolean;
  /** Implementation detail worth a bug report (library versions, ISA). */
  readonly detail: string;
  /** fedcxr-native only: conv/matmul precision chosen and why. */
  readonly precision?: PrecisionChoice;
}

type Loader = (threads: number) => Promise<LoadedBackend>;

const require = createRequire(import.meta.url);

/** Activates an already-registered tfjs backend, turning a `false`/throw into an UnavailableError. */
async function activate(name: string, label: BackendName): Promise<void> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } catch (err) {
    throw new UnavailableError(`backend failed to initialise: ${errorMessage(err)}`, { cause: err });
  }
  if (!ok) throw new UnavailableError(`${label} backend failed to initialise`);
}

/** True when `err` is Node saying the package itself is not installed (not a broken install). */
function isMissingPackage(err: unknown, pkg: string): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && errorMessage(err).includes(pkg);
}

/** Loads tfjs-node or tfjs-node-gpu (optional peers: imported by a computed name so tsc does not need them). */
async function loadTfjsNode(pkg: string, label: BackendName, threads: number): Promise<LoadedBackend> {
  // TensorFlow's C runtime reads its intra-op pool size from the environment when the library loads.
  process.env.TF_NUM_INTRAOP_THREADS ??= String(threads);
  try {
    await import(pkg);
  } catch (err) {
    const why = isMissingPackage(err, pkg) ? `${pkg} is not installed` : `${pkg} failed to load: ${errorMessage(err)}`;
    throw new UnavailableError(why, { cause: err });
  }
  if (!tf.findBackendFactory('tensorflow')) {
    throw new UnavailableError(`${pkg} loaded but registered no 'tensorflow' backend`);
  }
  await activate('tensorflow', label);
  const threadsUsed = Number(process.env.TF_NUM_INTRAOP_THREADS);
  const detail = `${pkg} ${(tf.version as Record<string, string | undefined>)[pkg.replace('@tensorflow/', '')] ?? ''}`.trim();
  return { tfBackend: 'tensorflow', simd: true, threads: threadsUsed, gpu: label === 'tensorflow-gpu', detail };
}

/** Loads the wasm backend (XNNPACK, SIMD) with fedcxr's conv-gradient kernels added. */
async function loadWasm(): Promise<LoadedBackend> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (!tf.findBackend('wasm')) {
    // Point emscripten at the package's own .wasm files: robust even when this module is bundled.
    wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`);
  }
  registerWasmConvGradKernels();
  registerWasmZeroCopyIdentity();
  await activate('wasm', 'wasm');
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  if (!simd) throw new UnavailableError('this runtime has no WebAssembly SIMD (too slow to train)');
  const detail = `tfjs-backend-wasm ${wasm.version_wasm} (XNNPACK; fedcxr conv-gradient kernels)`;
  return { tfBackend: 'wasm', simd, threads: wasm.getThreadsCount(), gpu: false, detail };
}

/** The plain-JavaScript reference backend: always available, single-threaded, slow. */
async function loadCpu(): Promise<LoadedBackend> {
  await import('@tensorflow/tfjs-backend-cpu');
  await activate('cpu', 'cpu');
  return { tfBackend: 'cpu', simd: false, threads: 1, gpu: false, detail: 'tfjs-backend-cpu (plain JavaScript)' };
}

const loaders: Record<BackendName, Loader> = {
  'tensorflow-gpu': (threads) => loadTfjsNode('@tensorflow/tfjs-node-gpu', 'tensorflow-gpu', threads),
  tensorflow: (threads) => loadTfjsNode('@tensorflow/tfjs-node', 'tensorflow', threads),
  'fedcxr-native': async (threads) => {
    let info;
    try {
      info = await registerNativeBackend({ threads });
    } catch (err) {
      // A bad FEDCXR_PRECISION / layout is the user's mistake: stop rather than fall back to a slower engine.
      if (err instanceof UnavailableError || err instanceof ConfigError) throw err;
      throw new UnavailableError(`failed to register: ${errorMessage(err)}`, { cause: err });
    }
    await activate(info.name, 'fedcxr-native');
    return { tfBackend: info.name, simd: true, threads: info.threads, gpu: false, detail: info.version, precision: info.precision };
  },
  wasm: () => loadWasm(),
  cpu: () => loadCpu(),
};

/** Makes `backend` the active tfjs backend; throws UnavailableError naming the backend and the cause. */
export async function loadBackend(backend: BackendName, threads: number): Promise<LoadedBackend> {
  return loaders[backend](threads);
}
