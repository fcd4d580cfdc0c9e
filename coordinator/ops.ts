/**
 * Everything an operator watches, wired in one place: dashboard state, Prometheus metrics, the wire tap,
 * the read-only `/dashboard` namespace and the HTTP routes. Create it before the server (its routes go
 * into the server options), then `attach` it to the server and to the run.
 * @example
 * const ops = new CoordinatorOps({ token });
 * const server = await CoordinatorServer.start({ ...opts, routes: ops.routes });
 * ops.attach(server); run.observe(ops.observer);
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { combineObservers, type RunObserver } from './observer.js';
import { CoordinatorMetrics } from './metrics.js';
import { DashboardState } from './dashboard/state.js';
import { serveDashboardFeed } from './dashboard/namespace.js';
import { opsRoutes } from './http.js';
import type { CoordinatorServer } from './server.js';
import { observeServer } from './wire-tap.js';

/** Options of the operator surface. */
export interface CoordinatorOpsOptions {
  /** Dashboard/metrics token required off loopback. @default undefined (loopback only) */
  readonly token?: string | undefined;
  /** Export Node process metrics too. @default true */
  readonly processMetrics?: boolean;
  /** Extra observer (e.g. terminal progress). */
  readonly extra?: RunObserver;
}

/** Dashboard + metrics of one coordinator. */
export class CoordinatorOps {
  readonly state = new DashboardState();
  readonly metrics: CoordinatorMetrics;
  /** Give this to `FederatedRun.observe`. */
  readonly observer: RunObserver;
  /** Give this to `CoordinatorServer.start({ routes })`. */
  readonly routes: (req: IncomingMessage, res: ServerResponse) => boolean;
  private ready = false;
  private stopFeed: (() => void) | undefined;

  constructor(private readonly opts: CoordinatorOpsOptions = {}) {
    this.metrics = new CoordinatorMetrics({ processMetrics: opts.processMetrics ?? true });
    this.observer = combineObservers(this.state, this.metrics, opts.extra);
    this.routes = opsRoutes({ state: this.state, metrics: this.metrics, token: opts.token, ready: () => this.ready });
  }

  /** Taps the server's connections and serves the dashboard namespace on it. */
  attach(server: CoordinatorServer): void {
    observeServer(server, this.observer, () => this.state.round);
    this.stopFeed = serveDashboardFeed(server.io as never, this.state, { token: this.opts.token });
  }

  /** Marks the coordinator ready (`/readyz` → 200): call once the run is loaded. */
  markReady(): void {
    this.ready = true;
  }

  /** Stops the live feed (the server closes the rest). */
  close(): void {
    this.stopFeed?.();
  }
}
