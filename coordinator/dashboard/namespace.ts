/**
 * The dashboard's live feed: a read-only socket.io namespace (`/dashboard`) on the coordinator's own
 * server. A client gets a `snapshot` on connect and again whenever the run changes (at most every
 * `intervalMs`); it can send nothing: no handler is registered for any client event, and the namespace
 * shares no code path with the sites' namespace.
 */
import type { Namespace, Server } from 'socket.io';
import type { DashboardSnapshot, DashboardState } from './state.js';
import { refusal } from './access.js';

/** Events the dashboard namespace emits. */
export interface DashboardServerEvents {
  snapshot: (s: DashboardSnapshot) => void;
}

/**
 * Serves `state` on `io.of('/dashboard')`. Returns a function that stops the feed.
 * @example const stop = serveDashboardFeed(server.io, state, { token });
 */
export function serveDashboardFeed(io: Server, state: DashboardState, opts: { token?: string | undefined; intervalMs?: number }): () => void {
  const nsp = io.of('/dashboard') as unknown as Namespace<Record<never, never>, DashboardServerEvents>;
  nsp.use((socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown };
    const why = refusal(socket.handshake.address, opts.token, typeof auth.token === 'string' ? auth.token : undefined);
    next(why ? new Error(why) : undefined);
  });
  nsp.on('connection', (socket) => {
    socket.emit('snapshot', state.snapshot());
  });
  const interval = opts.intervalMs ?? 250;
  let timer: NodeJS.Timeout | undefined;
  const onChange = (): void => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      nsp.emit('snapshot', state.snapshot());
    }, interval);
  };
  state.on('change', onChange);
  return () => {
    state.off('change', onChange);
    if (timer) clearTimeout(timer);
    nsp.emit('snapshot', state.snapshot()); // the final state (e.g. 'finished') before the server closes
    nsp.disconnectSockets();
  };
}
