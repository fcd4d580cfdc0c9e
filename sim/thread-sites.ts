/**
 * Simulated sites in worker threads, one each (`site-thread.ts`): the deployment-like layout, where every site
 * is its own process, so the sites' encoding and training do not share the coordinator's thread. The in-process
 * layout (`simulation.ts` without `siteThreads`) stays the default.
 */
import { Worker } from 'node:worker_threads';
import { UnavailableError } from '../shared/domain/errors.js';
import type { SiteThreadInit, SiteThreadReply, ThreadFitLog } from './thread-messages.js';

const SHIM = new URL('../bin/ts-worker.js', import.meta.url);
const ENTRY = new URL('./site-thread.ts', import.meta.url).href;

/** Started site threads: stop them to collect each site's fit log. */
export interface ThreadSites {
  /** Disconnects every site, ends its thread and returns the fit logs by site id. */
  stop(): Promise<Map<string, readonly ThreadFitLog[]>>;
}

/** The next reply of `w` that satisfies `want`; rejects on an `error` reply, a worker error or an exit. */
function next(w: Worker, siteId: string, want: SiteThreadReply['kind']): Promise<SiteThreadReply> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
    };
    const onMessage = (m: SiteThreadReply): void => {
      if (m.kind === 'error') {
        done();
        reject(new UnavailableError(m.message));
      } else if (m.kind === want) {
        done();
        resolve(m);
      }
    };
    const onError = (err: Error): void => {
      done();
      reject(new UnavailableError(`site ${siteId}'s thread failed: ${err.message}`, { cause: err }));
    };
    const onExit = (code: number): void => {
      done();
      reject(new UnavailableError(`site ${siteId}'s thread exited (code ${code}) before "${want}"`));
    };
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
  });
}

/** Starts one thread per site and resolves once every site has connected (or rejects, ending them all). */
export async function startThreadSites(inits: readonly SiteThreadInit[]): Promise<ThreadSites> {
  const workers = inits.map((init) => ({ id: init.site.id, w: new Worker(SHIM, { workerData: { ...init, entry: ENTRY } }) }));
  try {
    await Promise.all(workers.map(({ id, w }) => next(w, id, 'ready')));
  } catch (err) {
    await Promise.all(workers.map(({ w }) => w.terminate()));
    throw err;
  }
  return {
    async stop() {
      const logs = new Map<string, readonly ThreadFitLog[]>();
      await Promise.all(
        workers.map(async ({ id, w }) => {
          const stopped = next(w, id, 'stopped');
          w.postMessage({ kind: 'stop' });
          try {
            const m = await stopped;
            if (m.kind === 'stopped') logs.set(id, m.fitLog);
          } finally {
            await w.terminate();
          }
        }),
      );
      return logs;
    },
  };
}
