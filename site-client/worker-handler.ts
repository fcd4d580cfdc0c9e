/**
 * A `SiteHandler` whose work runs in one long-lived worker thread (`site-worker.ts`) holding the model, the
 * local splits and the feature cache: the site client's own thread only moves frames and sends heartbeats,
 * so a fit that computes for minutes (the first one fills the trunk feature cache synchronously) cannot
 * silence it. Tensors cross as transferred ArrayBuffers. An error in the worker fails the request (same error
 * class); a worker that dies fails every pending request and is restarted on the next one, with the last
 * prepared run replayed so the coordinator's next task finds the site prepared.
 * @example
 * const handler = await WorkerSiteHandler.start({ siteId: 'km', data: { kind: 'config', config: cfg.data } });
 * const client = new SiteClient({ url, siteId: 'km', key, handler });
 */
import { Worker } from 'node:worker_threads';
import { UnavailableError, errorMessage } from '../shared/domain/errors.js';
import type { TensorSet } from '../shared/domain/tensor-set.js';
import type { EvaluateIns, EvaluateRes, FitIns, FitRes, RunSpec, SiteDescription, SiteHandler } from '../shared/federation/types.js';
import { logger } from '../shared/log.js';
import { fromWorkerError, transferable, type SiteWorkerInit, type SiteWorkerReady, type WorkerReply, type WorkerRequest, type WorkerResults } from './worker-messages.js';

const log = logger('site-client.worker');

/** The tsx shim that runs a .ts module in a worker, and the worker module itself. */
const SHIM = new URL('../bin/ts-worker.js', import.meta.url);
const ENTRY = new URL('./site-worker.ts', import.meta.url).href;

/** Extra options of a worker-backed handler. */
export interface WorkerHandlerOptions {
  /** Called for every audit entry the worker writes (e.g. `SiteMetrics.auditRecorded`). */
  readonly onAudit?: (type: string) => void;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: Error) => void;
  readonly onProgress: ((p: number) => void) | undefined;
}

type Op = Exclude<WorkerRequest, { op: 'cancel' }>;
type OpBody<K extends Op['op']> = Omit<Extract<Op, { op: K }>, 'id' | 'op'>;

/** Runs a site's fit/evaluate in a worker thread; `close()` when done. */
export class WorkerSiteHandler implements SiteHandler {
  readonly siteId: string;
  private worker: Worker | null = null;
  private booting: Promise<Worker> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  /** The last run prepared, replayed into a restarted worker. */
  private prepared: { spec: RunSpec; frozen: TensorSet | null } | null = null;
  private starts = 0;
  /** What the first worker reported when it became ready. */
  info!: SiteWorkerReady;

  private constructor(
    private readonly init: SiteWorkerInit,
    private readonly opts: WorkerHandlerOptions,
  ) {
    this.siteId = init.siteId;
  }

  /** Starts the worker (engine, data, executor) and resolves once it is ready; rejects with its init error. */
  static async start(init: SiteWorkerInit, opts: WorkerHandlerOptions = {}): Promise<WorkerSiteHandler> {
    const h = new WorkerSiteHandler(init, opts);
    await h.ensureWorker();
    return h;
  }

  /** Worker threads started so far (1 + restarts after crashes). */
  get workerStarts(): number {
    return this.starts;
  }

  async hasTrunk(trunkHash: string): Promise<boolean> {
    return this.call('hasTrunk', { trunkHash });
  }

  async prepareRun(spec: RunSpec, frozen: TensorSet | null): Promise<void> {
    // Cloned, not transferred: kept for a restart when the worker has no store to reload the trunk from.
    await this.call('prepareRun', { spec, frozen });
    this.prepared = { spec, frozen: this.init.storeDir !== undefined ? null : frozen };
  }

  async fit(ins: FitIns, onHeartbeat?: (progress: number) => void, signal?: AbortSignal): Promise<FitRes> {
    // Copied, then moved: the task server holds the instruction's tensors for a later reference (protocol 3), and
    // a transfer would detach them here.
    const { tensors, transfer } = transferable(ins.tensors, true);
    return this.call('fit', { ins: { ...ins, tensors } }, transfer, onHeartbeat, signal);
  }

  async evaluate(ins: EvaluateIns, signal?: AbortSignal): Promise<EvaluateRes> {
    const { tensors, transfer } = transferable(ins.tensors, true); // copied: see fit
    return this.call('evaluate', { ins: { ...ins, tensors } }, transfer, undefined, signal);
  }

  async describe(): Promise<SiteDescription> {
    return this.call('describe', {});
  }

  /** Stops the worker at once, as a crash would: pending requests fail, the next request starts a new one. */
  async terminate(): Promise<void> {
    await this.worker?.terminate();
  }

  /** Stops the worker for good. */
  async close(): Promise<void> {
    this.closed = true;
    await this.worker?.terminate();
    this.worker = null;
  }

  private async call<K extends Op['op']>(
    op: K,
    body: OpBody<K>,
    transfer: ArrayBuffer[] = [],
    onProgress?: (p: number) => void,
    signal?: AbortSignal,
  ): Promise<WorkerResults[K]> {
    const worker = await this.ensureWorker();
    const id = this.nextId++;
    return new Promise<WorkerResults[K]>((resolve, reject) => {
      const cancel = (): void => {
        const reason = signal?.reason instanceof Error ? signal.reason.message : 'cancelled';
        worker.postMessage({ id, op: 'cancel', reason } satisfies WorkerRequest);
      };
      const done = (): void => signal?.removeEventListener('abort', cancel);
      this.pending.set(id, {
        resolve: (v) => (done(), resolve(v as WorkerResults[K])),
        reject: (e) => (done(), reject(e)),
        onProgress,
      });
      try {
        worker.postMessage({ id, op, ...body } as WorkerRequest, transfer);
      } catch (err) {
        // Not cloneable (a caller bug): nothing was sent, so nothing will answer.
        this.pending.delete(id);
        done();
        throw err;
      }
      if (signal?.aborted) cancel();
      else signal?.addEventListener('abort', cancel, { once: true });
    });
  }

  /** The running worker, or a new one (replaying the prepared run) after a crash. */
  private ensureWorker(): Promise<Worker> {
    if (this.closed) return Promise.reject(new UnavailableError(`site ${this.siteId}: the worker was closed`));
    if (this.worker) return Promise.resolve(this.worker);
    this.booting ??= this.boot().finally(() => {
      this.booting = null;
    });
    return this.booting;
  }

  private async boot(): Promise<Worker> {
    this.starts++;
    const worker = new Worker(SHIM, { workerData: { ...this.init, entry: ENTRY } });
    // Named listeners, removed one by one: removeAllListeners() would also drop the worker's own port bookkeeping.
    let onError = (_err: Error): void => undefined;
    let onExit = (_code: number): void => undefined;
    let onReady = (_m: WorkerReply): void => undefined;
    const ready = await new Promise<SiteWorkerReady>((resolve, reject) => {
      const fail = (err: Error): void => reject(new UnavailableError(`site ${this.siteId}: the worker failed to start: ${err.message}`, { cause: err }));
      onError = fail;
      onExit = (code) => fail(new Error(`exited with code ${code}`));
      onReady = (m) => {
        if (m.kind === 'ready') resolve(m.ready);
        else if (m.kind === 'initFailed') reject(fromWorkerError(m.error));
      };
      worker.on('error', onError).on('exit', onExit).on('message', onReady);
    })
      .catch(async (err: unknown) => {
        await worker.terminate();
        throw err;
      })
      .finally(() => {
        worker.off('error', onError).off('exit', onExit).off('message', onReady);
      });
    worker.on('message', (m: WorkerReply) => this.onMessage(m));
    worker.on('error', (err) => this.onExit(worker, `the worker crashed: ${err.message}`));
    worker.on('exit', (code) => this.onExit(worker, `the worker exited (code ${code})`));
    if (this.starts === 1) this.info = ready;
    else log.warn({ site: this.siteId, starts: this.starts }, 'site worker restarted');
    this.worker = worker;
    if (this.prepared) {
      // The coordinator believes this site prepared: make it true again in the new worker.
      const { spec, frozen } = this.prepared;
      await this.call('prepareRun', { spec, frozen });
    }
    return worker;
  }

  private onMessage(m: WorkerReply): void {
    if (m.kind === 'audit') return this.opts.onAudit?.(m.type);
    if (m.kind === 'ready' || m.kind === 'initFailed') return;
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.kind === 'progress') return p.onProgress?.(m.progress);
    this.pending.delete(m.id);
    if (m.kind === 'result') p.resolve(m.value);
    else p.reject(fromWorkerError(m.error));
  }

  /** The worker is gone: fail what it held; the next request starts a new one. */
  private onExit(worker: Worker, why: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    if (!this.closed) log.error({ site: this.siteId, why }, 'site worker died');
    const err = new UnavailableError(`site ${this.siteId}: ${why}`);
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    worker.terminate().catch((e: unknown) => log.warn({ err: errorMessage(e) }, 'terminating a dead worker failed'));
  }
}
