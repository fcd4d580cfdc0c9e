/**
 * The site's transport: connects to the coordinator (socket.io), authenticates mutually — it verifies the
 * coordinator's HMAC before doing anything (`handshake.ts`) — registers its counts, and runs the coordinator's
 * requests on a `SiteHandler`, sending heartbeats while a task runs (`tasks.ts`). Reconnects with backoff and
 * jitter and re-registers.
 *
 * Patient data never leaves, by construction: the only frames this client emits are produced by the serde
 * encoders of Hello, ChallengeResponse, Register, Heartbeat, Chunk/Envelope of FitRes or EvaluateRes,
 * Failure and Reply, all through `request` below. There is no generic send; FitRes must carry exactly the
 * tensor names and shapes the coordinator sent, the encoders copy only schema fields, and error text is
 * redacted (`redact.ts`).
 * @example
 * const client = new SiteClient({ url, siteId: 'KM', key, handler: executor });
 * await client.start(); // resolves once registered; rejects on AuthError (impostor or wrong key)
 */
import { EventEmitter } from 'node:events';
import { io } from 'socket.io-client';
import { AuthError, ConfigError, ProtocolError, UnavailableError, errorMessage, VersionError } from '../shared/domain/errors.js';
import { logger } from '../shared/log.js';
import { parseKey } from '../shared/federation/hmac.js';
import { errorFromBytes } from '../shared/federation/serde-control.js';
import { withAckTimeout } from '../shared/federation/transport.js';
import type { SiteHandler } from '../shared/federation/types.js';
import { isLoopbackHost, resolveWireLimits, type WireLimits } from '../shared/federation/wire-limits.js';
import { handshake } from './handshake.js';
import { Backoff, resolveBackoff, type BackoffOptions } from './reconnect.js';
import type { SiteEvent, SiteSocket } from './site-socket.js';
import { TaskServer } from './tasks.js';
import type { TaskKind } from '../shared/domain/kinds.js';

const log = logger('site-client.client');

/** Options of a site's connection. */
export interface SiteClientOptions {
  /** Coordinator URL (`https://host:port`; `http://` only on loopback unless `insecure`). */
  readonly url: string;
  readonly siteId: string;
  /** Pre-shared key (hex/base64 text or bytes). */
  readonly key: Uint8Array | string;
  readonly handler: SiteHandler;
  /** PEM CA certificate(s) to pin the coordinator's TLS certificate to. @default system CAs */
  readonly ca?: string | Buffer;
  /** PEM client certificate (CN = site id) and its key, for a coordinator that requires mutual TLS. */
  readonly clientCert?: string | Buffer;
  readonly clientKey?: string | Buffer;
  /** Allow plaintext to a non-loopback coordinator. @default false */
  readonly insecure?: boolean;
  /** Heartbeat period while a task runs. @default 5_000 */
  readonly heartbeatIntervalMs?: number;
  /** Operator cap on one uploaded message (bytes); larger results are refused, not sent. @default unlimited */
  readonly maxUploadBytes?: number;
  /** @default DEFAULT_WIRE_LIMITS */
  readonly limits?: Partial<WireLimits>;
  /** Reconnection backoff; `false` disables reconnection. @default DEFAULT_BACKOFF */
  readonly reconnect?: Partial<BackoffOptions> | false;
  /** Called with every frame this client sends (event and bytes), e.g. for the site's audit log. */
  readonly onSend?: (event: SiteEvent | 'reply', frame: Uint8Array) => void;
}

/** Events of a site client. */
export interface SiteClientEvents {
  /** Authenticated (both ways) and registered. */
  registered: [];
  disconnected: [reason: string];
  /** Authentication or version failure: the client stopped and will not reconnect. */
  fatal: [error: Error];
  /** A task failed or its result was refused. */
  taskFailed: [kind: TaskKind, round: number, error: Error];
}

/** A site's connection to the coordinator. */
export class SiteClient extends EventEmitter<SiteClientEvents> {
  private readonly key: Uint8Array;
  private readonly limits: WireLimits;
  private readonly backoff: Backoff | undefined;
  private socket: SiteSocket | undefined;
  private registered = false;
  /** The socket whose coordinator proved the key (requests from any other are refused). */
  private verified: SiteSocket | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly tasks: TaskServer;
  private started: { resolve: () => void; reject: (e: Error) => void } | undefined;

  constructor(private readonly opts: SiteClientOptions) {
    super();
    this.key = typeof opts.key === 'string' ? parseKey(opts.key) : opts.key;
    this.limits = resolveWireLimits(opts.limits);
    this.tasks = new TaskServer({
      siteId: opts.siteId,
      handler: opts.handler,
      limits: this.limits,
      heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 5_000,
      maxUploadBytes: opts.maxUploadBytes ?? Infinity,
      send: (socket, event, frame, ms) => this.request(socket, event, frame, ms),
      onSend: opts.onSend,
      trusts: (socket) => this.verified === socket && this.socket === socket,
      onTaskFailed: (kind, round, error) => this.emit('taskFailed', kind, round, error),
    });
    this.backoff = opts.reconnect === false ? undefined : new Backoff(resolveBackoff(opts.reconnect));
    const u = new URL(opts.url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new ConfigError(`coordinator URL must be http(s), got ${opts.url}`);
    if (u.protocol === 'http:' && !isLoopbackHost(u.hostname) && !opts.insecure) {
      throw new ConfigError(`refusing plaintext to ${u.host}: use https:// (with a pinned CA) or pass --insecure`);
    }
  }

  /** Whether the client is authenticated and registered now. */
  get isRegistered(): boolean {
    return this.registered;
  }

  /** Connects; resolves once registered, rejects on a fatal (auth/version) error. Retries transport errors. */
  start(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.started = { resolve, reject };
      this.connect();
    });
  }

  /** Disconnects and stops reconnecting. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.socket?.disconnect();
    this.socket = undefined;
    this.registered = false;
    await Promise.resolve();
  }

  private connect(): void {
    if (this.stopped) return;
    const socket: SiteSocket = io(this.opts.url, {
      reconnection: false, // our own backoff re-runs the whole handshake on a fresh socket
      forceNew: true,
      transports: ['websocket'],
      ...(this.opts.ca ? { ca: this.opts.ca.toString(), rejectUnauthorized: true } : {}),
      ...(this.opts.clientCert && this.opts.clientKey ? { cert: this.opts.clientCert.toString(), key: this.opts.clientKey.toString() } : {}),
    });
    this.socket = socket;
    this.tasks.reset();
    for (const { event, handler } of this.tasks.handlers(socket)) socket.on(event, handler as never);
    socket.on('connect', () => {
      this.register(socket).catch((err: unknown) => this.onHandshakeError(socket, err));
    });
    socket.on('connect_error', (err) => {
      const why = describeConnectError(err);
      log.warn({ url: this.opts.url, err: why }, 'connection failed');
      this.retry(socket, why);
    });
    socket.on('fault', (frame) => {
      let err: Error;
      try {
        err = errorFromBytes(frame);
      } catch (e) {
        err = e as Error;
      }
      log.warn({ err: err.message }, 'coordinator reported a fault');
      // The coordinator refused us and is about to disconnect: an auth/version refusal is final.
      if (err instanceof AuthError || err instanceof VersionError) this.onHandshakeError(socket, err);
    });
    socket.on('disconnect', (reason) => {
      const was = this.registered;
      this.registered = false;
      if (was) this.emit('disconnected', reason);
      log.warn({ reason }, 'disconnected');
      this.retry(socket, reason);
    });
  }

  private retry(socket: SiteSocket, why = 'disconnected'): void {
    if (this.socket !== socket || this.stopped) return;
    socket.removeAllListeners();
    socket.disconnect();
    this.socket = undefined;
    if (!this.backoff) {
      this.failStart(new UnavailableError(`cannot reach coordinator at ${this.opts.url}: ${why} (reconnection disabled)`));
      return;
    }
    const delay = this.backoff.next();
    log.info({ delayMs: delay, attempt: this.backoff.attempts }, 'reconnecting');
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private onHandshakeError(socket: SiteSocket, err: unknown): void {
    if (this.stopped) return;
    const e = err instanceof Error ? err : new ProtocolError(errorMessage(err));
    if (e instanceof AuthError || e instanceof VersionError) {
      log.error({ err: e.message }, 'authentication failed: stopping');
      this.stopped = true;
      socket.removeAllListeners();
      socket.disconnect();
      this.socket = undefined;
      this.failStart(e);
      this.emit('fatal', e);
      return;
    }
    log.warn({ err: e.message }, 'handshake failed');
    this.retry(socket);
  }

  private failStart(err: Error): void {
    this.started?.reject(err);
    this.started = undefined;
  }

  /** Authenticates both ways and registers (`handshake.ts`), then resolves `start()`. */
  private async register(socket: SiteSocket): Promise<void> {
    const { siteId, handler } = this.opts;
    await handshake(socket, { siteId, key: this.key, handler }, (s, event, frame, ms) => this.request(s, event, frame, ms), () => {
      this.verified = socket;
    });
    this.registered = true;
    this.backoff?.reset();
    log.info({ url: this.opts.url, site: siteId }, 'registered with the coordinator');
    this.started?.resolve();
    this.started = undefined;
    this.emit('registered');
  }

  /** The one way frames leave this site: a typed event, a serde-produced frame, an ack timeout. */
  private async request(socket: SiteSocket, event: SiteEvent, frame: Uint8Array, timeoutMs = this.limits.ackTimeoutMs): Promise<unknown> {
    this.opts.onSend?.(event, frame);
    return withAckTimeout(socket.timeout(timeoutMs).emitWithAck(event, frame), event, timeoutMs);
  }
}

/** socket.io's connect_error says "websocket error"; the cause (e.g. a TLS verification failure) is nested. */
function describeConnectError(err: Error): string {
  const d = (err as Error & { description?: unknown }).description;
  const inner = d instanceof Error ? d : (d as { error?: unknown } | undefined)?.error;
  return inner instanceof Error ? `${err.message}: ${inner.message}` : err.message;
}
