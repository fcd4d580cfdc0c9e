/**
 * Picks the tfjs backend once per process: tensorflow-gpu → tensorflow → fedcxr-native → wasm → cpu,
 * and reports which one, with why the faster ones were skipped.
 */
import * as tf from '@tensorflow/tfjs';
import { availableParallelism } from 'node:os';
import { ConfigError, UnavailableError, errorMessage } from '../domain/errors.js';
import { logger } from '../log.js';
import { loadBackend } from './backends.js';
import { BACKEND_CHAIN, isBackendName, type BackendName, type EngineInfo, type EngineOptions, type TriedBackend } from './types.js';

export { BACKEND_CHAIN, isBackendName } from './types.js';
export type { BackendName, EngineInfo, EngineOptions, TriedBackend } from './types.js';
export { checkBatchFits, estimateStepMemory, maxBatchThatFits, WASM_HEAP_LIMIT_BYTES } from './memory.js';
export type { BatchShape, StepMemoryEstimate } from './memory.js';

const log = logger('engine');

/** Requests seen so far, keyed by (source, backend or 'chain', threads): the idempotence of `initEngine`. */
const selections = new Map<string, Promise<EngineInfo>>();

/** The backend forced by FEDCXR_BACKEND, if any; throws ConfigError on an unknown name. */
export function backendFromEnv(env: NodeJS.ProcessEnv = process.env): BackendName | undefined {
  const raw = env.FEDCXR_BACKEND?.trim();
  if (!raw) return undefined;
  if (!isBackendName(raw)) {
    throw new ConfigError(`FEDCXR_BACKEND=${raw} is not a backend; use one of ${BACKEND_CHAIN.join(', ')}`);
  }
  return raw;
}

/** Threads requested by option, FEDCXR_THREADS, or all cores; throws ConfigError on a bad value. */
export function resolveThreads(option: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  const raw = option ?? (env.FEDCXR_THREADS?.trim() ? Number(env.FEDCXR_THREADS) : availableParallelism());
  if (!Number.isInteger(raw) || raw < 1) {
    const from = option === undefined ? `FEDCXR_THREADS=${env.FEDCXR_THREADS ?? ''}` : `threads=${option}`;
    throw new ConfigError(`${from} must be a positive integer`);
  }
  return raw;
}

/**
 * Which backend a request asks for. An explicit option wins over FEDCXR_BACKEND, unless
 * FEDCXR_BACKEND_OVERRIDES=1 (set by vitest.config.ts), so the whole suite can be re-run on another engine
 * without editing tests.
 */
function resolveRequest(opts: EngineOptions): { backend: BackendName | undefined; source: EngineInfo['source'] } {
  const fromEnv = backendFromEnv();
  if (fromEnv && (process.env.FEDCXR_BACKEND_OVERRIDES === '1' || !opts.backend)) return { backend: fromEnv, source: 'env' };
  if (opts.backend) return { backend: opts.backend, source: 'option' };
  return { backend: undefined, source: 'chain' };
}

async function select(backend: BackendName | undefined, source: EngineInfo['source'], threads: number): Promise<EngineInfo> {
  const tried: TriedBackend[] = [];
  const candidates = backend ? [backend] : BACKEND_CHAIN;
  for (const candidate of candidates) {
    try {
      const loaded = await loadBackend(candidate, threads);
      const info: EngineInfo = { backend: candidate, tfjsVersion: tf.version_core, source, tried, ...loaded };
      log.info(
        { backend: info.backend, threads: info.threads, simd: info.simd, gpu: info.gpu, precision: info.precision, skipped: tried },
        `engine: ${info.backend} (${info.threads} thread${info.threads === 1 ? '' : 's'}${info.simd ? ', SIMD' : ''}${info.gpu ? ', GPU' : ''}${info.precision ? `, ${info.precision.precision}` : ''})`,
      );
      return info;
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      if (backend) {
        const by = source === 'env' ? 'FEDCXR_BACKEND' : 'option';
        throw new UnavailableError(`backend ${candidate} (forced by ${by}) is unavailable: ${errorMessage(err)}`, { cause: err });
      }
      tried.push({ backend: candidate, error: errorMessage(err) });
      // The native engine is the one a site is expected to have; say once, plainly, that we fell back.
      if (candidate === 'fedcxr-native') log.warn(`fedcxr-native unavailable (${errorMessage(err)}); falling back to wasm, then cpu`);
    }
  }
  throw new UnavailableError(`no tfjs backend could be initialised: ${tried.map((t) => `${t.backend}: ${t.error}`).join('; ')}`);
}

/**
 * Selects and activates the tfjs backend. Idempotent: the same request returns the same info; a request for
 * another backend switches to it (tests compare backends in one process).
 * @example const info = await initEngine(); // { backend: 'wasm', threads: 1, simd: true, ... }
 * @example await initEngine({ backend: 'cpu' }); // tests that do not care about speed
 */
export async function initEngine(opts: EngineOptions = {}): Promise<EngineInfo> {
  const { backend, source } = resolveRequest(opts);
  const threads = resolveThreads(opts.threads);
  const key = `${source}:${backend ?? 'chain'}|${threads}`;
  let pending = selections.get(key);
  if (!pending) {
    pending = select(backend, source, threads);
    selections.set(key, pending);
    void pending.catch(() => selections.delete(key));
  }
  const info = await pending;
  // Another request may have switched backends since this one settled: switch back.
  if (tf.engine().backendName !== info.tfBackend) await tf.setBackend(info.tfBackend);
  return info;
}
