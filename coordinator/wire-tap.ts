/**
 * Watches the coordinator's socket.io connections without touching the protocol: wire bytes per site
 * (engine.io packets, so chunks, envelopes and acks all count), heartbeats, connects and disconnects, and
 * the two transfer phases of a fit — down: first outgoing chunk → the FitIns envelope; up: first incoming
 * chunk → the FitRes envelope. Only registered (authenticated) connections are counted, so an unknown
 * peer cannot invent metric labels.
 */
import type { CoordinatorServer } from './server.js';
import { notify, type RunObserver } from './observer.js';
import { trainCount } from './registry.js';

type Tapped = Parameters<Parameters<CoordinatorServer['io']['on']>[1]>[0];

function packetBytes(data: unknown): number {
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (data instanceof Uint8Array) return data.byteLength;
  if (data instanceof ArrayBuffer) return data.byteLength;
  return 0;
}

/** Per-connection state of the fit transfer tracker. */
interface FitTransfer {
  downStart?: number;
  fitSentAt?: number;
  upStart?: number;
}

function tapSocket(socket: Tapped, observer: RunObserver, currentRound: () => number): void {
  const registered = (): string | undefined => (socket.data.state === 'registered' ? socket.data.siteId : undefined);
  const conn = socket.conn as unknown as { on(ev: 'packet' | 'packetCreate', fn: (p: { data?: unknown }) => void): void };
  conn.on('packet', (p) => {
    const id = registered();
    if (id) notify(observer, 'onBytes', id, 'in', packetBytes(p.data));
  });
  conn.on('packetCreate', (p) => {
    const id = registered();
    if (id) notify(observer, 'onBytes', id, 'out', packetBytes(p.data));
  });
  const t: FitTransfer = {};
  socket.onAnyOutgoing((event: string) => {
    const now = performance.now();
    if (event === 'chunk' && t.downStart === undefined && t.fitSentAt === undefined) t.downStart = now;
    else if (event === 'evaluate' || event === 'runSpec' || event === 'trunk') delete t.downStart;
    else if (event === 'fit') {
      const id = registered();
      if (id) notify(observer, 'onPhase', currentRound(), 'transferDown', (now - (t.downStart ?? now)) / 1000, id);
      delete t.downStart;
      t.fitSentAt = now;
    }
  });
  socket.onAny((event: string) => {
    const now = performance.now();
    const id = registered();
    if (!id) return;
    if (event === 'heartbeat') notify(observer, 'onHeartbeat', id);
    else if (event === 'chunk' && t.fitSentAt !== undefined && t.upStart === undefined) t.upStart = now;
    else if (event === 'fitRes' && t.fitSentAt !== undefined) {
      notify(observer, 'onPhase', currentRound(), 'transferUp', (now - (t.upStart ?? now)) / 1000, id);
      delete t.fitSentAt;
      delete t.upStart;
    } else if (event === 'failure') {
      delete t.fitSentAt;
      delete t.upStart;
    }
  });
}

/**
 * Reports `server`'s connections to `observer`. `currentRound` names the round transfers belong to.
 * @example observeServer(server, combineObservers(metrics, dashboard), () => dashboard.round);
 */
export function observeServer(server: CoordinatorServer, observer: RunObserver, currentRound: () => number): void {
  server.io.on('connection', (socket) => tapSocket(socket, observer, currentRound));
  server.on('siteConnected', (proxy, reg) => notify(observer, 'onSiteStatus', { siteId: proxy.siteId, activity: 'connected', numExamples: trainCount(reg) }));
  server.on('siteDisconnected', (siteId, _proxy, reason) => notify(observer, 'onSiteStatus', { siteId, activity: 'disconnected', reason }));
}
