/**
 * The coordinator's operator HTTP routes, served on its own HTTP(S) server beside socket.io:
 * `GET /` (dashboard page and its static files), `/api/summary` (the dashboard snapshot as JSON),
 * `/metrics` (Prometheus), `/readyz` (503 until the run is loaded). `/healthz` stays in server.ts.
 * Data routes follow the dashboard access rule (loopback, or the dashboard token); static files carry no data.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { CoordinatorMetrics } from './metrics.js';
import type { DashboardState } from './dashboard/state.js';
import { presentedToken, refusal } from './dashboard/access.js';

/** What the routes serve. */
export interface OpsRoutesOptions {
  readonly state: DashboardState;
  readonly metrics: CoordinatorMetrics;
  /** Dashboard token required off loopback; undefined = loopback only. */
  readonly token?: string | undefined;
  /** Whether the coordinator is ready for sites (the run is loaded). */
  readonly ready: () => boolean;
}

const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/dashboard/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/dashboard/plots.js': { file: 'plots.js', type: 'text/javascript; charset=utf-8' },
  '/dashboard/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

const staticDir = fileURLToPath(new URL('./dashboard/static/', import.meta.url));
/** socket.io-client's browser bundle (its `exports` hide dist/, so go from the package's entry point). */
const socketIoClient = (): string => {
  const entry = createRequire(import.meta.url).resolve('socket.io-client');
  const root = entry.slice(0, entry.lastIndexOf('/socket.io-client/') + '/socket.io-client/'.length);
  return `${root}dist/socket.io.min.js`;
};
const cache = new Map<string, Buffer>();
const read = (path: string): Buffer => {
  let b = cache.get(path);
  if (!b) cache.set(path, (b = readFileSync(path)));
  return b;
};

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // Everything is served from this origin: no CDN, no inline script.
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
};

/** The route handler for `CoordinatorServerOptions.routes`. */
export function opsRoutes(o: OpsRoutesOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const handle = route(o);
  return (req, res) => {
    try {
      return handle(req, res);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`internal error: ${err instanceof Error ? err.message : String(err)}\n`);
      return true;
    }
  };
}

function route(o: OpsRoutesOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = new URL(req.url ?? '/', 'http://coordinator');
    const send = (status: number, type: string, body: string | Buffer): true => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...SECURITY_HEADERS });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    };
    const guarded = (): boolean => {
      const why = refusal(req.socket.remoteAddress, o.token, presentedToken(req.headers.authorization, url));
      if (why) send(why.startsWith('wrong') || why.includes('required') ? 401 : 403, 'text/plain; charset=utf-8', `${why}\n`);
      return why === null;
    };
    const file = STATIC[url.pathname];
    if (file) return send(200, file.type, read(staticDir + file.file));
    switch (url.pathname) {
      case '/dashboard/socket.io.min.js':
        return send(200, 'text/javascript; charset=utf-8', read(socketIoClient()));
      case '/readyz':
        return o.ready() ? send(200, 'application/json', '{"status":"ready"}') : send(503, 'application/json', '{"status":"starting"}');
      case '/api/summary':
        return guarded() ? send(200, 'application/json', JSON.stringify(o.state.snapshot())) : true;
      case '/metrics':
        if (!guarded()) return true;
        void o.metrics.text().then(
          (text) => send(200, o.metrics.contentType, text),
          (err: unknown) => send(500, 'text/plain', `metrics failed: ${String(err)}\n`),
        );
        return true;
      default:
        return false;
    }
  };
}
