/**
 * The messages between a site client's main thread and its worker thread (`site-worker.ts`), which holds the
 * model, the local data and the feature cache. Tensor data crosses as transferable ArrayBuffers (moved, not
 * copied); errors cross as (class name, message, field) and become the same fedcxr error class again, so the
 * failure the coordinator sees keeps its wire code.
 */
import {
  CancelledError,
  ConfigError,
  FedcxrError,
  IntegrityError,
  ProtocolError,
  TimeoutError,
  UnavailableError,
  ValueError,
  WireLimitError,
} from '../shared/domain/errors.js';
import type { NamedTensor, TensorSet } from '../shared/domain/tensor-set.js';
import type { EngineOptions } from '../shared/engine/types.js';
import type { EvaluateIns, EvaluateRes, FitIns, FitRes, RunSpec, SiteDescription } from '../shared/federation/types.js';
import type { SiteData, SiteCaps } from './executor.js';
import type { SiteDataConfig } from './data.js';
import type { FineTuneConfig } from '../shared/train/finetune.js';
import type { ClassWeights } from '../shared/train/trainer.js';

/** Everything a site worker needs to build its executor: plain data only (it is structured-cloned). */
export interface SiteWorkerInit {
  readonly siteId: string;
  /** Engine of the worker (the main thread loads none). @default the backend chain */
  readonly engine?: EngineOptions;
  /** Where the splits come from: a site.yaml data block (loaded in the worker), or splits already loaded. */
  readonly data: { readonly kind: 'config'; readonly config: SiteDataConfig; readonly cacheDir?: string } | { readonly kind: 'splits'; readonly splits: SiteData };
  /** SiteStore directory (trunks by hash, feature cache on disk). @default none: in memory */
  readonly storeDir?: string;
  /** Audit-log file. @default none: in memory */
  readonly auditPath?: string;
  readonly caps?: Partial<SiteCaps>;
  readonly minReportExamples?: number;
  readonly classWeights?: ClassWeights;
  readonly featureCacheBytes?: number;
  readonly evalBatchSize?: number;
  readonly fineTune?: FineTuneConfig;
  readonly intensityBins?: number;
}

/** What a worker reports once its engine, data and executor are ready. */
export interface SiteWorkerReady {
  readonly backend: string;
  readonly counts: { readonly train: number; readonly val: number; readonly test: number };
  readonly inputSize: number;
  readonly auditPath: string | null;
}

/** A request from the main thread; `cancel` names the request it stops. */
export type WorkerRequest =
  | { readonly id: number; readonly op: 'describe' }
  | { readonly id: number; readonly op: 'hasTrunk'; readonly trunkHash: string }
  | { readonly id: number; readonly op: 'prepareRun'; readonly spec: RunSpec; readonly frozen: TensorSet | null }
  | { readonly id: number; readonly op: 'fit'; readonly ins: FitIns }
  | { readonly id: number; readonly op: 'evaluate'; readonly ins: EvaluateIns }
  | { readonly id: number; readonly op: 'cancel'; readonly reason: string };

/** The value each request resolves with. */
export interface WorkerResults {
  describe: SiteDescription;
  hasTrunk: boolean;
  prepareRun: null;
  fit: FitRes;
  evaluate: EvaluateRes;
}

/** An error as it crosses the thread boundary. */
export interface WorkerError {
  readonly name: string;
  readonly message: string;
  readonly field?: string;
}

/** A message from the worker. */
export type WorkerReply =
  | { readonly kind: 'ready'; readonly ready: SiteWorkerReady }
  | { readonly kind: 'initFailed'; readonly error: WorkerError }
  | { readonly kind: 'result'; readonly id: number; readonly value: unknown }
  | { readonly kind: 'error'; readonly id: number; readonly error: WorkerError }
  | { readonly kind: 'progress'; readonly id: number; readonly progress: number }
  | { readonly kind: 'audit'; readonly type: string };

/**
 * `tensors` with every data array owning its whole ArrayBuffer (copied when it is a view into a larger or
 * shared buffer), and the buffers to transfer. Transferring detaches them on the sending side.
 */
export function transferable(tensors: TensorSet, copy = false): { tensors: NamedTensor[]; transfer: ArrayBuffer[] } {
  const seen = new Set<ArrayBuffer>();
  const out = tensors.map((t) => {
    const b = t.data.buffer;
    const owns = !copy && b instanceof ArrayBuffer && t.data.byteOffset === 0 && t.data.byteLength === b.byteLength && !seen.has(b);
    const data = owns ? t.data : t.data.slice();
    seen.add(data.buffer as ArrayBuffer);
    return { ...t, data };
  });
  return { tensors: out, transfer: [...seen] };
}

/** An error as a plain object (class name, message, ValueError's field). */
export function toWorkerError(err: unknown): WorkerError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const field = err instanceof ValueError ? err.field : undefined;
  return { name: err.name, message: err.message, ...(field !== undefined ? { field } : {}) };
}

const CLASSES: Record<string, new (message: string) => Error> = {
  CancelledError,
  ConfigError,
  IntegrityError,
  ProtocolError,
  TimeoutError,
  UnavailableError,
  WireLimitError,
  FedcxrError,
};

/** The fedcxr error class named by `e` again (a plain Error for names it does not know). */
export function fromWorkerError(e: WorkerError): Error {
  if (e.name === 'ValueError') return new ValueError(e.message, e.field !== undefined ? { field: e.field } : {});
  const Cls = CLASSES[e.name];
  if (Cls) return new Cls(e.message);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}
