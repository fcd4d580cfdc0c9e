/**
 * Coordinator + N sites on one machine, with the same code paths as a real deployment: the round loop,
 * strategies, validation, ledger and site executors are identical; only the transport differs —
 * real socket.io on 127.0.0.1 port 0 (HMAC handshake, chunks, heartbeats) or in-memory proxies.
 */
import { CoordinatorServer } from '../coordinator/server.js';
import type { SocketClientProxy } from '../coordinator/socket-proxy.js';
import { ConfigError } from '../shared/domain/errors.js';
import { generateKeyHex } from '../shared/federation/hmac.js';
import { InMemoryProxy } from './in-memory-proxy.js';
import { PROTOCOL_VERSION } from '../shared/federation/wire-limits.js';
import type { WireDType } from '../shared/domain/tensor-set.js';
import type { WireLimits } from '../shared/federation/wire-limits.js';
import { SiteClient } from '../site-client/client.js';
import { SiteExecutor } from '../site-client/executor.js';
import type { SimSite } from './sim-site.js';
import { SiteRegistry } from '../coordinator/registry.js';
import { FederatedRun, type InitialModel, type RunOptions, type RunResult } from '../coordinator/run.js';
import type { RoundOutcome } from '../coordinator/rounds.js';
import type { CoordinatorOps } from '../coordinator/ops.js';
import { combineObservers, notify, type RunObserver } from '../coordinator/observer.js';
import { startThreadSites, type ThreadSites } from './thread-sites.js';
import type { ThreadFitLog } from './thread-messages.js';

export type { SimSite } from './sim-site.js';

/** Options of `runSimulation`. */
export interface SimulationOptions {
  readonly run: RunOptions;
  readonly initial: InitialModel;
  readonly sites: readonly SimSite[];
  /** @default 'socket' */
  readonly transport?: 'socket' | 'memory';
  /** @default 'float32' */
  readonly wireDType?: WireDType;
  /** @default 10 */
  readonly minReportExamples?: number;
  readonly onRound?: (o: RoundOutcome) => void;
  /** Site heartbeat period while training (socket only). @default 2000 */
  readonly heartbeatIntervalMs?: number;
  /**
   * Wire limits for server and clients. Defaults raise the ack/transfer timeouts to 10 min: in-process
   * sites share one event loop, so a site's ack can wait behind another site's synchronous tfjs compute.
   */
  readonly limits?: Partial<WireLimits>;
  /** Dashboard + metrics: served on the coordinator's server (socket transport) and fed by the run. */
  readonly ops?: CoordinatorOps;
  /** Also watches the run (e.g. terminal progress bars). */
  readonly observer?: RunObserver;
  /** Called once the coordinator listens (socket transport), e.g. to print the dashboard URL. */
  readonly onListening?: (url: string) => void;
  /**
   * Socket transport: run each site in its own worker thread (`thread-sites.ts`), as separate site processes
   * would, instead of in this thread beside the coordinator; `executors` is then empty (see `fitLogs`).
   * @default false
   */
  readonly siteThreads?: boolean;
}

/** What a simulation returns. */
export interface SimulationResult {
  readonly result: RunResult;
  readonly runId: string;
  readonly executors: readonly SiteExecutor[];
  /** Each site's training time per fit, by site id (from its executor, in this thread or in its own). */
  readonly fitLogs: ReadonlyMap<string, readonly ThreadFitLog[]>;
  /** Encoded bytes the coordinator sent to / received from each site (socket transport only). */
  readonly traffic: ReadonlyMap<string, { sentBytes: number; receivedBytes: number }>;
  readonly ledgerPath: string;
}

/** Runs a whole federated run in this process. @example await runSimulation({ run, initial, sites, transport: 'memory' }) */
export async function runSimulation(o: SimulationOptions): Promise<SimulationResult> {
  const threaded = o.siteThreads === true;
  if (threaded && (o.transport ?? 'socket') !== 'socket') throw new ConfigError('siteThreads needs the socket transport');
  const executors = (threaded ? [] : o.sites).map(
    (s) =>
      new SiteExecutor({
        ...s.options,
        siteId: s.id,
        data: s.data,
        ...(s.caps ? { caps: s.caps } : {}),
        minReportExamples: o.minReportExamples ?? 10,
      }),
  );
  const transport = o.transport ?? 'socket';
  const limits: Partial<WireLimits> = { ackTimeoutMs: 600_000, transferTimeoutMs: 600_000, ...o.limits };
  const keys = new Map(o.sites.map((s) => [s.id, generateKeyHex()]));
  const registry = new SiteRegistry(transport === 'socket' ? keys : new Map());
  const traffic = new Map<string, { sentBytes: number; receivedBytes: number }>();
  let server: CoordinatorServer | undefined;
  const clients: SiteClient[] = [];
  let threads: ThreadSites | undefined;
  try {
    if (transport === 'socket') {
      server = await CoordinatorServer.start({
        host: '127.0.0.1',
        port: 0,
        siteKey: (id) => keys.get(id),
        limits,
        ...(o.wireDType ? { wireDType: o.wireDType } : {}),
        ...(o.ops ? { routes: o.ops.routes } : {}),
      });
      o.ops?.attach(server);
      o.onListening?.(server.url);
      server.on('siteConnected', (proxy: SocketClientProxy, reg) => {
        traffic.set(proxy.siteId, proxy.traffic);
        registry.add(proxy, reg);
      });
      server.on('siteDisconnected', (id, proxy) => registry.remove(id, proxy));
      if (threaded) {
        const minReportExamples = o.minReportExamples ?? 10;
        threads = await startThreadSites(o.sites.map((site) => ({ url: (server as CoordinatorServer).url, key: keys.get(site.id) as string, site, heartbeatIntervalMs: o.heartbeatIntervalMs ?? 2000, limits, minReportExamples })));
      }
      for (const [i, e] of executors.entries()) {
        const s = o.sites[i] as SimSite;
        const client = new SiteClient({
          url: server.url,
          siteId: s.id,
          key: keys.get(s.id) as string,
          handler: e,
          heartbeatIntervalMs: o.heartbeatIntervalMs ?? 2000,
          limits,
          ...(s.caps?.maxUploadBytes ? { maxUploadBytes: s.caps.maxUploadBytes } : {}),
        });
        clients.push(client);
      }
      await Promise.all(clients.map((c) => c.start()));
      await registry.waitFor(o.sites.length, 30_000);
    } else {
      for (const e of executors) {
        const d = await e.describe();
        registry.add(new InMemoryProxy(e), { siteId: e.siteId, protocolVersion: PROTOCOL_VERSION, ...d });
        notify(o.ops?.observer, 'onSiteStatus', { siteId: e.siteId, activity: 'connected', numExamples: d.counts.train.normal + d.counts.train.disease });
      }
    }
    const run = await FederatedRun.create(o.run, o.initial, registry);
    if (o.ops || o.observer) run.observe(combineObservers(o.ops?.observer, o.observer));
    o.ops?.markReady();
    try {
      const result = await run.execute(o.onRound);
      const fitLogs = threads ? await threads.stop() : new Map(executors.map((e) => [e.siteId, e.fitLog]));
      threads = undefined;
      return { result, runId: run.runId, executors, fitLogs, traffic, ledgerPath: run.ledger.db.name };
    } finally {
      run.close();
    }
  } finally {
    await Promise.all(clients.map((c) => c.stop()));
    await threads?.stop();
    o.ops?.close();
    await server?.close();
    for (const e of executors) e.dispose();
  }
}
