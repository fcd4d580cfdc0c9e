/**
 * The site's worker thread: owns the engine, the local splits, the model and the feature cache (a
 * `SiteExecutor`), and runs the main thread's requests one at a time, so training — including the first
 * fit's synchronous trunk feature computation — never blocks the thread that sends heartbeats. A `cancel`
 * is handled at once: it aborts its request, which stops at the next batch boundary (or before it starts).
 * Started by `worker-handler.ts` through `bin/ts-worker.js`; never imported by the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initEngine } from '../shared/engine/index.js';
import { logger } from '../shared/log.js';
import { AuditLog } from './audit.js';
import { loadSiteData } from './data.js';
import { SiteExecutor } from './executor.js';
import { SiteStore } from './store.js';
import { toWorkerError, transferable, type SiteWorkerInit, type WorkerReply, type WorkerRequest } from './worker-messages.js';

const log = logger('site-client.worker');

/** Posts a reply, moving the tensor buffers of a fit result instead of copying them. */
function post(port: NonNullable<typeof parentPort>, reply: WorkerReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(reply, transfer);
}

/** Builds the executor the init describes (engine first: data decoding may already use tfjs). */
async function build(init: SiteWorkerInit, port: NonNullable<typeof parentPort>): Promise<{ executor: SiteExecutor; backend: string }> {
  const engine = await initEngine(init.engine ?? {});
  const data = init.data.kind === 'splits' ? init.data.splits : await loadSiteData(init.siteId, init.data.config, init.data.cacheDir);
  const store = init.storeDir !== undefined ? new SiteStore(init.storeDir) : undefined;
  const audit = new AuditLog(init.auditPath ?? null, init.siteId);
  // The main thread counts audit entries (site metrics); the entries themselves stay in this thread's file.
  const record = audit.record.bind(audit);
  audit.record = (type, msg) => {
    const entry = record(type, msg);
    post(port, { kind: 'audit', type });
    return entry;
  };
  const { siteId, caps, minReportExamples, classWeights, featureCacheBytes, evalBatchSize, fineTune, intensityBins } = init;
  const executor = new SiteExecutor({
    siteId,
    data,
    audit,
    ...(store ? { store } : {}),
    ...(caps ? { caps } : {}),
    ...(minReportExamples !== undefined ? { minReportExamples } : {}),
    ...(classWeights !== undefined ? { classWeights } : {}),
    ...(featureCacheBytes !== undefined ? { featureCacheBytes } : {}),
    ...(evalBatchSize !== undefined ? { evalBatchSize } : {}),
    ...(fineTune ? { fineTune } : {}),
    ...(intensityBins !== undefined ? { intensityBins } : {}),
  });
  return { executor, backend: engine.backend };
}

/** Runs one request on the executor; returns its value and the buffers to transfer with it. */
async function run(executor: SiteExecutor, req: Exclude<WorkerRequest, { op: 'cancel' }>, port: NonNullable<typeof parentPort>, signal: AbortSignal): Promise<{ value: unknown; transfer: ArrayBuffer[] }> {
  switch (req.op) {
    case 'describe':
      return { value: await executor.describe(), transfer: [] };
    case 'hasTrunk':
      return { value: await executor.hasTrunk(req.trunkHash), transfer: [] };
    case 'prepareRun':
      await executor.prepareRun(req.spec, req.frozen);
      return { value: null, transfer: [] };
    case 'fit': {
      const res = await executor.fit(req.ins, (progress) => post(port, { kind: 'progress', id: req.id, progress }), signal);
      // Copies: the executor may keep the result's arrays (FedPer's local head), and a transfer would detach them.
      const { tensors, transfer } = transferable(res.tensors, true);
      return { value: { ...res, tensors }, transfer };
    }
    case 'evaluate':
      return { value: await executor.evaluate(req.ins, signal), transfer: [] };
  }
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('site-worker.ts must run in a worker thread (see site-client/worker-handler.ts)');
  const init = workerData as SiteWorkerInit;
  let built: { executor: SiteExecutor; backend: string };
  try {
    built = await build(init, port);
  } catch (err) {
    post(port, { kind: 'initFailed', error: toWorkerError(err) });
    return;
  }
  const { executor } = built;
  const d = executor.runData();
  post(port, {
    kind: 'ready',
    ready: { backend: built.backend, counts: { train: d.train.length, val: d.val.length, test: d.test.length }, inputSize: d.inputSize, auditPath: executor.audit.path },
  });
  const controllers = new Map<number, AbortController>();
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (req: WorkerRequest) => {
    if (req.op === 'cancel') {
      controllers.get(req.id)?.abort(new Error(req.reason));
      return;
    }
    const stop = new AbortController();
    controllers.set(req.id, stop);
    // One request at a time: a task the coordinator sends after a cancel starts once the cancelled one stopped.
    queue = queue.then(async () => {
      try {
        const { value, transfer } = await run(executor, req, port, stop.signal);
        post(port, { kind: 'result', id: req.id, value }, transfer);
      } catch (err) {
        log.debug({ op: req.op, err: toWorkerError(err).message }, 'request failed');
        post(port, { kind: 'error', id: req.id, error: toWorkerError(err) });
      } finally {
        controllers.delete(req.id);
      }
    });
  });
}

await main();
