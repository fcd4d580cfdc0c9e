/**
 * The coordinator's transport: an HTTP(S) server with a `GET /healthz` endpoint and a socket.io server that
 * authenticates sites (registry check, protocol version, mutual HMAC-SHA256), then exposes each registered
 * connection as a `SocketClientProxy` through the 'siteConnected' event. Every incoming frame is checked
 * and decoded inside a try/catch: a malformed or oversized frame gets an Error reply and a log line, and the
 * server keeps serving.
 * @example
 * const server = await CoordinatorServer.start({ port: 0, siteKey: (id) => registry.keyFor(id) });
 * server.on('siteConnected', (proxy, reg) => registry.add(proxy, reg));
 * server.on('siteDisconnected', (siteId, proxy) => registry.remove(siteId, proxy));
 */
import { EventEmitter } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { Server } from 'socket.io';
import { AuthError, ProtocolError, errorMessage, VersionError } from '../shared/domain/errors.js';
import { logger } from '../shared/log.js';
import type { WireDType } from '../shared/domain/tensor-set.js';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '../shared/federation/events.js';
import { coordinatorProof, newNonce, parseKey, proofsEqual, siteProof } from '../shared/federation/hmac.js';
import { registerFromBytes } from '../shared/federation/serde.js';
import { challengeResponseFromBytes, errorToBytes, helloFromBytes, replyToBytes } from '../shared/federation/serde-control.js';
import { serveRequest } from '../shared/federation/transport.js';
import type { SiteRegistration } from '../shared/federation/types.js';
import { PROTOCOL_VERSION, resolveWireLimits, type WireLimits } from '../shared/federation/wire-limits.js';
import { BroadcastBytes } from './broadcast-bytes.js';
import { SESSION_EVENTS, SocketClientProxy, type CoordinatorSocket } from './socket-proxy.js';
import { assertTransportAllowed, type TlsMaterial } from './tls.js';
import { randomBytes } from 'node:crypto';
import { ByteBudget } from '../shared/federation/chunks.js';

const log = logger('coordinator.server');

/** The key unknown site ids are challenged against (random per process; never matches a real proof). */
const DECOY_KEY = new Uint8Array(randomBytes(32));

/** Options of the coordinator's transport. */
export interface CoordinatorServerOptions {
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /** TCP port (0 picks a free one). @default 0 */
  readonly port?: number;
  /** HTTPS when given; without it only loopback is allowed unless `insecure`. */
  readonly tls?: TlsMaterial;
  /** Allow plaintext off loopback. @default false */
  readonly insecure?: boolean;
  /** The pre-shared key of a site (hex/base64 text or bytes); undefined = unknown site, refused. */
  readonly siteKey: (siteId: string) => Uint8Array | string | undefined;
  /** @default DEFAULT_WIRE_LIMITS */
  readonly limits?: Partial<WireLimits>;
  /** dtype of tensors on the wire, both directions. @default 'float32' */
  readonly wireDType?: WireDType;
  /** A connection must register within this time. @default 10_000 */
  readonly handshakeTimeoutMs?: number;
  /** A task fails after this long without a heartbeat from its site. @default 60_000 */
  readonly heartbeatTimeoutMs?: number;
  /**
   * engine.io pong timeout. Generous because a site's training step can block its event loop for many
   * seconds (tfjs on CPU/wasm), and a missed pong drops the connection mid-round. @default 60_000
   */
  readonly pingTimeoutMs?: number;
  /** Extra HTTP routes (dashboard, /metrics, /readyz: see coordinator/ops.ts); returns true when it answered. */
  readonly routes?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

/** Events of the coordinator's transport. */
export interface CoordinatorServerEvents {
  /** A site authenticated and registered; `proxy` serves this connection only. */
  siteConnected: [proxy: SocketClientProxy, registration: SiteRegistration];
  /** A registered site's connection closed. */
  siteDisconnected: [siteId: string, proxy: SocketClientProxy, reason: string];
  /** A connection was refused (unknown site, wrong HMAC, version mismatch, handshake timeout). */
  refused: [siteId: string | undefined, reason: string];
}

/** The coordinator's socket.io endpoint. */
export class CoordinatorServer extends EventEmitter<CoordinatorServerEvents> {
  private readonly connections = new Map<string, { proxy: SocketClientProxy; registration: SiteRegistration }>();
  private readonly limits: WireLimits;
  /** Reassembly bytes all connections may hold together. */
  private readonly uploadBudget: ByteBudget;
  /** FitIns/EvaluateIns bytes encoded once per broadcast, shared by every site's proxy. */
  private readonly broadcast = new BroadcastBytes();

  private constructor(
    private readonly http: HttpServer,
    /** The socket.io server (e.g. to add a dashboard namespace, or to observe engine packets in tests). */
    readonly io: Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>,
    private readonly opts: CoordinatorServerOptions,
    /** The URL sites connect to. */
    readonly url: string,
  ) {
    super();
    this.limits = resolveWireLimits(opts.limits);
    this.uploadBudget = new ByteBudget(this.limits.maxTotalHeldBytes);
    io.on('connection', (socket) => this.onConnection(socket));
  }

  /** Starts listening; resolves once bound. Throws ConfigError for plaintext off loopback without `insecure`. */
  static async start(opts: CoordinatorServerOptions): Promise<CoordinatorServer> {
    const host = opts.host ?? '127.0.0.1';
    assertTransportAllowed(host, opts.tls, opts.insecure ?? false);
    const limits = resolveWireLimits(opts.limits);
    const ref: { server?: CoordinatorServer } = {};
    const onHttp = (req: IncomingMessage, res: ServerResponse): void => {
      if (opts.routes?.(req, res)) return;
      if (req.method === 'GET' && req.url === '/healthz') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'ok', protocolVersion: PROTOCOL_VERSION, sites: ref.server?.sites().length ?? 0 }));
      } else if (!req.url?.startsWith('/socket.io/')) {
        res.writeHead(404).end();
      }
    };
    const http = opts.tls
      ? createHttpsServer(
          {
            cert: opts.tls.cert,
            key: opts.tls.key,
            // A CA means mutual TLS: every site must present a certificate it signed (checked again in hello).
            ...(opts.tls.ca ? { ca: opts.tls.ca, requestCert: true, rejectUnauthorized: true } : {}),
          },
          onHttp,
        )
      : createHttpServer(onHttp);
    const io = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(http, {
      // Deliberate: one chunk plus headroom; larger frames are refused by the transport before parsing.
      maxHttpBufferSize: limits.maxHttpBufferSize,
      serveClient: false,
      perMessageDeflate: false, // float weights barely compress; deflating 4 MiB frames costs CPU on both ends
      httpCompression: false,
      pingTimeout: opts.pingTimeoutMs ?? 60_000,
    });
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(opts.port ?? 0, host, () => {
        http.off('error', reject);
        resolve();
      });
    });
    const port = (http.address() as AddressInfo).port;
    const urlHost = host.includes(':') ? `[${host}]` : host;
    const server = new CoordinatorServer(http, io, opts, `${opts.tls ? 'https' : 'http'}://${urlHost}:${port}`);
    ref.server = server;
    log.info({ url: server.url, tls: Boolean(opts.tls), chunkBytes: limits.chunkBytes }, 'coordinator listening');
    return server;
  }

  /** The bound port. */
  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  /** Registrations of the connected sites, in site-id order. */
  sites(): SiteRegistration[] {
    return [...this.connections.values()].map((c) => c.registration).sort((a, b) => (a.siteId < b.siteId ? -1 : 1));
  }

  /** The proxy of a connected site. */
  proxy(siteId: string): SocketClientProxy | undefined {
    return this.connections.get(siteId)?.proxy;
  }

  /** Disconnects every site and stops listening. */
  async close(): Promise<void> {
    for (const c of this.connections.values()) c.proxy.disconnect();
    await this.io.close(); // also closes the HTTP server
    this.http.closeAllConnections?.();
  }

  /** A new connection: the handshake (hello → auth → register) on this socket, then its proxy owns it. */
  private onConnection(socket: CoordinatorSocket): void {
    socket.data = { state: 'new', siteId: undefined, serverNonce: undefined };
    const timeoutMs = this.opts.handshakeTimeoutMs ?? 10_000;
    const timer = setTimeout(() => {
      if (socket.data.state !== 'registered') this.refuse(socket, new AuthError(`handshake not completed within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('disconnect', () => clearTimeout(timer));
    const fatal = (err: unknown): void => {
      if (err instanceof AuthError || err instanceof VersionError) this.refuse(socket, err);
    };
    const on = (event: 'hello' | 'auth' | 'register', fn: (frame: Uint8Array) => Uint8Array): void => {
      socket.on(event, serveRequest(log, event, this.limits.maxFrameBytes, fn, fatal));
    };
    // Until registration hands the socket to its proxy, the session events are refused by state.
    const early = SESSION_EVENTS.map((event) => {
      const fn = serveRequest(log, event, this.limits.maxFrameBytes, () => {
        throw new ProtocolError(`${event} not allowed in state ${socket.data.state}`);
      });
      socket.on(event, fn);
      return [event, fn] as const;
    });
    on('hello', (frame) => this.hello(socket, frame));
    on('auth', (frame) => this.auth(socket, frame));
    on('register', (frame) => {
      const reply = this.register(socket, frame); // the proxy now listens for the session events
      for (const [event, fn] of early) socket.off(event, fn);
      clearTimeout(timer);
      return reply;
    });
  }

  /** Hello: protocol version, a known site, its certificate under mTLS; answers with a challenge. */
  private hello(socket: CoordinatorSocket, frame: Uint8Array): Uint8Array {
    need(socket, 'new', 'hello');
    const hello = helloFromBytes(frame);
    socket.data.siteId = hello.siteId;
    if (hello.protocolVersion !== PROTOCOL_VERSION) {
      throw new VersionError(`site speaks protocol version ${hello.protocolVersion}; this coordinator speaks ${PROTOCOL_VERSION}`);
    }
    if (this.opts.tls?.ca) checkClientCertificate(socket, hello.siteId);
    const serverNonce = newNonce();
    socket.data.serverNonce = serverNonce;
    socket.data.state = 'challenged';
    return replyToBytes({ kind: 'challenge', protocolVersion: PROTOCOL_VERSION, serverNonce });
  }

  /** ChallengeResponse: the site's HMAC proof; answers with the coordinator's proof. */
  private auth(socket: CoordinatorSocket, frame: Uint8Array): Uint8Array {
    need(socket, 'challenged', 'auth');
    const r = challengeResponseFromBytes(frame);
    const siteId = socket.data.siteId ?? '';
    const serverNonce = socket.data.serverNonce ?? new Uint8Array();
    if (r.siteId !== siteId) throw new AuthError(`auth names site ${r.siteId}, hello named ${siteId}`);
    // An unknown id is challenged too (against a random decoy key) and refused like a wrong key, so replies
    // never reveal which site ids exist; only the local log says which it was.
    const k = this.key(siteId);
    const ok = proofsEqual(siteProof(k ?? DECOY_KEY, siteId, serverNonce, r.siteNonce), r.siteProof) && k !== undefined;
    if (!ok) {
      log.warn({ site: siteId, addr: socket.handshake.address, why: k === undefined ? 'unknown site id' : 'wrong key' }, 'authentication failed');
      throw new AuthError(`site ${siteId} failed the HMAC challenge (unknown site or wrong key)`);
    }
    socket.data.state = 'authenticated';
    return replyToBytes({ kind: 'serverProof', coordinatorProof: coordinatorProof(k, siteId, serverNonce, r.siteNonce) });
  }

  /** Register: hands the socket to a new SocketClientProxy (replacing the site's older connection). */
  private register(socket: CoordinatorSocket, frame: Uint8Array): Uint8Array {
    need(socket, 'authenticated', 'register');
    const reg = registerFromBytes(frame);
    if (reg.siteId !== socket.data.siteId) throw new AuthError(`register names site ${reg.siteId}, but the connection authenticated as ${socket.data.siteId}`);
    if (reg.protocolVersion !== PROTOCOL_VERSION) throw new VersionError(`register: protocol version ${reg.protocolVersion} ≠ ${PROTOCOL_VERSION}`);
    const old = this.connections.get(reg.siteId);
    if (old) {
      log.warn({ site: reg.siteId }, 'site reconnected: replacing its older connection');
      old.proxy.disconnect();
    }
    socket.data.state = 'registered';
    const proxy = SocketClientProxy.attach(socket, reg.siteId, {
      limits: this.limits,
      uploadBudget: this.uploadBudget,
      broadcast: this.broadcast,
      wireDType: this.opts.wireDType ?? 'float32',
      heartbeatTimeoutMs: this.opts.heartbeatTimeoutMs ?? 60_000,
      onClose: (p, reason) => this.onSiteClosed(p, reason),
      capabilities: reg.capabilities,
    });
    this.connections.set(reg.siteId, { proxy, registration: reg });
    log.info({ site: reg.siteId, addr: socket.handshake.address, counts: reg.counts, capabilities: reg.capabilities }, 'site registered');
    setImmediate(() => this.emit('siteConnected', proxy, reg));
    return replyToBytes({ kind: 'ok' });
  }

  private onSiteClosed(proxy: SocketClientProxy, reason: string): void {
    if (this.connections.get(proxy.siteId)?.proxy === proxy) this.connections.delete(proxy.siteId);
    log.warn({ site: proxy.siteId, reason }, 'site disconnected');
    this.emit('siteDisconnected', proxy.siteId, proxy, reason);
  }

  /** Tells the site why, then drops it (after the ack has been written: packets are ordered). */
  private refuse(socket: CoordinatorSocket, err: unknown): void {
    log.warn({ site: socket.data.siteId, addr: socket.handshake.address, err: errorMessage(err) }, 'connection refused');
    this.emit('refused', socket.data.siteId, errorMessage(err));
    socket.emit('fault', errorToBytes(err));
    setImmediate(() => socket.disconnect(true));
  }

  /** The pre-shared key of `siteId`, or undefined for an unknown site. */
  private key(siteId: string): Uint8Array | undefined {
    const k = this.opts.siteKey(siteId);
    if (k === undefined) return undefined;
    return typeof k === 'string' ? parseKey(k) : k;
  }
}

/** Throws unless the connection is in handshake state `state`. */
function need(socket: CoordinatorSocket, state: SocketData['state'], event: string): void {
  if (socket.data.state !== state) throw new ProtocolError(`${event} not allowed in state ${socket.data.state}`);
}

/** Under mutual TLS, the site's certificate must name the site it claims (CN or a DNS SAN equal to the id). */
function checkClientCertificate(socket: CoordinatorSocket, siteId: string): void {
  const tlsSocket = socket.conn.request.socket as TLSSocket;
  const cert = typeof tlsSocket.getPeerCertificate === 'function' ? tlsSocket.getPeerCertificate() : undefined;
  if (!cert || !tlsSocket.authorized) throw new AuthError(`site ${siteId} presented no trusted client certificate`);
  const cn = cert.subject?.CN;
  const names = [...(Array.isArray(cn) ? cn : cn ? [cn] : []), ...(cert.subjectaltname ?? '').split(/,\s*/).filter((n) => n.startsWith('DNS:')).map((n) => n.slice(4))];
  if (!names.includes(siteId)) throw new AuthError(`client certificate names ${names.join(', ') || 'nothing'}, not site ${siteId}`);
}
