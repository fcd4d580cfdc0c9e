/**
 * One simulated site in its own worker thread, as a separate site process would be: its engine, executor and
 * socket client (encoding, SHA-256, finiteness checks, frame masking) run here, not on the coordinator's thread.
 * Started by `thread-sites.ts` through `bin/ts-worker.js`; never imported by the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../shared/domain/errors.js';
import { initEngine } from '../shared/engine/index.js';
import { SiteClient } from '../site-client/client.js';
import { SiteExecutor } from '../site-client/executor.js';
import type { SiteThreadInit, SiteThreadReply } from './thread-messages.js';

const port = parentPort;
if (!port) throw new Error('sim/site-thread.ts runs only as a worker thread');
const init = workerData as SiteThreadInit;
const post = (m: SiteThreadReply): void => port.postMessage(m);

try {
  await initEngine();
  const executor = new SiteExecutor({ ...init.site.options, siteId: init.site.id, data: init.site.data, ...(init.site.caps ? { caps: init.site.caps } : {}), minReportExamples: init.minReportExamples });
  const client = new SiteClient({
    url: init.url,
    siteId: init.site.id,
    key: init.key,
    handler: executor,
    heartbeatIntervalMs: init.heartbeatIntervalMs,
    limits: init.limits,
    ...(init.site.caps?.maxUploadBytes ? { maxUploadBytes: init.site.caps.maxUploadBytes } : {}),
  });
  port.on('message', (m: { kind: 'stop' }) => {
    if (m.kind !== 'stop') return;
    void client
      .stop()
      .then(() => {
        executor.dispose();
        post({ kind: 'stopped', fitLog: executor.fitLog });
        port.close();
      })
      .catch((err: unknown) => post({ kind: 'error', message: `stopping site ${init.site.id}: ${errorMessage(err)}` }));
  });
  await client.start();
  post({ kind: 'ready' });
} catch (err) {
  post({ kind: 'error', message: `site ${init.site.id} could not start in its thread: ${errorMessage(err)}` });
  port.close();
}
